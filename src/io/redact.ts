/**
 * The one redaction point. Every byte clova-regress writes — console, report files, error
 * messages, logs — passes through `redact`. Secrets are registered once, where they enter the
 * process (the secret key from the environment, a generated mock key, a `${env.…}` value whose
 * name looks secret), in every spelling an output could give them: as given, base64, URL-encoded,
 * and escaped for JSON, HTML/XML and regexes.
 *
 * Masking the bytes at write time is the last net. Reports also cut and diff text before they
 * write it, and a secret cut in two would slip through; so results are masked as data too
 * (`redactValue`, applied by the reporter multiplexer before any reporter sees a result).
 */

export const MASK = '[REDACTED]';
const MIN_SECRET_LENGTH = 4; // shorter values would mask ordinary words
const secrets = new Set<string>();
let pattern: RegExp | undefined;
let probe: RegExp | undefined;
/** `probe` over serialized values: each spelling, and each as JSON escapes it. */
let textProbe: RegExp | undefined;
/** A spelling that begins or ends with a surrogate may pair with its neighbour, and JSON would not escape it. */
let surrogateEdge = false;
/** Counts registrations that added a spelling: a proof of cleanness holds for its generation only. */
let generation = 0;
/** The shortest registered spelling: shorter strings cannot hold one, and most strings of a result are short. */
let shortest = Infinity;

/** Every way an output may spell `value`: the forms a report, a log or a URL would carry. */
export function spellingsOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    ...new Set([
      value,
      Buffer.from(value, 'utf8').toString('base64'),
      Buffer.from(value, 'utf8').toString('base64url'),
      encodeURIComponent(value),
      json,
      json.replace(/</g, '\\u003c'), // JSON inside an HTML <script> block
      json.replace(/\//g, '\\/'), // JSON writers that escape `/`
      html,
      html.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
      html.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
      value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), // as a spec regex holds a `${env.…}` value
      ...hexSpellings(Buffer.from(value, 'utf8')),
      fullyEscaped(value), // every character as \uXXXX, as some JSON encoders write
    ]),
  ];
}

function hexSpellings(bytes: Buffer): string[] {
  const hex = bytes.toString('hex');
  return [hex, hex.toUpperCase()];
}

function fullyEscaped(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += `\\u${value.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  let added = false;
  for (const form of spellingsOf(value)) {
    if (form.length >= MIN_SECRET_LENGTH && !secrets.has(form)) {
      secrets.add(form);
      shortest = Math.min(shortest, form.length);
      surrogateEdge ||= isSurrogate(form.charCodeAt(0)) || isSurrogate(form.charCodeAt(form.length - 1));
      added = true;
    }
  }
  if (added) {
    pattern = probe = textProbe = undefined;
    generation++;
  }
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

function alternation(forms: Set<string> = secrets): string {
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
}

export function redact(text: string): string {
  if (secrets.size === 0) return text;
  pattern ??= new RegExp(alternation(), 'g');
  return text.replace(pattern, MASK);
}

/**
 * A value with every string in it redacted (keys too): a copy where something was masked, the
 * value itself where nothing was, which is the common case and costs one walk without copying.
 */
export function redactValue<T>(value: T): T {
  if (secrets.size === 0 || !holdsSecret(value, 0)) return value;
  return maskDeep(value, 0) as T;
}

/**
 * Values whose strings were all proven free of secrets where they were made (a Turn read from a
 * reply whose text holds none), with the strings composed from them since (the Turn's `text`,
 * bubble texts joined): the walk tests only those, not the whole reply again.
 */
const provenClean = new WeakMap<object, { composed: readonly string[]; generation: number }>();

/**
 * Marks `value` proven clean as of `generation` (what `replyTextIsClean` returned for its text):
 * a secret registered since voids the proof, and the value is walked whole again.
 */
export function markProvenClean(value: object, composed: readonly string[], generation: number): void {
  provenClean.set(value, { composed, generation });
}

/**
 * Whether no string JSON.parse reads from `text` (keys included) can hold a registered spelling:
 * the current generation of the registry if so (for `markProvenClean`), undefined if it may.
 * Text without `\u` or `\/` escapes decodes each character from itself or from the short escape
 * JSON.stringify writes for it (`\"`, `\\`, `\n`…), so a string holding a spelling comes from
 * text holding the spelling JSON-escaped: the probe looks for every spelling in both forms.
 * Escaped text, or a secret that could pair into a surrogate pair across its edge, is not vouched for.
 */
export function replyTextIsClean(text: string): number | undefined {
  if (secrets.size === 0) return generation;
  if (surrogateEdge || text.includes('\\u') || text.includes('\\/')) return undefined;
  if (text.length < shortest) return generation;
  textProbe ??= new RegExp(alternation(escapedForms()));
  return textProbe.test(text) ? undefined : generation;
}

/** Every spelling and its JSON-escaped form (the same text for most). */
function escapedForms(): Set<string> {
  const forms = new Set(secrets);
  for (const form of secrets) forms.add(JSON.stringify(form).slice(1, -1));
  return forms;
}

/** Plain data nests only so deep (normalizeReply keeps raw replies under 512 levels). */
const MAX_DEPTH = 1024;

// on the hot path (every dialogue of a 100,000-dialogue run): plain loops, no allocation
function holdsSecret(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length >= shortest && (probe ??= new RegExp(alternation())).test(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsSecret(value[i], depth + 1)) return true;
    return false;
  }
  const proof = provenClean.get(value);
  if (proof && proof.generation === generation) return proof.composed.some((text) => holdsSecret(text, depth + 1));
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (holdsSecret(key, depth) || holdsSecret(record[key], depth + 1)) return true;
  }
  return false;
}

function maskDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, redact(k), {
      value: maskDeep(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * `text` with one transient value masked in every spelling, without registering it: the client
 * masks the signature it just sent when a bot echoes it back, so a computed signature never
 * reaches a Turn, a message or a report — and the registry does not grow with every request.
 */
export function maskEcho(text: string, value: string): string {
  // called on every reply: a few short needles decide whether a reply can hold the value at all.
  // The longest run of letters and digits survives the JSON (`\/`, `\u002B`), HTML and URL
  // spellings unchanged; a whole-value re-encoding (base64, hex, every character `\uXXXX`)
  // starts with the re-encoding of the value's start.
  if (!mayHoldEcho(text, value)) return text;
  let out = text;
  for (const form of echoSpellings(value)) if (out.includes(form)) out = out.split(form).join(MASK);
  return out;
}

/** A signature's spellings, plus the hex of the digest it encodes. */
function echoSpellings(value: string): string[] {
  const forms = spellingsOf(value);
  if (BASE64.test(value)) forms.push(...hexSpellings(Buffer.from(value, 'base64')));
  return forms.sort((a, b) => b.length - a.length);
}

const BASE64 = /^[A-Za-z0-9+/]+=*$/;

/**
 * Whether `text` holds at least one of a few short needles that every spelling of `value`
 * contains; true when `value` is too short or not plain ASCII to cut them from. Each needle is
 * made from character codes and looked for as it is made: this runs for every reply.
 */
function mayHoldEcho(text: string, value: string): boolean {
  // one pass over the value: its longest run of letters and digits, printable, base64
  let runStart = 0;
  let runEnd = 0;
  let start = 0;
  let printable = value.length > 0;
  let base64 = value.length > 0;
  let padding = false;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 0;
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (i < value.length) {
      if (c < 0x20 || c > 0x7e) printable = false;
      if (c === 61)
        padding = true; // `=`: padding, only at the end
      else if (padding || !(alnum || c === 43 || c === 47)) base64 = false;
    }
    if (alnum) continue;
    if (i - start > runEnd - runStart) {
      runStart = start;
      runEnd = i;
    }
    start = i + 1;
  }
  if (padding && value.charCodeAt(0) === 61) base64 = false;
  // a prefix of 9 ASCII bytes encodes to exactly the first 12 characters of the whole's base64
  if (runEnd - runStart < 6 || value.length < 9 || !printable) return true;
  if (text.includes(value.slice(runStart, runEnd))) return true;
  if (text.includes(base64Of9(value, B64)) || text.includes(base64Of9(value, B64URL))) return true;
  const c0 = value.charCodeAt(0);
  const c1 = value.charCodeAt(1);
  const [c2, c3, c4, c5] = [value.charCodeAt(2), value.charCodeAt(3), value.charCodeAt(4), value.charCodeAt(5)];
  if (text.includes(hexOf6(c0, c1, c2, c3, c4, c5, HEX_LOWER))) return true;
  if (text.includes(hexOf6(c0, c1, c2, c3, c4, c5, HEX_UPPER_CODES))) return true;
  // every character as `\uXXXX`: the first two
  const h = HEX_LOWER;
  const [bs, u, z] = [0x5c, 0x75, 0x30];
  if (text.includes(String.fromCharCode(bs, u, z, z, h[c0 >> 4]!, h[c0 & 15]!, bs, u, z, z, h[c1 >> 4]!, h[c1 & 15]!)))
    return true;
  if (!base64) return false;
  // the digest a base64 value encodes, in hex: its first 6 bytes
  const b = decodeBase64Head8(value) ?? [...Buffer.from(value.slice(0, 8), 'base64')];
  if (b.length < 6) return text.includes(hexOf(b, HEX_LOWER)) || text.includes(hexOf(b, HEX_UPPER_CODES));
  return (
    text.includes(hexOf6(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, HEX_LOWER)) ||
    text.includes(hexOf6(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, HEX_UPPER_CODES))
  );
}

const B64 = codes('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const B64URL = codes('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
/** Each base64 digit's value by its character code; -1 for a character that is none. */
const B64_VALUE = Int8Array.from({ length: 128 }, (_, code) => B64.indexOf(code));
const HEX_LOWER = codes('0123456789abcdef');
const HEX_UPPER_CODES = codes('0123456789ABCDEF');

function codes(alphabet: string): Uint8Array {
  return Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0));
}

