/**
 * `bubbles:` — the i-th item checks the i-th bubble of the reply, field by field, so a multi-bubble
 * answer can be pinned in order ("the second bubble is an IMAGECARD"), not only as joined text.
 * Indexes in messages are 0-based, as in YAML lists and `$.bubbles[1]` in `json:` paths.
 */
import type { BubbleView } from '../protocol/turn.js';
import type { BubbleExpectation, BubbleField } from '../dialogues/types.js';
import type { Mismatch } from './mismatch.js';
import { describeMatcher, matchAny, matchText } from './text-matcher.js';

/** What each per-bubble key reads: one text (matched whole) or a list (some value matches). */
export const BUBBLE_FIELDS: Record<
  Exclude<BubbleField, 'buttons' | 'information'>,
  (b: BubbleView) => string | string[]
> = {
  type: (b) => b.type,
  chatType: (b) => b.chatTypes ?? [],
  description: bubbleText,
  imageUrl: (b) => b.imageUrl ?? '',
  url: bubbleLinks,
};

/** A bubble's text: its description, else its flex texts, else its cards' texts, joined with `\n`. */
export function bubbleText(b: BubbleView): string {
  if (b.description !== undefined) return b.description;
  if (b.flexTexts) return b.flexTexts.join('\n');
  return (b.cards ?? [])
    .map(bubbleText)
    .filter((t) => t !== '')
    .join('\n');
}

/** A bubble's links: its `url`, then its own action's url and mobileUrl. */
export function bubbleLinks(b: BubbleView): string[] {
  const action = b.action?.action;
  return [b.url, action?.url, action?.mobileUrl].filter((u): u is string => u !== undefined && u !== '');
}

/** Titles of a bubble's buttons: its own action first, then its template or flex buttons. */
export function bubbleButtonTitles(b: BubbleView): string[] {
  return [...(b.action ? [b.action] : []), ...(b.buttons ?? [])].map((button) => button.title);
}

export function bubbleInformation(b: BubbleView, key: string): string[] {
  return (b.information ?? []).filter((e) => e.key === key).map((e) => e.value);
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export function matchBubbles(expected: BubbleExpectation[], bubbles: BubbleView[]): Mismatch[] {
  const out: Mismatch[] = [];
  expected.forEach((item, i) => {
    const at = (key: BubbleField) => item.pos?.[key] ?? item.at;
    const add = (key: BubbleField, field: string, mismatch: Omit<Mismatch, 'pos' | 'field'>) => {
      const pos = at(key);
      out.push(pos ? { field, ...mismatch, pos } : { field, ...mismatch });
    };
    const bubble = bubbles[i];
    if (!bubble) {
      const pos = item.at;
      const mismatch: Mismatch = {
        field: `bubbles[${i}]`,
        expected: `a ${ordinal(i + 1)} bubble`,
        actual: bubbles.map((b) => b.type),
      };
      out.push(pos ? { ...mismatch, pos } : mismatch);
      return;
    }
    const where = `bubble ${i} (${bubble.type})`;
    for (const key of Object.keys(BUBBLE_FIELDS) as Array<keyof typeof BUBBLE_FIELDS>) {
      const matcher = item[key];
      if (!matcher) continue;
      const actual = BUBBLE_FIELDS[key](bubble);
      const holds = typeof actual === 'string' ? matchText(matcher, actual) : matchAny(matcher, actual);
      if (!holds)
        add(key, `bubbles[${i}].${key}`, { expected: `${describeMatcher(matcher)} in ${where}`, actual, matcher });
    }
    if (item.buttons) {
      const titles = bubbleButtonTitles(bubble);
      for (const matcher of item.buttons) {
        if (matchAny(matcher, titles)) continue;
        const expected =
          matcher.op === 'not'
            ? `no button matching ${describeMatcher(matcher.matcher)} in ${where}`
            : `a button matching ${describeMatcher(matcher)} in ${where}`;
        add('buttons', `bubbles[${i}].buttons`, { expected, actual: titles, matcher });
      }
    }
    for (const [key, matcher] of Object.entries(item.information ?? {})) {
      const values = bubbleInformation(bubble, key);
      if (!matchAny(matcher, values))
        add('information', `bubbles[${i}].information.${key}`, {
          expected: `${describeMatcher(matcher)} in ${where}`,
          actual: values,
          matcher,
        });
    }
  });
  return out;
}
