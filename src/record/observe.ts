/**
 * What record mode writes for a reply: spec values (as YAML data) that the reply satisfies.
 * Values are written the way an author would: plain strings for exact text, `{ equals: … }` when a
 * text would otherwise read as a `/regex/`, `$${` for a literal `${`, and the description by a
 * policy, because a reply's full text is often long or volatile (dates, order numbers).
 */
import type { Turn } from '../protocol/turn.js';
import type { Expectations, TextMatcher } from '../dialogues/types.js';
import { parseRegexLiteral, toTextMatcher } from '../dialogues/matcher-syntax.js';
import { LIST_FIELDS, type ListField } from '../match/expectations.js';
import { selectJson } from '../match/json-expectations.js';
import { describeMatcher, matchAny } from '../match/text-matcher.js';
import { editDistance } from '../diagnostics/problem.js';

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
  out.push({
    key: 'scenarioName',
    value: turn.scenarioName === null || turn.scenarioName === '' ? { not: '/./' } : exact(turn.scenarioName),
  });
  if (turn.chatTypes[0]) out.push({ key: 'chatType', value: exact(turn.chatTypes[0]) });
  const description = describeText(turn.text, policy);
  if (description !== undefined) out.push({ key: 'description', value: description });
  // a bubble's own action (text, image, cover) is clickable but not pinned: record writes what it always has
  const titles = turn.buttons
    .filter((b) => !OWN_ACTION_SOURCES.has(b.source))
    .map((b) => b.title)
    .filter((t) => t !== '');
  if (titles.length) out.push({ key: 'buttons', value: [...new Set(titles)].map(exact) });
  return out;
}

/**
 * A list expectation rewritten item by item: `keep` leaves the author's item as written (its
 * matcher still holds), `value` writes a new one. The editor splices kept items' source text.
 */
export interface ListPatch {
  kind: 'list-patch';
  /** In the list's order; a new value names the item it replaces. Items named by neither are removed. */
  entries: Array<{ keep: number } | { value: unknown; replaces: number }>;
}

export const isListPatch = (value: unknown): value is ListPatch =>
  value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'list-patch';

/** How `run --update` changed one matcher, for the author to review: never a silent tightening. */
export interface MatcherChange {
  field: string;
  from: string;
  to: string;
  /** Set when the new matcher is of another kind: stricter, looser, or not comparable. */
  strictness?: 'tightened' | 'loosened' | 'changed kind';
}

export interface UpdatedValue {
  key: string;
  value: unknown;
  path?: string[];
  changes: MatcherChange[];
  /** What could not be kept or replaced (a failing `not`): left for the author. */
  byHand?: string;
}

// how much a matcher pins: an exact text most, a substring least
const STRICTNESS: Record<TextMatcher['op'], number> = { equals: 3, regex: 2, contains: 1, anyOf: 1, not: 0 };

function change(field: string, from: TextMatcher | undefined, value: unknown): MatcherChange {
  const to = toTextMatcher(value);
  const out: MatcherChange = { field, from: from ? describeMatcher(from) : '(none)', to: describeMatcher(to) };
  if (from && from.op !== to.op) {
    const delta = STRICTNESS[to.op] - STRICTNESS[from.op];
    out.strictness = delta > 0 ? 'tightened' : delta < 0 ? 'loosened' : 'changed kind';
  }
  return out;
}

/**
 * The new matcher for a failed text field: of the same kind as the author's when it can be (a
 * `contains` stays a `contains` of the new text), else what record writes. A failed `not` (the
 * forbidden text now appears) has no automatic fix.
 */
function textUpdate(
  field: string,
  old: TextMatcher | undefined,
  text: string,
  policy: DescriptionPolicy,
): { value: unknown; changes: MatcherChange[] } | undefined {
  if (old?.op === 'not') return undefined;
  const value =
    old?.op === 'contains'
      ? containsFirstLine(text)
      : field === 'description'
        ? describeText(text, policy)
        : exact(text);
  return value === undefined ? undefined : { value, changes: [change(field, old, value)] };
}

/** The text a matcher looks for, to find the new value closest to it. */
function needleOf(m: TextMatcher): string {
  if (m.op === 'regex') return m.pattern;
  if (m.op === 'anyOf') return m.matchers[0] ? needleOf(m.matchers[0]) : '';
  return m.op === 'not' ? '' : m.value;
}

/**
 * A failed list (`buttons: [...]`): the items whose matcher still holds stay as written; each
 * failing item is replaced, in place, by the closest new value no kept item matches, in the same
 * matcher kind, or dropped when no value is left. Values nobody listed are not added: the author's
 * list was a subset, and pinning more would tighten it.
 */
