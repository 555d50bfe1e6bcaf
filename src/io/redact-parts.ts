/**
 * Texts masked one by one, yet exactly as if they were joined first: the parts returned, joined,
 * are `redact(texts.join(''))`. Joining a report's chunks to mask them copied every byte once more
 * (and flattened every rope); here a text that holds no secret is passed on as it is.
 *
 * A secret split between two texts lies within `longestSpelling() - 1` characters either side of
 * the cut, so a window that wide around each cut is tested too (unless the two characters beside
 * the cut follow one another in no spelling: then none crosses it). Where a window holds a spelling,
 * the texts on both sides are joined and masked as one; where none does, no spelling crosses the
 * cut, and masking each side on its own gives the same text as masking the whole.
 */
import { holdsSpelling, longestSpelling, redact, spellingPair } from './redact.js';

/** `texts` masked; each part is a text itself where it held no secret (no copy), else a masked join. */
export function redactParts(texts: readonly string[]): string[] {
  if (texts.length === 1) return [redact(texts[0]!)];
  const reach = Math.max(0, longestSpelling() - 1);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < texts.length; i++) {
    if (i + 1 < texts.length && joined(texts, i + 1, reach)) continue;
    if (i === start) out.push(holdsSpelling(texts[i]!) ? redact(texts[i]!) : texts[i]!);
    else out.push(redact(texts.slice(start, i + 1).join('')));
    start = i + 1;
  }
  return out;
}

/**
 * Whether the cut before `texts[cut]` must be joined over: a spelling may cross it, or it falls
 * between the halves of a surrogate pair (each half alone would be encoded as U+FFFD).
 */
function joined(texts: readonly string[], cut: number, reach: number): boolean {
  const left = texts[cut - 1]!;
  const right = texts[cut]!;
  const a = left.charCodeAt(left.length - 1);
  const b = right.charCodeAt(0);
  if (isHigh(a) && isLow(b)) return true;
  // a spelling across the cut holds the two characters beside it, in turn (most cuts fall between `:` and `{`)
  if (left !== '' && right !== '' && !spellingPair(a, b)) return false;
  return holdsSpelling(before(texts, cut, reach) + after(texts, cut, reach));
}

/** The last `n` characters of the texts before `texts[cut]`. */
function before(texts: readonly string[], cut: number, n: number): string {
  let s = '';
  for (let k = cut - 1; k >= 0 && s.length < n; k--) {
    const t = texts[k]!;
    const need = n - s.length;
    s = (t.length > need ? t.slice(t.length - need) : t) + s;
  }
  return s;
}

/** The first `n` characters of the texts from `texts[cut]` on. */
function after(texts: readonly string[], cut: number, n: number): string {
  let s = '';
  for (let k = cut; k < texts.length && s.length < n; k++) {
    const t = texts[k]!;
    const need = n - s.length;
    s += t.length > need ? t.slice(0, need) : t;
  }
  return s;
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
