/**
 * The mock's NLU: exact match on normalized text, else the most similar utterance by character
 * bigrams above a threshold. Bigrams need no tokenizer, so Korean and Japanese
 * match as well as English; everything is precomputed per utterance at start.
 */

const PUNCTUATION = /\p{P}+/gu;
const SPACES = /\s+/g;

/** NFKC, lower case, punctuation to spaces, spaces collapsed: "Store hours?" → "store hours" (symbols and emoji stay: 👍 is an answer). */
export function normalizeUtterance(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(PUNCTUATION, ' ').replace(SPACES, ' ').trim();
}

/** Character bigrams of a normalized text, spaces dropped; a one-character text is its own gram. */
export function bigrams(normalized: string): Set<string> {
  const s = normalized.replace(SPACES, '');
  const grams = new Set<string>();
  if (s.length < 2) {
    if (s) grams.add(s);
    return grams;
  }
  for (let i = 0; i < s.length - 1; i++) grams.add(s.slice(i, i + 2));
  return grams;
}

/**
 * Similarity of two gram sets, 1 for equal sets and 0 for disjoint ones: the mean of the Dice
 * coefficient (how alike) and the overlap coefficient (how much of the shorter is in the longer),
 * so "영업시간이 어떻게 되나요" still finds "영업시간" although it is three times longer.
 */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  const dice = (2 * shared) / (a.size + b.size);
  const overlap = shared / small.size;
  return (dice + overlap) / 2;
}

export interface UtteranceMatch<T> {
  target: T;
  /** 1 for an exact match. */
  score: number;
  exact: boolean;
}

/** The utterances of one group of candidates (the top level, or the follow-ups of one scenario). */
export class UtteranceIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly entries: Array<{ target: T; grams: Set<string> }> = [];

  /** Adds an utterance; returns the other target when the same normalized text already belongs to one. */
  add(text: string, target: T): T | undefined {
    const normalized = normalizeUtterance(text);
    const owner = this.exact.get(normalized);
    if (owner !== undefined) return owner === target ? undefined : owner;
    this.exact.set(normalized, target);
    this.entries.push({ target, grams: bigrams(normalized) });
    return undefined;
  }

  get size(): number {
    return this.entries.length;
  }

  lookup(normalized: string): T | undefined {
    return this.exact.get(normalized);
  }

  /** The most similar utterance (first added wins a tie). */
  closest(grams: ReadonlySet<string>): { target: T; score: number } | undefined {
    let best: { target: T; score: number } | undefined;
    for (const entry of this.entries) {
      const score = similarity(grams, entry.grams);
      if (score > 0 && (!best || score > best.score)) best = { target: entry.target, score };
    }
    return best;
  }
}

/** Exact match in the first group that has one; else the most similar across groups (earlier groups win ties). */
export function matchUtterance<T>(
  normalized: string,
  groups: ReadonlyArray<UtteranceIndex<T> | undefined>,
  threshold: number,
): UtteranceMatch<T> | undefined {
  if (normalized === '') return undefined;
  for (const group of groups) {
    const target = group?.lookup(normalized);
    if (target !== undefined) return { target, score: 1, exact: true };
  }
  const grams = bigrams(normalized);
  let best: { target: T; score: number } | undefined;
  for (const group of groups) {
    const found = group?.closest(grams);
    if (found && (!best || found.score > best.score)) best = found;
  }
  if (!best || best.score < threshold) return undefined;
  return { target: best.target, score: best.score, exact: false };
}

/** The score information as the service writes it: "1.0" for exact matches, two decimals below 1 otherwise. */
export function formatScore(match: { score: number; exact: boolean }): string {
  if (match.exact) return '1.0';
  return Math.min(0.99, Math.floor(match.score * 100) / 100).toFixed(2);
}
