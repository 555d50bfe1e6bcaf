/**
 * The shared renderer's explanations of a mismatch: word and line diffs, where a regex or
 * `contains` fell short, near misses as hints; plain text marks changes, colour highlights them.
 */
import { describe, expect, it } from 'vitest';
import { renderMismatch } from '../../src/render/dialogue-text.js';
import { colorStyle } from '../../src/reporters/console.js';
import { lineDiffLines, textDiff } from '../../src/render/diff.js';
import { longestMatchingPrefix } from '../../src/render/near-miss.js';
import { toHtml, toText } from '../../src/render/styled.js';
import { plainStyle } from '../../src/render/styled.js';
import type { Mismatch } from '../../src/match/expectations.js';
import type { TextMatcher } from '../../src/dialogues/types.js';
import { turn } from '../helpers/turn.js';

const text = (matcher: TextMatcher, actual: string, expected = ''): Mismatch => ({
  field: 'description',
  expected,
  actual,
  matcher,
});
const lines = (m: Mismatch) => renderMismatch(m).slice(3);

describe('text diffs', () => {
  it('marks changed words of one-line texts, plainly or in colour', () => {
    const m = text({ op: 'equals', value: 'Product A costs 1,200 yen.' }, 'Product A costs 1,500 yen.');
    expect(lines(m)).toEqual(['  diff:     Product A costs [-1,200-]{+1,500+} yen.']);
    const coloured = renderMismatch(m, colorStyle).join('\n');
    expect(coloured).toContain('\u001b[31m\u001b[7m1,200\u001b[27m\u001b[39m');
    expect(coloured).not.toContain('[-');
  });

  it('diffs Korean and Japanese text by word, not as one token', () => {
    const m = text({ op: 'equals', value: '안녕하세요! 무엇을 도와드릴까요?' }, '안녕하세요! 무엇을 드릴까요?');
    expect(lines(m)).toEqual(['  diff:     안녕하세요! 무엇을 [-도와드릴까요-]{+드릴까요+}?']);
  });

  it('shows a line diff for several lines, unchanged runs folded', () => {
    const before = ['Welcome!', ...Array.from({ length: 8 }, (_, i) => `line ${i}`), 'Ask anything.'].join('\n');
    const after = before.replace('Ask anything.', 'Ask us anything.');
    expect(toText(lineDiffLines(before, after)!, plainStyle)).toEqual([
      '… 7 unchanged lines',
      '  line 6',
      '  line 7',
      '- Ask anything.',
      '+ Ask us anything.',
    ]);
  });

  it('says nothing when the texts have nothing in common: expected and actual say it all', () => {
    expect(textDiff('Store hours', 'Products')).toEqual([]);
    expect(lines(text({ op: 'equals', value: 'Store hours' }, 'Products'))).toEqual([]);
  });

  it('names differences a diff cannot show', () => {
    expect(lines(text({ op: 'equals', value: 'Hello' }, 'Hello '))).toContain(
      '  hint:     they differ only in leading or trailing whitespace',
    );
    expect(lines(text({ op: 'equals', value: 'hello there' }, 'Hello There'))).toContain(
      '  hint:     they differ only in letter case',
    );
  });

  it('escapes the diff for HTML', () => {
    const diff = textDiff('<b>x</b> & y', '<b>z</b> & y');
    expect(toHtml(diff)).toBe(
      '<span class="t-dim">diff:     </span>&lt;b&gt;<del>x</del><ins>z</ins>&lt;/b&gt; &amp; y',
    );
  });
});

