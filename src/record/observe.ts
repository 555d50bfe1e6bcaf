/**
 * What record mode writes for a reply: spec values (as YAML data) that the reply satisfies.
 * Values are written the way an author would: plain strings for exact text, `{ equals: … }` when a
 * text would otherwise read as a `/regex/`, `$${` for a literal `${`, and the description by a
 * policy, because a reply's full text is often long or volatile (dates, order numbers).
 */
import type { Turn } from '../protocol/turn.js';
import { parseRegexLiteral } from '../dialogues/matcher-syntax.js';
import { LIST_FIELDS } from '../match/expectations.js';
import { selectJson } from '../match/json-expectations.js';

/**
 * How a description is recorded:
 * - `auto` (default): the exact text when it is one line of at most 80 characters; otherwise
 *   `{ contains: <its first line> }`, cut at a word boundary near 60 characters;
 * - `exact`: always the whole text (a block scalar when it has several lines);
 * - `contains`: always `{ contains: <first line> }`;
 * - `none`: descriptions are not recorded.
 */
export type DescriptionPolicy = 'auto' | 'exact' | 'contains' | 'none';
export const DESCRIPTION_POLICIES: readonly DescriptionPolicy[] = ['auto', 'exact', 'contains', 'none'];

/** The keys `record` writes, in the order it writes them. */
export const RECORDED_KEYS = ['scenarioName', 'chatType', 'description', 'buttons'] as const;
export type RecordedKey = (typeof RECORDED_KEYS)[number];

const OWN_ACTION_SOURCES: ReadonlySet<string> = new Set(['text', 'image', 'cover']);

const SHORT_TEXT = 80;
const CONTAINS_TARGET = 60;

/** A spec string matching exactly this text. */
export function exact(text: string): unknown {
  const escaped = text.replaceAll('${', '$${');
  return parseRegexLiteral(escaped) ? { equals: escaped } : escaped;
}

function containsFirstLine(text: string): unknown {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  let cut = first.trim();
  if (cut.length > CONTAINS_TARGET) {
    const space = cut.lastIndexOf(' ', CONTAINS_TARGET);
    // a text without spaces (Korean, Japanese) is cut at the target length
    cut = cut.slice(0, space > CONTAINS_TARGET / 2 ? space : CONTAINS_TARGET);
  }
  return { contains: cut.replaceAll('${', '$${') };
}

export function describeText(text: string, policy: DescriptionPolicy): unknown {
  if (policy === 'none' || text === '') return undefined;
  if (policy === 'exact') return exact(text);
  if (policy === 'auto' && !text.includes('\n') && text.length <= SHORT_TEXT) return exact(text);
  return containsFirstLine(text);
}

/** The values record mode writes for a reply, in RECORDED_KEYS order; keys with nothing to say are left out. */
export function recordedValues(turn: Turn, policy: DescriptionPolicy): Array<{ key: RecordedKey; value: unknown }> {
  const out: Array<{ key: RecordedKey; value: unknown }> = [];
  // a welcome reply has no scenario: say so, as authors write it
  out.push({ key: 'scenarioName', value: turn.scenarioName === null || turn.scenarioName === '' ? { not: '/./' } : exact(turn.scenarioName) });
  if (turn.chatTypes[0]) out.push({ key: 'chatType', value: exact(turn.chatTypes[0]) });
  const description = describeText(turn.text, policy);
  if (description !== undefined) out.push({ key: 'description', value: description });
  // a bubble's own action (text, image, cover) is clickable but not pinned: record writes what it always has
  const titles = turn.buttons.filter((b) => !OWN_ACTION_SOURCES.has(b.source)).map((b) => b.title).filter((t) => t !== '');
  if (titles.length) out.push({ key: 'buttons', value: [...new Set(titles)].map(exact) });
  return out;
}

/**
 * For `run --update`: the value that makes a failed expectation hold, for the fields it can
 * rewrite; undefined for the rest (numbers, entities), which an author fixes by hand.
 */
export function updatedValue(field: string, turn: Turn, policy: DescriptionPolicy): { key: string; value: unknown; path?: string[] } | undefined {
  switch (field) {
    case 'scenarioName':
    case 'chatType':
    case 'description':
    case 'buttons':
      return recordedValues(turn, policy === 'none' ? 'auto' : policy).find((v) => v.key === field);
    case 'quickButtons':
    case 'persistentMenu':
    case 'components':
    case 'keywords':
    case 'intents':
    case 'conversationTypes': {
      const values = [...new Set(LIST_FIELDS[field].read(turn).filter((v) => v !== ''))];
      return { key: field, value: values.length ? values.map(exact) : [{ not: '/./' }] };
    }
    default:
      // `json <path>`: the first value the path selects now (a path that selects nothing is left to the author)
      if (field.startsWith('json ')) {
        const path = field.slice('json '.length);
        const value = selectJson(turn.raw, path)[0];
        return value === undefined ? undefined : { key: field, value: exact(value), path: ['json', path] };
      }
      if (field.startsWith('information.')) {
        const key = field.slice('information.'.length);
        const value = turn.information[key]?.[0];
        return value === undefined ? undefined : { key: field, value: exact(value) };
      }
      return undefined;
  }
}
