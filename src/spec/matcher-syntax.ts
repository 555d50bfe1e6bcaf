/** YAML values → typed matchers. Structure is already validated; this adds meaning (regex syntax). */
import type { NumberMatcher, TextMatcher } from './types.js';
import type { SchemaIssue } from './schema-dsl.js';
import type { Path } from './yaml-source.js';

const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;
const ALLOWED_FLAGS = new Set(['i', 'm', 's', 'u', 'v']);

/** `/pattern/flags` → its parts, or undefined when the string is plain text. */
export function parseRegexLiteral(text: string): { pattern: string; flags: string } | undefined {
  if (text.length < 2) return undefined;
  const m = REGEX_LITERAL.exec(text);
  return m ? { pattern: m[1]!, flags: m[2]! } : undefined;
}

/** Checks a pattern compiles with flags we allow (g and y make matching stateful, so they are refused). */
export function regexProblem(pattern: string, flags: string): string | undefined {
  for (const flag of flags) {
    if (!ALLOWED_FLAGS.has(flag)) return `regular expression flag \`${flag}\` is not supported (use i, m, s, u or v)`;
  }
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return `bad regular expression /${pattern}/${flags}: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

export function toTextMatcher(value: unknown, path: Path, issues: SchemaIssue[]): TextMatcher {
  if (typeof value === 'number') return { op: 'equals', value: String(value) };
  if (typeof value === 'string') {
    const literal = parseRegexLiteral(value);
    if (!literal) return { op: 'equals', value };
    return regexMatcher(literal.pattern, literal.flags, path, issues);
  }
  const record = value as Record<string, unknown>;
  if ('equals' in record) return { op: 'equals', value: String(record.equals) };
  if ('contains' in record) return { op: 'contains', value: String(record.contains) };
  if ('regex' in record) {
    const text = String(record.regex);
    const literal = parseRegexLiteral(text);
    return literal ? regexMatcher(literal.pattern, literal.flags, [...path, 'regex'], issues) : regexMatcher(text, '', [...path, 'regex'], issues);
  }
  if ('not' in record) return { op: 'not', matcher: toTextMatcher(record.not, [...path, 'not'], issues) };
  const options = record.anyOf as unknown[];
  return { op: 'anyOf', matchers: options.map((o, i) => toTextMatcher(o, [...path, 'anyOf', i], issues)) };
}

function regexMatcher(pattern: string, flags: string, path: Path, issues: SchemaIssue[]): TextMatcher {
  const problem = regexProblem(pattern, flags);
  if (problem) issues.push({ path, code: 'bad-regex', message: problem });
  return { op: 'regex', pattern, flags };
}

export function toNumberMatcher(value: unknown, path: Path, issues: SchemaIssue[]): NumberMatcher {
  if (typeof value === 'number') return { equals: value };
  const record = value as NumberMatcher;
  if (Object.keys(record).length === 0) issues.push({ path, code: 'empty-comparison', message: 'a comparison needs at least one of `equals`, `gt`, `gte`, `lt`, `lte`' });
  return { ...record };
}
