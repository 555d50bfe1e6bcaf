/** Matcher syntax: YAML values → typed matchers, and the regex checks the schema runs on strings. */
import type { NumberMatcher, TextMatcher } from './types.js';
import { hasTemplate } from './variables.js';
import { backtrackingRisk } from '../regex/regex-shape.js';

const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;
const ALLOWED_FLAGS = new Set(['i', 'm', 's', 'u', 'v']);

/** `/pattern/flags` → its parts, or undefined when the string is plain text. */
export function parseRegexLiteral(text: string): { pattern: string; flags: string } | undefined {
  if (text.length < 2) return undefined;
  const m = REGEX_LITERAL.exec(text);
  return m ? { pattern: m[1]!, flags: m[2]! } : undefined;
}

/**
 * Why a pattern is unusable, or undefined. g and y make matching stateful, so they are refused;
 * patterns prone to catastrophic backtracking (regex-shape.ts) are refused too.
 */
export function regexProblem(pattern: string, flags: string): string | undefined {
  // a big spec repeats its patterns (`/product/i` in every dialogue): each is analysed once
  const key = `${flags}/${pattern}`;
  if (judged.has(key)) return judged.get(key);
  if (judged.size >= JUDGED_MAX) judged.clear();
  const problem = judgeRegex(pattern, flags);
  judged.set(key, problem);
  return problem;
}

const JUDGED_MAX = 1_000;
const judged = new Map<string, string | undefined>();

function judgeRegex(pattern: string, flags: string): string | undefined {
  for (const flag of flags) {
    if (!ALLOWED_FLAGS.has(flag)) return `regular expression flag \`${flag}\` is not supported (use i, m, s, u or v)`;
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return `bad regular expression /${pattern}/${flags}: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`;
  }
  // the shape analysis below (and the run-time one) recurse per group: bound the depth first
  const depth = groupDepth(pattern);
  if (depth > MAX_GROUP_DEPTH) return `regular expression nests groups ${depth} deep: at most ${MAX_GROUP_DEPTH}`;
  // catastrophic backtracking would hang the run on a reply that almost matches: refuse it here
  const risk = backtrackingRisk(pattern, flags);
  return risk ? `regular expression /${pattern}/${flags} could take exponential time: ${risk.message}` : undefined;
}

/** Deeper nesting than this is refused: no hand-written pattern comes near it. */
export const MAX_GROUP_DEPTH = 100;

/** The deepest nesting of `(` in a pattern, skipping escapes and character classes: one linear scan. */
export function groupDepth(pattern: string): number {
  let depth = 0;
  let deepest = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === ')') depth--;
  }
  return deepest;
}

/** Schema check for a plain matcher string: only `/…/` strings are regexes. */
export function checkRegexLiteral(text: string): string | undefined {
  // with `${…}` in it, a pattern is checked by the loader once the variables are filled in
  if (hasTemplate(text)) return undefined;
  const literal = parseRegexLiteral(text);
  return literal ? regexProblem(literal.pattern, literal.flags) : undefined;
}

/** Schema check for `{regex: …}`: a bare pattern, or a /pattern/flags literal. */
export function checkRegexText(text: string): string | undefined {
  if (hasTemplate(text)) return undefined;
  const literal = parseRegexLiteral(text);
  return literal ? regexProblem(literal.pattern, literal.flags) : regexProblem(text, '');
}

/** A validated matcher value → TextMatcher. */
export function toTextMatcher(value: unknown): TextMatcher {
  if (typeof value === 'number') return { op: 'equals', value: String(value) };
  if (typeof value === 'string') {
    const literal = parseRegexLiteral(value);
    return literal ? { op: 'regex', ...literal } : { op: 'equals', value };
  }
  const record = value as Record<string, unknown>;
  if ('equals' in record) return { op: 'equals', value: String(record.equals) };
  if ('contains' in record) return { op: 'contains', value: String(record.contains) };
  if ('regex' in record) {
    const text = String(record.regex);
    return { op: 'regex', ...(parseRegexLiteral(text) ?? { pattern: text, flags: '' }) };
  }
  if ('not' in record) return { op: 'not', matcher: toTextMatcher(record.not) };
  return { op: 'anyOf', matchers: (record.anyOf as unknown[]).map(toTextMatcher) };
}

export function toNumberMatcher(value: unknown): NumberMatcher {
  return typeof value === 'number' ? { equals: value } : { ...(value as NumberMatcher) };
}
