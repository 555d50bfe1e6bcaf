/**
 * Texts are texts. YAML reads `send: 007` as the number 7, `0x1F` as 31, `1.10` as 1.1 and a long
 * id as 1.2345678901234568e+29; a spec that sends or expects them would send and expect something
 * else than the author wrote. So before a spec is validated, every number or boolean in a text
 * position is replaced by its source text, exactly as written. Only the keys whose values are
 * numbers or flags by nature keep the parsed value.
 */
import type { YamlSource } from './yaml-source.js';

/** Which keys of a file format hold real numbers and flags; every other scalar is a text. */
export interface ScalarKeys {
  numbers: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  /** Subtrees sent as written (raw JSON in a bot file): numbers and booleans there stay. */
  verbatim?: ReadonlySet<string>;
}

/** Specs: timeouts, the number matchers of `score` and `latencyMs`, and the flags. */
export const SPEC_SCALARS: ScalarKeys = {
  numbers: new Set(['timeoutMs', 'score', 'latencyMs', 'equals', 'gt', 'gte', 'lt', 'lte', 'retries']),
  booleans: new Set(['skip', 'only']),
};

type Path = Array<string | number>;

export function keepWrittenScalars(source: YamlSource, keys: ScalarKeys = SPEC_SCALARS): void {
  const NUMBER_KEYS = keys.numbers;
  const BOOLEAN_KEYS = keys.booleans;
  let lines: string[] | undefined;
  const written = (path: Path, value: number | boolean): string => {
    const fallback = String(value);
    let pos;
    try {
      pos = source.locate(path);
    } catch {
      return fallback;
    }
    // a part of a big file says its own lines: splitting the whole text per part would be quadratic
    const line = source.lineText ? source.lineText(pos.line) : (lines ??= source.text.split(/\r?\n/))[pos.line - 1];
    // a number or a boolean is one plain scalar on one line: it ends at a comment, or in a flow
    // collection at `,`, `]` or `}` (none of which a number or a boolean contains)
    const rest = line?.slice(pos.column - 1) ?? '';
    const text = rest.split(/\s#|[,\]}]/, 1)[0]!.trim();
    // the slice must be this very scalar: a number that reads back the same, or the boolean's word
    if (typeof value === 'boolean') return text.toLowerCase() === fallback ? text : fallback;
    return text !== '' && Number(text.replace(/_/g, '')) === value ? text : fallback;
  };
  // aliases share nodes (and may nest exponentially or in a cycle): each object is visited once.
  // A Set, not a WeakSet: the walk holds the value anyway, and a WeakSet's entries are weighed by
  // every garbage collection while it lives (`run --list` on one 10,000-dialogue file: 12.8 G
  // instructions with a WeakSet, 8.3 G with a Set)
  const seen = new Set<object>();
  // one path, pushed and popped as the walk goes: copied only for a number or boolean found
  const path: Path = [];
  const visit = (node: unknown, key: string | undefined): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const replaced = scalar(node[i], key);
        if (replaced !== undefined) node[i] = replaced;
        else visit(node[i], key);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const name of Object.keys(record)) {
      if (keys.verbatim?.has(name)) continue;
      path.push(name);
      const replaced = scalar(record[name], name);
      if (replaced !== undefined)
        Object.defineProperty(record, name, { value: replaced, enumerable: true, writable: true, configurable: true });
      else visit(record[name], name);
      path.pop();
    }
  };
  const scalar = (value: unknown, key: string | undefined): string | undefined => {
    if (typeof value === 'number' && !(key !== undefined && NUMBER_KEYS.has(key))) return written([...path], value);
    if (typeof value === 'boolean' && !(key !== undefined && BOOLEAN_KEYS.has(key))) return written([...path], value);
    return undefined;
  };
  visit(source.value, undefined);
}
