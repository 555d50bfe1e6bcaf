/** Evaluating and describing text matchers. Regexes are compiled once per pattern and reused. */
import type { NumberMatcher, TextMatcher } from '../spec/types.js';

const compiled = new Map<string, RegExp>();

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

export function matchText(matcher: TextMatcher, text: string): boolean {
  switch (matcher.op) {
    case 'equals':
      return text === matcher.value;
    case 'contains':
      return text.includes(matcher.value);
    case 'regex':
      return compileRegex(matcher.pattern, matcher.flags).test(text);
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