/** The base64 of the first 9 characters of an ASCII text, as bytes: 12 characters, no padding. */
function base64Of9(text: string, alphabet: Uint8Array): string {
  const n0 = (text.charCodeAt(0) << 16) | (text.charCodeAt(1) << 8) | text.charCodeAt(2);
  const n1 = (text.charCodeAt(3) << 16) | (text.charCodeAt(4) << 8) | text.charCodeAt(5);
  const n2 = (text.charCodeAt(6) << 16) | (text.charCodeAt(7) << 8) | text.charCodeAt(8);
  const a = alphabet;
  return String.fromCharCode(
    a[(n0 >> 18) & 63]!,
    a[(n0 >> 12) & 63]!,
    a[(n0 >> 6) & 63]!,
    a[n0 & 63]!,
    a[(n1 >> 18) & 63]!,
    a[(n1 >> 12) & 63]!,
    a[(n1 >> 6) & 63]!,
    a[n1 & 63]!,
    a[(n2 >> 18) & 63]!,
    a[(n2 >> 12) & 63]!,
    a[(n2 >> 6) & 63]!,
    a[n2 & 63]!,
  );
}

/** The hex of 6 bytes (or character codes under 256), in one string of 12. */
function hexOf6(b0: number, b1: number, b2: number, b3: number, b4: number, b5: number, h: Uint8Array): string {
  return String.fromCharCode(
    h[b0 >> 4]!,
    h[b0 & 15]!,
    h[b1 >> 4]!,
    h[b1 & 15]!,
    h[b2 >> 4]!,
    h[b2 & 15]!,
    h[b3 >> 4]!,
    h[b3 & 15]!,
    h[b4 >> 4]!,
    h[b4 & 15]!,
    h[b5 >> 4]!,
    h[b5 & 15]!,
  );
}

function hexOf(bytes: readonly number[], h: Uint8Array): string {
  return String.fromCharCode(...bytes.flatMap((b) => [h[b >> 4]!, h[b & 15]!]));
}

/** The 6 bytes the first 8 characters of a base64 text decode to (undefined where padding cuts them). */
function decodeBase64Head8(text: string): number[] | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < 8; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      const digit = code < 128 ? B64_VALUE[code]! : -1;
      if (digit < 0) return undefined;
      n = (n << 6) | digit;
    }
    bytes.push((n >> 16) & 255, (n >> 8) & 255, n & 255);
  }
  return bytes;
}

/**
 * A reply whose JSON escapes characters (`\u002B` for `+`) hides an echoed value from a look at
 * its bytes; the decoded value carries it in plain. So after parsing, a reply that had escapes is
 * re-serialized (JSON.stringify escapes only what must be), masked, and read back.
 */
export function maskEchoDecoded<T>(json: T, rawText: string, value: string): T {
  // only `\uXXXX` and `\/` can decode to a character of a signature; `\n`, `\"`, `\\` cannot
  if (!rawText.includes('\\u') && !rawText.includes('\\/')) return json;
  const plain = JSON.stringify(json);
  const masked = maskEcho(plain, value);
  return masked === plain ? json : (JSON.parse(masked) as T);
}

/**
 * `text` cut to `limit` characters for a message, masked first — a secret cut in two would
 * escape the mask — and with a cut tail that begins a secret masked too.
 */
export function clipMasked(text: string, limit: number): string {
  const masked = redact(text);
  if (masked.length <= limit) return masked;
  return `${maskSecretPrefixTail(masked.slice(0, limit))}…`;
}

/** A text whose end is the start (4 characters or more) of a registered spelling, with that end masked. */
export function maskSecretPrefixTail(text: string): string {
  for (const form of secrets) {
    for (let k = Math.min(form.length - 1, text.length); k >= MIN_SECRET_LENGTH; k--) {
      if (text.endsWith(form.slice(0, k))) return `${text.slice(0, text.length - k)}${MASK}`;
    }
  }
  return text;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
  pattern = probe = textProbe = undefined;
  shortest = Infinity;
  surrogateEdge = false;
  generation++;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A URL fit to show: its user and password, and every query value, masked. Works on text that is
 * not a valid URL too (`not a URL: http://x:pw…?token=…` was printed whole).
 */
export function maskUrlCredentials(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, `$1${MASK}@`)
    .replace(/([?&][^=&#\s]*=)[^&#\s]*/g, `$1${MASK}`);
}

/** Registers what an invoke URL (or a proxy URL) carries that is secret: user, password, query values. */
export function registerUrlSecrets(url: string): void {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(url)?.[1];
  for (const part of userinfo?.split(':') ?? []) {
    registerSecret(part);
    registerSecret(safeDecode(part));
  }
  for (const match of url.matchAll(/[?&][^=&#\s]*=([^&#\s]*)/g)) {
    registerSecret(match[1]);
    registerSecret(safeDecode(match[1]!));
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
