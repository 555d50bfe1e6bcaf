/**
 * Entities and keywords found in an utterance, reported in the reply's `entities` and `keywords`,
 * and `@entity` references in utterances expanded into plain utterances at start.
 */
import type { EntityDef, KeywordDef } from './definition.js';
import { normalizeUtterance } from './utterance-match.js';

/** `@size` in an utterance: any value of the entity `size`. */
export const ENTITY_REFERENCE = /@([\p{L}_][\p{L}\p{N}_-]*)/gu;
export const ENTITY_NAME = /^[\p{L}_][\p{L}\p{N}_-]*$/u;
/** Beyond this many expansions of one utterance the author has built a combinatorial explosion. */
export const MAX_EXPANSIONS = 1000;

export interface EntityHit {
  entity: string;
  value: string;
}

interface Surface {
  entity: string;
  value: string;
  /** Normalized; padded with spaces when it must match whole words. */
  needle: string;
  wholeWords: boolean;
}

const WORDY = /^[a-z0-9 ]+$/;

export class EntityRecognizer {
  private readonly surfaces: Surface[] = [];

  constructor(entities: readonly EntityDef[]) {
    for (const entity of entities) {
      for (const { value, synonyms } of entity.values) {
        for (const word of [value, ...synonyms]) {
          const normalized = normalizeUtterance(word);
          if (!normalized) continue;
          // Latin words match whole words ("s" must not match inside "store"); CJK text has no spaces to rely on
          const wholeWords = WORDY.test(normalized);
          this.surfaces.push({
            entity: entity.name,
            value,
            needle: wholeWords ? ` ${normalized} ` : normalized,
            wholeWords,
          });
        }
      }
    }
    // longer surfaces first: "extra large" before "large"
    this.surfaces.sort((a, b) => b.needle.length - a.needle.length);
  }

  /** One value per wanted entity, in utterance order. */
  recognize(normalized: string, wanted: ReadonlySet<string>): EntityHit[] {
    if (wanted.size === 0) return [];
    const padded = ` ${normalized} `;
    const found = new Map<string, { value: string; at: number }>();
    for (const s of this.surfaces) {
      if (!wanted.has(s.entity) || found.has(s.entity)) continue;
      const at = s.wholeWords ? padded.indexOf(s.needle) : normalized.indexOf(s.needle);
      if (at >= 0) found.set(s.entity, { value: s.value, at });
    }
    return [...found].sort((a, b) => a[1].at - b[1].at).map(([entity, { value }]) => ({ entity, value }));
  }
}

/** "I'd like @size" → one utterance per value and synonym of `size`. Unknown entities are left as written (the loader reports them). */
export function expandUtterance(text: string, entities: ReadonlyMap<string, EntityDef>): string[] {
  let results = [''];
  let last = 0;
  for (const m of text.matchAll(ENTITY_REFERENCE)) {
    const entity = entities.get(m[1]!);
    if (!entity) continue;
    const before = text.slice(last, m.index);
    const words = entity.values.flatMap((v) => [v.value, ...v.synonyms]);
    const next: string[] = [];
    for (const prefix of results) for (const word of words) next.push(prefix + before + word);
    results = next.slice(0, MAX_EXPANSIONS);
    last = m.index + m[0].length;
  }
  const rest = text.slice(last);
  return results.map((r) => r + rest);
}

/** How many plain utterances one utterance expands to (to refuse explosions before building them). */
export function expansionCount(text: string, entities: ReadonlyMap<string, EntityDef>): number {
  let count = 1;
  for (const m of text.matchAll(ENTITY_REFERENCE)) {
    const entity = entities.get(m[1]!);
    if (entity) count *= entity.values.reduce((n, v) => n + 1 + v.synonyms.length, 0);
  }
  return count;
}

export interface KeywordHit {
  keyword: string;
  group: string;
  /** `exactMatch` when the utterance is the keyword, `contain` when it contains it (seed 003). */
  type: 'exactMatch' | 'contain';
}

export interface CompiledKeyword extends KeywordDef {
  normalized: string;
}

export function compileKeywords(keywords: readonly KeywordDef[]): CompiledKeyword[] {
  return keywords.map((k) => ({ ...k, normalized: normalizeUtterance(k.keyword) })).filter((k) => k.normalized !== '');
}

export function findKeywords(normalized: string, keywords: readonly CompiledKeyword[]): KeywordHit[] {
  const hits: KeywordHit[] = [];
  for (const k of keywords) {
    if (normalized === k.normalized) hits.push({ keyword: k.keyword, group: k.group, type: 'exactMatch' });
    else if (normalized.includes(k.normalized)) hits.push({ keyword: k.keyword, group: k.group, type: 'contain' });
  }
  return hits;
}