function listUpdate(field: ListField, old: TextMatcher[] | undefined, values: string[]): UpdatedValue {
  if (!old || old.length === 0 || values.length === 0) {
    const value = values.length ? values.map(exact) : [{ not: '/./' }];
    return {
      key: field,
      value,
      changes: [
        {
          field,
          from: old ? `[${old.map(describeMatcher).join(', ')}]` : '(none)',
          to: `[${(value as unknown[]).map((v) => describeMatcher(toTextMatcher(v))).join(', ')}]`,
        },
      ],
    };
  }
  const holds = old.map((m) => matchAny(m, values));
  const uncovered = values.filter((v) => !old.some((m, i) => holds[i] && m.op !== 'not' && matchAny(m, [v])));
  const entries: ListPatch['entries'] = [];
  const changes: MatcherChange[] = [];
  let byHand: string | undefined;
  old.forEach((m, i) => {
    if (holds[i]) return void entries.push({ keep: i });
    if (m.op === 'not') {
      byHand = `${field}: ${describeMatcher(m)} no longer holds (the reply has it): fix it by hand`;
      return void entries.push({ keep: i });
    }
    const needle = needleOf(m);
    let best = -1;
    uncovered.forEach((v, j) => {
      if (best === -1 || editDistance(needle, v) < editDistance(needle, uncovered[best]!)) best = j;
    });
    if (best === -1) {
      changes.push({
        field: `${field}[${i}]`,
        from: describeMatcher(m),
        to: '(removed: no value left to match)',
        strictness: 'loosened',
      });
      return;
    }
    const [text] = uncovered.splice(best, 1);
    const value = m.op === 'contains' ? { contains: text!.replaceAll('${', '$${') } : exact(text!);
    entries.push({ value, replaces: i });
    changes.push(change(`${field}[${i}]`, m, value));
  });
  return {
    key: field,
    value: { kind: 'list-patch', entries } satisfies ListPatch,
    changes,
    ...(byHand ? { byHand } : {}),
  };
}

/**
 * For `run --update`: the value that makes a failed expectation hold, for the fields it can
 * rewrite; undefined for the rest (numbers, entities), which an author fixes by hand. Given the
 * step's expectations, matchers keep their kind and list items that still hold are kept.
 */
export function updatedValue(
  field: string,
  turn: Turn,
  policy: DescriptionPolicy,
  expect: Expectations = {},
): UpdatedValue | undefined {
  const effective = policy === 'none' ? 'auto' : policy;
  switch (field) {
    case 'scenarioName':
    case 'chatType':
    case 'description': {
      const old = expect[field];
      // a welcome reply has no scenario: say so, as authors write it
      if (field === 'scenarioName' && (turn.scenarioName === null || turn.scenarioName === '')) {
        const value = { not: '/./' };
        return { key: field, value, changes: [change(field, old, value)] };
      }
      const text =
        field === 'scenarioName' ? turn.scenarioName! : field === 'chatType' ? (turn.chatTypes[0] ?? '') : turn.text;
      const update = text === '' && field !== 'description' ? undefined : textUpdate(field, old, text, effective);
      return update && { key: field, ...update };
    }
    case 'buttons': {
      const titles = [
        ...new Set(
          turn.buttons
            .filter((b) => !OWN_ACTION_SOURCES.has(b.source))
            .map((b) => b.title)
            .filter((t) => t !== ''),
        ),
      ];
      return listUpdate('buttons', expect.buttons, titles);
    }
    case 'quickButtons':
    case 'persistentMenu':
    case 'components':
    case 'keywords':
    case 'intents':
    case 'conversationTypes':
      return listUpdate(field, expect[field], [...new Set(LIST_FIELDS[field].read(turn).filter((v) => v !== ''))]);
    default:
      // `json <path>`: the first value the path selects now (a path that selects nothing is left to the author)
      if (field.startsWith('json ')) {
        const path = field.slice('json '.length);
        const value = selectJson(turn.raw, path)[0];
        if (value === undefined) return undefined;
        const old = expect.json?.find((j) => j.path === path)?.matcher;
        const update = textUpdate(field, old, value, 'exact');
        return update && { key: field, path: ['json', path], ...update };
      }
      if (field.startsWith('information.')) {
        const key = field.slice('information.'.length);
        const value = turn.information[key]?.[0];
        if (value === undefined) return undefined;
        const old = Object.hasOwn(expect.information ?? {}, key) ? expect.information![key] : undefined;
        const update = textUpdate(field, old, value, 'exact');
        return update && { key: field, ...update };
      }
      return undefined;
  }
}
