/**
 * Catastrophic backtracking cannot hang a run: the textbook patterns are refused when the spec
 * loads, with a positioned message; whatever slips through is stopped at run time after the
 * regex time limit, erroring that step only. Ordinary patterns keep working, and fast.
 */
import { describe, expect, it } from 'vitest';
import { backtrackingDegree, backtrackingRisk } from '../../src/regex/regex-shape.js';
import { regexProblem } from '../../src/dialogues/matcher-syntax.js';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError } from '../../src/diagnostics/problem.js';
import { matchText, REGEX_TIME_LIMIT_MS, RegexTimeoutError, regexExec } from '../../src/match/text-matcher.js';
import { tempProject } from '../helpers/temp.js';
import { shortfall } from '../../src/render/near-miss.js';

/** Exponential on a text that almost matches: refused at load. */
const CATASTROPHIC = [
  '(a+)+$',
  '(a*)*b',
  '(a+)*b',
  '^(\\w+\\s?)+$', // the classic "words separated by optional spaces"
  '(x+x+)+y', // safe-regex's example
  '(a|a)*b',
  '(a|aa)+$',
  '(.|\\s)*x',
  '(\\w|\\d)+!',
  '(\\d+|,)+x',
  '(a+){11}b',
  '^(([a-z])+.)+[A-Z]([a-z])+$', // from the OWASP ReDoS page
  '(α+α)+β', // characters outside the sample alphabet
  '(?:a+)+b',
  '(?<name>a+)+b',
  '(a+?)+b', // lazy: the same paths in another order
  '([a-z]+)+\\d',
];

/** What spec authors write: accepted. */
const ORDINARY = [
  'Product [BC]',
  'Ask any questions',
  '^Hello.*$',
  'Order (\\d+)',
  'Order (?<orderId>\\d+)',
  '(ab+)+', // each round starts with `a`, which `b+` cannot take
  '(\\w+\\s)+$',
  '^(\\w+\\.)*\\w+$',
  '(a|b)*',
  '"(?:[^"\\\\]|\\\\.)*"',
  '(\\s*,\\s*\\w+)*',
  '([A-Z][a-z]+)+',
  '\\d+(\\.\\d+)?',
  '(ab|ac)+',
  '[]]', // an empty class, then `]`
  '[\\]]+',
  '(a{2})+',
  'abcd(-[0-9a-z]{10,20}){2}', // safe-regex's false positive (bounded outer repetition)
  '(?=a+)b',
  '.*Product.*',
  '(?:Mr|Mrs)\\.? [A-Z]\\w+',
  '^\\s*(?:안녕|こんにちは|Hello)',
];

