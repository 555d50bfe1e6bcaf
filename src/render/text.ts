/** Text hygiene shared by every output: ANSI stripping, XML-safe characters, truncation with a note. */

// CSI and OSC sequences, plus lone two-character escapes
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

// Characters XML 1.0 forbids: C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF.
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every character an ANSI sequence or an XML-forbidden character starts with (surrogates, paired or not). */
const MAYBE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text safe for XML files (and readable in HTML): ANSI removed, forbidden characters shown as \uXXXX. */
export function xmlSafe(text: string): string {
  // most texts hold none of the characters either pattern starts with (ESC is among the controls)
  if (!MAYBE_UNSAFE.test(text)) return text;
  return stripAnsi(text).replace(XML_FORBIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `maxChars`, cut at a character boundary, with a note saying how much was left out. */
export function truncate(text: string, maxChars: number, what = 'text'): string {
  if (text.length <= maxChars) return text;
  let cut = maxChars;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // never split a surrogate pair
  const omitted = text.length - cut;
  return `${text.slice(0, cut)}\n… (${what} truncated: ${omitted.toLocaleString('en-US')} more characters)`;
}

export function formatDuration(ms: number): string {
  // sub-millisecond precision where it matters: a fractional time under 10 ms keeps two decimals
  if (ms < 10 && !Number.isInteger(ms)) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A value quoted for messages: strings in JSON quotes, lists as JSON arrays, null as (none). */
export function quote(value: string | string[] | number | null | undefined): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? '(none)' : `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return JSON.stringify(value);
}

/** `1 error`, `2 errors`: a count with its noun agreeing (`plural` for irregular nouns). */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** `1 error`, `2 errors`, the number as given. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
