/**
 * Evaluating and describing text matchers. Regexes are compiled once per pattern and reused.
 *
 * A regex runs under a time limit (docs/spec-format.md, "Regular expressions that cannot hang"):
 * the spec loader refuses the textbook catastrophic patterns, but a backtracking engine can still
 * spend hours on a quadratic pattern over a 10 MB reply. When the text is short enough for the
 * pattern's shape to be harmless (length^degree under DIRECT_STEPS) it runs directly; otherwise it
 * runs in a vm context with a timeout, which V8 can interrupt mid-match (~0.1 ms a call, so only
 * when needed). Over the limit, RegexTimeoutError: the step errors, the run goes on.
 */
import { createContext, Script } from 'node:vm';
import type { NumberMatcher, TextMatcher } from '../dialogues/types.js';
import { backtrackingDegree } from '../regex/regex-shape.js';
import { monotonicMs } from '../io/clock.js';

/** Longest one regex match may run. */
export const REGEX_TIME_LIMIT_MS = 1000;
/** Backtracking steps a direct match may risk: about 25 ms on V8. */
const DIRECT_STEPS = 1e7;

export class RegexTimeoutError extends Error {
  constructor(
    readonly pattern: string,
    readonly flags: string,
    readonly textLength: number,
    limitMs: number,
  ) {
    super(
      `regular expression /${pattern}/${flags} did not finish within ${limitMs} ms on a text of ${textLength.toLocaleString('en-US')} characters: simplify it (see "Regular expressions that cannot hang" in docs/spec-format.md)`,
    );
    this.name = 'RegexTimeoutError';
  }
}

const compiled = new Map<string, RegExp>();
/** Degree by `flags/source`, for any RegExp handed to regexExec. */
const degrees = new Map<string, number>();

export function compileRegex(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    re = new RegExp(pattern, flags);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

function degreeOf(re: RegExp): number {
  const key = `${re.flags}/${re.source}`;
  let degree = degrees.get(key);
  if (degree === undefined) {
    degree = backtrackingDegree(re.source, re.flags);
    if (degrees.size > 10_000) degrees.clear();
    degrees.set(key, degree);
  }
  return degree;
}

interface Sandbox {
  re: RegExp | undefined;
  text: string;
}
// made on the first guarded match: a V8 context costs ~1.5 ms, and most runs never need one
let sandbox: Sandbox | undefined;
let guardedExec: Script | undefined;

/**
 * `re.exec(text)` within the time limit. `deadline` (a monotonicMs() value) shortens the
 * limit, for callers that share one budget among many matches (report hints).
 */
export function regexExec(re: RegExp, text: string, deadline?: number): RegExpExecArray | null {
  const limitMs =
    deadline === undefined ? REGEX_TIME_LIMIT_MS : Math.min(REGEX_TIME_LIMIT_MS, Math.floor(deadline - monotonicMs()));
  if (Math.max(text.length, 2) ** degreeOf(re) <= DIRECT_STEPS) return re.exec(text);
  if (limitMs < 1) throw new RegexTimeoutError(re.source, re.flags, text.length, 0);
  sandbox ??= createContext({ re: undefined, text: '' }) as Sandbox;
  guardedExec ??= new Script('re.exec(text)');
  sandbox.re = re;
  sandbox.text = text;
  try {
    return guardedExec.runInContext(sandbox, { timeout: limitMs }) as RegExpExecArray | null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new RegexTimeoutError(re.source, re.flags, text.length, limitMs);
    throw error;
  } finally {
    sandbox.re = undefined;
    sandbox.text = '';
  }
}

export function matchText(matcher: TextMatcher, text: string): boolean {
  switch (matcher.op) {
    case 'equals':
      return text === matcher.value;
    case 'contains':
      return text.includes(matcher.value);
    case 'regex':
      return regexExec(compileRegex(matcher.pattern, matcher.flags), text) !== null;
    case 'not':
      return !matchText(matcher.matcher, text);
    case 'anyOf':
      return matcher.matchers.some((m) => matchText(m, text));
  }
}

/**
 * Matching against several values (chat types, button titles, information values): holds when
 * some value matches, except that a top-level `not` holds only when no value matches its inner
 * matcher — `chatType: {not: NOANSWER}` means "no NOANSWER", which is what authors mean.
 */
export function matchAny(matcher: TextMatcher, values: readonly string[]): boolean {
  if (matcher.op === 'not') return !values.some((v) => matchText(matcher.matcher, v));
  return values.some((v) => matchText(matcher, v));
}

/** How a matcher reads in messages: `"Products"`, `/Product [BC]/`, `contains "products"`, … */
export function describeMatcher(matcher: TextMatcher): string {
  switch (matcher.op) {
    case 'equals':
      return JSON.stringify(matcher.value);
    case 'contains':
      return `contains ${JSON.stringify(matcher.value)}`;
    case 'regex':
      return `/${matcher.pattern}/${matcher.flags}`;
    case 'not':
      return `not ${describeMatcher(matcher.matcher)}`;
    case 'anyOf':
      return `any of ${matcher.matchers.map(describeMatcher).join(', ')}`;
  }
}

const COMPARISONS: Array<[keyof NumberMatcher, string, (a: number, b: number) => boolean]> = [
  ['equals', '=', (a, b) => a === b],
  ['gt', '>', (a, b) => a > b],
  ['gte', '≥', (a, b) => a >= b],
  ['lt', '<', (a, b) => a < b],
  ['lte', '≤', (a, b) => a <= b],
];

export function matchNumber(matcher: NumberMatcher, value: number | null): boolean {
  if (value === null) return false;
  return COMPARISONS.every(([key, , holds]) => matcher[key] === undefined || holds(value, matcher[key]));
}

export function describeNumberMatcher(matcher: NumberMatcher): string {
  return COMPARISONS.filter(([key]) => matcher[key] !== undefined)
    .map(([key, symbol]) => `${symbol} ${matcher[key]}`)
    .join(' and ');
}
