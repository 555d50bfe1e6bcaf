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
/** The longest registered spelling: a secret split between two texts lies within this much of the cut. */
let longest = 0;
/** Each pair of adjacent characters in a spelling (a × 65536 + b): a spelling cut in two has one across the cut. */
const pairs = new Set<number>();

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

export function hexSpellings(bytes: Buffer): string[] {
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
      longest = Math.max(longest, form.length);
      for (let i = 1; i < form.length; i++) pairs.add(form.charCodeAt(i - 1) * 65536 + form.charCodeAt(i));
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

/** Whether `text` holds a registered spelling, i.e. whether `redact` would change it. */
export function holdsSpelling(text: string): boolean {
  if (secrets.size === 0 || text.length < shortest) return false;
  // a few spellings (one secret has 6 to 13): a substring search each costs half the regex over a report's text
  if (secrets.size <= FEW_SPELLINGS) {
    for (const form of secrets) if (text.includes(form)) return true;
    return false;
  }
  return (probe ??= new RegExp(alternation())).test(text);
}
const FEW_SPELLINGS = 8;

/** Whether some registered spelling holds the character `a` followed by `b` (UTF-16 code units). */
export function spellingPair(a: number, b: number): boolean {
  return pairs.has(a * 65536 + b);
}

/** The length of the longest registered spelling; 0 when none is. */
export function longestSpelling(): number {
  return longest;
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

/**
 * Strings of results tested clean in this generation: the same texts come back in every result (a
 * spec file's path in each step's position, a reply the bot gives every dialogue), and looking one
 * up costs less than the probe. Bounded, and emptied whenever a secret is registered.
 */
const cleanStrings = new Set<string>();
const CLEAN_STRINGS_MAX = 1024;
const CLEAN_STRING_MAX_LENGTH = 4096;
let cleanStringsGeneration = -1;

function stringHoldsSecret(value: string): boolean {
  if (value.length < shortest) return false;
  if (cleanStringsGeneration !== generation) {
    cleanStrings.clear();
    cleanStringsGeneration = generation;
  }
  if (cleanStrings.has(value)) return false;
  if (holdsSpelling(value)) return true;
  if (value.length <= CLEAN_STRING_MAX_LENGTH) {
    if (cleanStrings.size >= CLEAN_STRINGS_MAX) cleanStrings.clear();
    cleanStrings.add(value);
  }
  return false;
}

// on the hot path (every dialogue of a 100,000-dialogue run): plain loops, no allocation
function holdsSecret(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return stringHoldsSecret(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsSecret(value[i], depth + 1)) return true;
    return false;
  }
  const proof = provenClean.get(value);
  if (proof && proof.generation === generation) {
    const composed = proof.composed;
    for (let i = 0; i < composed.length; i++) if (stringHoldsSecret(composed[i]!)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (stringHoldsSecret(key) || holdsSecret(record[key], depth + 1)) return true;
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
  longest = 0;
  pairs.clear();
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
