/**
 * `json:` — JSONPath expressions (RFC 9535) over the raw reply, for the fields the Turn does not
 * model. A selected string is matched as it is; any other value as its JSON text (`1`, `true`,
 * `null`, `["a"]`). An entry holds when some selected value matches (a top-level `not`: when none
 * does); a path that selects nothing is a mismatch that says so.
 */
import type { JsonValue } from 'jsonpath-rfc9535';
import { jsonPathLibrary } from '../dialogues/json-path-library.js';
import type { JsonExpectation } from '../dialogues/types.js';
import type { Mismatch } from './mismatch.js';
import { describeMatcher, matchAny } from './text-matcher.js';

/** The text a selected value is matched as. */
export function selectedText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Every value a path selects in the raw reply, as texts. Paths were checked when the spec loaded;
 * one from a results file written elsewhere may not have been: it selects nothing.
 */
export function selectJson(raw: unknown, path: string): string[] {
  try {
    return jsonPathLibrary()
      .query(raw as JsonValue, path)
      .map(selectedText);
  } catch {
    return [];
  }
}

export function matchJson(entries: JsonExpectation[], raw: unknown): Mismatch[] {
  const out: Mismatch[] = [];
  for (const { path, matcher, pos } of entries) {
    const values = selectJson(raw, path);
    const field = `json ${path}`;
    let mismatch: Mismatch | undefined;
    if (values.length === 0) {
      const kept =
        typeof raw === 'object' &&
        raw !== null &&
        !Array.isArray(raw) &&
        Object.keys(raw).length === 1 &&
        'truncated' in raw;
      mismatch = {
        field,
        expected: `${describeMatcher(matcher)}, but the path selects nothing in the reply${kept ? ' (its body was too large to keep)' : ''}`,
        actual: [],
        matcher,
      };
    } else if (!matchAny(matcher, values)) {
      mismatch = {
        field,
        expected: describeMatcher(matcher),
        actual: values.length === 1 ? values[0]! : values,
        matcher,
      };
    }
    if (mismatch) out.push(pos ? { ...mismatch, pos } : mismatch);
  }
  return out;
}
