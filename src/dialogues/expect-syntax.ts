/**
 * A step's raw `expect:` mapping → typed expectations: matchers built from what the spec wrote, each
 * bubble and JSONPath entry keeping where it was written so a failure can point at its line.
 */
import type { SourcePos } from '../diagnostics/problem.js';
import type { SchemaIssue } from '../yaml/schema-dsl.js';
import type { Path, YamlSource } from '../yaml/yaml-source.js';
import { jsonPathProblem } from './json-path-syntax.js';
import { toNumberMatcher, toTextMatcher } from './matcher-syntax.js';
import {
  LIST_EXPECT_KEYS,
  type BubbleExpectation,
  type BubbleField,
  type Expectations,
  type JsonExpectation,
  type TextMatcher,
} from './types.js';

/** The matcher-valued keys of `expect:` (bubbles and json, which need positions, are built apart). */
export function toExpectations(raw: Record<string, unknown>): Expectations {
  const out: Expectations = {};
  const text = (key: 'scenarioName' | 'chatType' | 'description') => {
    if (raw[key] !== undefined) out[key] = toTextMatcher(raw[key]);
  };
  text('scenarioName');
  text('chatType');
  text('description');
  for (const key of LIST_EXPECT_KEYS) {
    const value = raw[key] as unknown[] | undefined;
    if (value !== undefined) out[key] = value.map(toTextMatcher);
  }
  if (raw.information !== undefined) {
    // fromEntries defines own keys: `info['__proto__'] = …` would set the prototype and drop the check
    out.information = Object.fromEntries(
      Object.entries(raw.information as Record<string, unknown>).map(([key, value]) => [key, toTextMatcher(value)]),
    );
  }
  if (raw.score !== undefined) out.score = toNumberMatcher(raw.score);
  if (raw.latencyMs !== undefined) out.latencyMs = toNumberMatcher(raw.latencyMs);
  return out;
}

const BUBBLE_TEXT_FIELDS = ['type', 'chatType', 'description', 'imageUrl', 'url'] as const;

/** `bubbles:` items, each keeping where it and each of its keys were written. */
export function toBubbles(source: YamlSource, items: Array<Record<string, unknown>>, path: Path): BubbleExpectation[] {
  return items.map((item, i) => {
    const at: Path = [...path, i];
    const out: BubbleExpectation = { at: pos(source, at), pos: {} };
    for (const key of BUBBLE_TEXT_FIELDS) if (item[key] !== undefined) out[key] = toTextMatcher(item[key]);
    if (item.buttons !== undefined) out.buttons = (item.buttons as unknown[]).map(toTextMatcher);
    if (item.information !== undefined)
      out.information = Object.fromEntries(
        Object.entries(item.information as Record<string, unknown>).map(([k, v]) => [k, toTextMatcher(v)]),
      );
    for (const key of Object.keys(item) as BubbleField[]) out.pos![key] = pos(source, [...at, key], true);
    return out;
  });
}

/** `json:` entries in the order written; an expression that is not JSONPath is a spec error at its key. */
export function toJson(
  source: YamlSource,
  raw: Record<string, unknown>,
  path: Path,
  issues: SchemaIssue[],
): JsonExpectation[] {
  return Object.entries(raw).map(([expression, value]) => {
    const at: Path = [...path, expression];
    const problem = jsonPathProblem(expression);
    if (problem)
      issues.push({
        path: at,
        atKey: true,
        code: 'bad-json-path',
        message: problem,
        hint: 'write an RFC 9535 JSONPath, e.g. `$.scenario.intent[0]` or `$.bubbles[1].data.description`',
      });
    const matcher: TextMatcher = toTextMatcher(value);
    return { path: expression, matcher, pos: pos(source, at, true) };
  });
}

/** Where a path was written (its key, with `key`): the spec's position without the rest of locate's answer. */
export function pos(source: YamlSource, path: Path, key = false): SourcePos {
  const { file, line, column } = source.locate(path, { key });
  return { file, line, column };
}
