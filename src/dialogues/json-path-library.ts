/**
 * The JSONPath library (jsonpath-rfc9535), loaded on first use: it takes ~60 ms to load (its
 * generated parser), which only specs with `json:` entries should pay, not every run's start-up.
 */
import { createRequire } from 'node:module';
import type { JsonValue } from 'jsonpath-rfc9535';

interface JsonPathLibrary {
  query(input: JsonValue, expression: string): JsonValue[];
  parse(expression: string): unknown;
}

let library: JsonPathLibrary | undefined;

export function jsonPathLibrary(): JsonPathLibrary {
  if (!library) {
    const require = createRequire(import.meta.url);
    const { query } = require('jsonpath-rfc9535') as { query: JsonPathLibrary['query'] };
    const parser = require('jsonpath-rfc9535/parser') as { default: JsonPathLibrary['parse'] };
    library = { query, parse: parser.default };
  }
  return library;
}