describe('the load-time check (regex-shape)', () => {
  it.each(CATASTROPHIC)('refuses /%s/', (pattern) => {
    expect(backtrackingRisk(pattern, '')).toBeDefined();
    expect(regexProblem(pattern, '')).toMatch(/exponentially many ways/);
  });

  it.each(ORDINARY)('accepts /%s/', (pattern) => {
    expect(backtrackingRisk(pattern, '')?.message).toBeUndefined();
    expect(regexProblem(pattern, '')).toBeUndefined();
  });

  it('knows the i flag makes letters of either case the same', () => {
    expect(backtrackingRisk('([A-Z][a-z]+)+', '')).toBeUndefined();
    expect(backtrackingRisk('([A-Z][a-z]+)+', 'i')).toBeDefined();
  });

  it('reads u and v flag syntax: \\p{…}, \\u{…}, nested classes', () => {
    expect(backtrackingRisk('(\\p{L}+\\s)+', 'u')).toBeUndefined();
    expect(backtrackingRisk('(\\p{L}+\\p{L})+$', 'u')).toBeDefined();
    expect(backtrackingRisk('([\\w--\\d]+,)+', 'v')).toBeUndefined();
    expect(backtrackingRisk('(\\u{1F600}+)+!', 'u')).toBeDefined();
  });

  it('bounds the degree: 1 + unbounded repetitions + backreferences', () => {
    expect(backtrackingDegree('Products', '')).toBe(1);
    expect(backtrackingDegree('Order (\\d+)', '')).toBe(2);
    expect(backtrackingDegree('.*Product.*', '')).toBe(3);
    expect(backtrackingDegree('(a)x{2,5}\\1', '')).toBe(2);
    expect(backtrackingDegree('(\\w+)\\s+\\1', '')).toBe(4);
    for (const nested of ['(ab+)+', '(a|b)*', '(?:x\\1)+', '(a{2})+'])
      expect(backtrackingDegree(nested, '')).toBe(Infinity);
  });

  it('refuses a catastrophic pattern in a spec with its file, line and column', async () => {
    const dir = tempProject({
      'slow.yaml':
        'suite: s\ndialogues:\n  - name: n\n    steps:\n      - send: hi\n        expect:\n          description: /^(\\w+\\s?)+$/\n      - send: again\n        expect: { scenarioName: { regex: "(a|aa)+$" } }\n',
    });
    const error = await loadSpecs(['slow.yaml'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems.map((p) => ({
      at: `${p.file}:${p.line}:${p.column}`,
      message: p.message,
    }));
    expect(problems).toHaveLength(2);
    expect(problems[0]!.at).toBe('slow.yaml:7:24');
    expect(problems[0]!.message).toMatch(
      /^regular expression \/\^\(\\w\+\\s\?\)\+\$\/ could take exponential time: `\\w\+` repeats inside/,
    );
    expect(problems[1]!.at).toBe('slow.yaml:9:42');
    expect(problems[1]!.message).toMatch(/the alternatives `a` and `aa`/);
  });
});

describe('the run-time time limit (text-matcher)', () => {
  it('stops a pattern the static check lets through, and says which and why', () => {
    // `(a|aa)+` in disguise: each round takes `a` or, through the backreference, `aa`
    const matcher = { op: 'regex' as const, pattern: '^((a)\\2?)+b$', flags: '' };
    expect(backtrackingRisk(matcher.pattern, '')).toBeUndefined();
    expect(backtrackingDegree(matcher.pattern, '')).toBe(Infinity);
    // 34 a's took 3 s here but under 1 s on a CI machine; each further `a` multiplies the work by ~1.6
    const text = `${'a'.repeat(48)}!`;
    const started = performance.now();
    expect(() => matchText(matcher, text)).toThrow(RegexTimeoutError);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(REGEX_TIME_LIMIT_MS * 0.9);
    expect(took).toBeLessThan(REGEX_TIME_LIMIT_MS + 1500);
    try {
      matchText(matcher, text);
    } catch (error) {
      expect((error as Error).message).toBe(
        `regular expression /${matcher.pattern}/ did not finish within ${REGEX_TIME_LIMIT_MS} ms on a text of 49 characters: simplify it (see "Regular expressions that cannot hang" in docs/spec-format.md)`,
      );
    }
  });

  it('bounds a quadratic match on a huge reply (/.*Product.*/ on 1 MB without a line break)', () => {
    const text = 'x'.repeat(1024 * 1024);
    const started = performance.now();
    expect(() => matchText({ op: 'regex', pattern: '.*Product.*', flags: '' }, text)).toThrow(RegexTimeoutError);
    expect(performance.now() - started).toBeLessThan(REGEX_TIME_LIMIT_MS + 1500);
  });

  it('runs ordinary patterns on ordinary replies directly and correctly', () => {
    const reply = 'We have three products. Product B costs 1,500 yen. Order 12345 confirmed.';
    expect(matchText({ op: 'regex', pattern: 'Product [BC]', flags: '' }, reply)).toBe(true);
    expect(matchText({ op: 'regex', pattern: '^we have', flags: 'i' }, reply)).toBe(true);
    expect(matchText({ op: 'regex', pattern: 'Product D', flags: '' }, reply)).toBe(false);
    expect(regexExec(/Order (\d+)/, reply)?.[1]).toBe('12345');
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) matchText({ op: 'regex', pattern: 'Order (\\d+) confirmed', flags: '' }, reply);
    // the guarded path costs ~100 µs a call; 20,000 direct calls take a few ms
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('still finds a match in a long text through the guarded path', () => {
    const text = `${'lorem ipsum '.repeat(100_000)}Order 777 confirmed`;
    expect(matchText({ op: 'regex', pattern: 'Order (\\d+) confirmed$', flags: '' }, text)).toBe(true);
    expect(regexExec(/Order (\d+)/, text)?.[1]).toBe('777');
    expect(regexExec(/Order (\d+)/, text)?.index).toBe(1_200_000);
  });

  it('keeps the report hints of a failing regex within their time budget (each try of a prefix is a match too)', () => {
    const text = 'x'.repeat(9_999);
    for (const pattern of ['.*Product.*cheap', '(\\w+)\\s*Product.*\\d+ yen']) {
      const started = performance.now();
      shortfall({ op: 'regex', pattern, flags: '' }, text); // took 2 s and 6 s unbounded
      expect(performance.now() - started).toBeLessThan(800);
    }
    // and ordinary hints still come
    const hint = shortfall(
      { op: 'regex', pattern: 'Product [BC] costs', flags: '' },
      'We have Product B, it costs 1,500 yen.',
    );
    expect(hint.map((line) => line.map((s) => s.text).join('')).join('\n')).toMatch(/matches "Product B"/);
  });
});
