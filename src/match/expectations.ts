/**
 * matchExpectations: does a Turn hold what a step expects? Returns every mismatch, not the first,
 * so a report shows the whole picture. Table-driven: each expectation key names what it reads from
 * the Turn and how it compares, in one place.
 */
import type { SourcePos } from '../diagnostics/problem.js';
import type { ExpectField, Expectations, ListExpectKey, NumberMatcher } from '../dialogues/types.js';
import type { Turn } from '../protocol/turn.js';
import { describeMatcher, describeNumberMatcher, matchAny, matchNumber, matchText } from './text-matcher.js';
import { matchBubbles } from './bubble-expectations.js';
import { matchJson } from './json-expectations.js';
import type { Mismatch } from './mismatch.js';

export type { Mismatch };

export type ListField = ListExpectKey;

/** What each list expectation reads, and what one item is called in messages. */
export const LIST_FIELDS: Record<ListField, { noun: string; read: (turn: Turn) => string[] }> = {
  buttons: { noun: 'button', read: (t) => t.buttons.map((b) => b.title) },
  quickButtons: { noun: 'quick button', read: (t) => t.quickButtons.map((b) => b.title) },
  persistentMenu: { noun: 'menu button', read: (t) => t.persistentMenu.map((b) => b.title) },
  components: { noun: 'component', read: (t) => t.bubbles.map((b) => b.type) },
  entities: {
    noun: 'entity',
    read: (t) => t.entities.flatMap((e) => (e.value ? [e.name, `${e.name}=${e.value}`] : [e.name])),
  },
  keywords: { noun: 'keyword', read: (t) => t.keywords },
  // a Turn from a results file written before these fields existed has none
  intents: { noun: 'intent', read: (t) => t.intents ?? [] },
  conversationTypes: { noun: 'conversation type', read: (t) => t.conversationTypes ?? [] },
};

export function matchExpectations(
  expect: Expectations,
  turn: Turn,
  positions: Partial<Record<ExpectField, SourcePos>> = {},
): Mismatch[] {
  const out: Mismatch[] = [];
  const add = (field: ExpectField, mismatch: Omit<Mismatch, 'pos'>) => {
    const pos = positions[field];
    out.push(pos ? { ...mismatch, pos } : mismatch);
  };
  const text = (field: 'scenarioName' | 'description', actual: string | null) => {
    const matcher = expect[field];
    if (matcher && !matchText(matcher, actual ?? ''))
      add(field, { field, expected: describeMatcher(matcher), actual, matcher });
  };
  text('scenarioName', turn.scenarioName);
  if (expect.chatType && !matchAny(expect.chatType, turn.chatTypes)) {
    add('chatType', {
      field: 'chatType',
      expected: describeMatcher(expect.chatType),
      actual: turn.chatTypes,
      matcher: expect.chatType,
    });
  }
  text('description', turn.text);
  for (const field of Object.keys(LIST_FIELDS) as ListField[]) {
    const matchers = expect[field];
    if (!matchers) continue;
    const { noun, read } = LIST_FIELDS[field];
    const values = read(turn);
    for (const matcher of matchers) {
      if (matchAny(matcher, values)) continue;
      const article = /^[aeiou]/.test(noun) ? 'an' : 'a';
      const expected =
        matcher.op === 'not'
          ? `no ${noun} matching ${describeMatcher(matcher.matcher)}`
          : `${article} ${noun} matching ${describeMatcher(matcher)}`;
      add(field, { field, expected, actual: values, matcher });
    }
  }
  for (const [key, matcher] of Object.entries(expect.information ?? {})) {
    // own keys only: `information: { toString: … }` must not find Object.prototype.toString
    const values = Object.hasOwn(turn.information, key) ? turn.information[key]! : [];
    if (!matchAny(matcher, values))
      add('information', { field: `information.${key}`, expected: describeMatcher(matcher), actual: values, matcher });
  }
  const numeric = (field: 'score' | 'latencyMs', actual: number | null, matcher: NumberMatcher | undefined) => {
    if (matcher && !matchNumber(matcher, actual))
      add(field, { field, expected: describeNumberMatcher(matcher), actual });
  };
  // bubbles and json name their own fields and positions, entry by entry
  if (expect.bubbles) out.push(...matchBubbles(expect.bubbles, turn.bubbles));
  if (expect.json) out.push(...matchJson(expect.json, turn.raw));
  numeric('score', turn.score, expect.score);
  numeric('latencyMs', turn.latencyMs, expect.latencyMs);
  return out;
}
