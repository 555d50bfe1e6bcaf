/**
 * Masking a value the client made itself — the signature it just sent — when a bot echoes it
 * back, in every spelling an output could give it (redact.ts spellingsOf), without registering it:
 * the registry does not grow with every request.
 */
import { hexSpellings, MASK, spellingsOf } from './redact.js';

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