describe('where a matcher fell short', () => {
  it('a regex: the longest prefix that matches, and what the text has where the rest should', () => {
    const m = text(
      { op: 'regex', pattern: 'open every day from \\d{2}:00', flags: '' },
      'We are open every day from 9:00 to 21:00.',
    );
    expect(lines(m)).toEqual([
      '  matched:  /open every day from / matches "open every day from " at 1:8',
      '  then:     /\\d{2}:00/ should match "9:00 to 21:00."',
    ]);
  });

  it('never splits an atom from its quantifier', () => {
    expect(longestMatchingPrefix('from \\d{2}:00', '', 'from 9:00')?.prefix).toBe('from ');
    expect(longestMatchingPrefix('ab+c', '', 'abbbd')?.prefix).toBe('ab+');
    expect(longestMatchingPrefix('xyz', '', 'nothing here')).toBeUndefined();
  });

  it('a regex that would match with a flag or without an anchor says so', () => {
    expect(lines(text({ op: 'regex', pattern: 'ask any', flags: '' }, 'Ask any questions'))).toContain(
      '  hint:     it matches ignoring case: /ask any/i',
    );
    expect(lines(text({ op: 'regex', pattern: 'Hello.*bye', flags: '' }, 'Hello\nbye'))).toContain(
      '  hint:     it matches with the s flag, where . also matches a line break: /Hello.*bye/s',
    );
    expect(lines(text({ op: 'regex', pattern: '^Welcome', flags: '' }, 'Hi. Welcome'))).toContain(
      '  hint:     it matches without the ^ anchor: the text does not start there',
    );
  });

  it('contains: how much of the needle was found, else the closest line', () => {
    expect(
      lines(text({ op: 'contains', value: 'open every day from 10:00' }, 'We are open every day from 9:00 to 21:00.')),
    ).toEqual([
      '  found:    "open every day from " at 1:8 (the first 20 of 25 characters)',
      '  then:     "10:00" expected, the text has "9:00 to 21:00."',
    ]);
    expect(lines(text({ op: 'contains', value: 'best selling coffee' }, 'Hi.\nOur bestselling coffee.'))).toEqual([
      '  closest:  [-best selling-]{+Our bestselling+} coffee{+.+}  (line 2)',
    ]);
    expect(lines(text({ op: 'contains', value: 'OPEN' }, 'we are open'))).toEqual([
      '  hint:     it is there in other letter case at 1:8: "open"',
    ]);
  });

  it('not: what matched, and where', () => {
    expect(lines(text({ op: 'not', matcher: { op: 'regex', pattern: 'Price', flags: '' } }, 'The Price of A'))).toEqual(
      ['  matched:  /Price/ matches "Price of A" at 1:5'],
    );
  });

  it('lists: the closest item, or the items a `not` found', () => {
    const missing: Mismatch = {
      field: 'buttons',
      expected: 'a button matching "Prodcut A"',
      actual: ['Product A', 'Website'],
      matcher: { op: 'equals', value: 'Prodcut A' },
    };
    expect(lines(missing)).toEqual(['  closest:  "Product A"']);
    const present: Mismatch = {
      field: 'buttons',
      expected: 'no button matching /Web/',
      actual: ['Product A', 'Website'],
      matcher: { op: 'not', matcher: { op: 'regex', pattern: 'Web', flags: '' } },
    };
    expect(lines(present)).toEqual(['  found:    ["Website"]']);
  });

  it('information: a key the reply does not have, with a guess', () => {
    const m: Mismatch = {
      field: 'information.fromStart',
      expected: '"true"',
      actual: [],
      matcher: { op: 'equals', value: 'true' },
    };
    expect(
      renderMismatch(m, plainStyle, turn({ information: { formStart: ['true'], chatType: ['TEXT'] } })).slice(3),
    ).toEqual(['  hint:     the reply has no `fromStart` information; did you mean `formStart`?']);
  });

  it('keeps a huge actual text readable: cut, with a note', () => {
    const huge = 'x'.repeat(50_000);
    const out = renderMismatch(text({ op: 'equals', value: 'short' }, huge));
    expect(out[2]!.length).toBeLessThan(1_200);
    expect(out[2]).toContain('(value truncated:');
  });
});
