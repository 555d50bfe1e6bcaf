/**
 * YAML text → plain value, with a way back from any path in that value to its line and column.
 * Loaders validate the plain value and ask `locate` where a problem sits, so every error can point
 * at the spec line even through anchors, aliases and merge keys.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Problem, SourcePos } from '../diagnostics/problem.js';
import { originalOffset, quoteFlowRegexes, type Rewrite } from './flow-regex.js';

export type Path = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  text: string;
  value: unknown;
  /** Position of the value at `path` (or of its key, with `key: true`); the nearest ancestor when the path is synthetic. */
  locate(path: Path, options?: { key?: boolean }): SourcePos & { length: number };
  /** The text of a 1-based line without its line break, when the source can say it without splitting `text`. */
  lineText?(line: number): string | undefined;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

type Documents = ReturnType<typeof parseAllDocuments>;

function parseDocuments(text: string): Documents {
  return parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true });
}

function hasErrors(docs: Documents): boolean {
  return !Array.isArray(docs) || docs.some((d) => d.errors.length > 0);
}

export function parseYamlSource(file: string, text: string): YamlParse {
  let docs = parseDocuments(text);
  // `[A, /B [C]/]` is not YAML, but it is what authors write: retry with such regexes quoted
  let rewrite: Rewrite | undefined;
  if (hasErrors(docs)) {
    const candidate = quoteFlowRegexes(text);
    const reparsed = candidate ? parseDocuments(candidate.text) : undefined;
    if (candidate && reparsed && !hasErrors(reparsed)) {
      rewrite = candidate;
      docs = reparsed;
    }
  }
  const linePos = lineIndex(text);
  const mapOffset = (offset: number) => (rewrite ? originalOffset(rewrite, offset) : offset);
  const toPos = (offset: number): SourcePos => {
    const { line, column } = linePos(mapOffset(offset));
    return { file, line, column };
  };
  const list = Array.isArray(docs) ? docs : [];
  const problems: Problem[] = [];
  for (const doc of list) {
    for (const error of doc.errors) {
      const pos = toPos(error.pos[0]);
      // `${name}` inside [ ] or { } is not plain YAML: say how to write it
      const templateHint = /[[{][^\n]*\$\{/.test(text.split('\n')[pos.line - 1] ?? '')
        ? { hint: 'quote a text holding `${…}` inside [ ] or { }: "Hi ${name}"' }
        : {};
      problems.push({
        ...pos,
        code: 'yaml-syntax',
        message: yamlMessage(error.code, error.message),
        length: Math.max(1, error.pos[1] - error.pos[0]),
        ...templateHint,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (list.length > 1) {
    const second = list[1]!;
    const offset = second.range?.[0] ?? 0;
    return {
      ok: false,
      problems: [
        {
          ...toPos(offset),
          code: 'multiple-documents',
          message: 'a spec file holds one YAML document',
          hint: 'split the file, one suite per file',
        },
      ],
    };
  }
  const doc = list[0];
  let value: unknown;
  try {
    value = doc ? doc.toJS({ maxAliasCount: 1000 }) : null;
  } catch (error) {
    // toJS throws on alias bombs and similar abuse
    return {
      ok: false,
      problems: [{ file, line: 1, column: 1, code: 'yaml-syntax', message: (error as Error).message }],
    };
  }
  return {
    ok: true,
    source: {
      file,
      text,
      value,
      locate(path, options) {
        const found = doc ? findNode(doc, path, options?.key === true) : undefined;
        if (!found?.range) return { file, line: 1, column: 1, length: 1 };
        const start = mapOffset(found.range[0]);
        const end = mapOffset(found.range[1]);
        const { line, column } = linePos(start);
        return { file, line, column, length: Math.max(1, Math.min(end, lineEnd(text, start)) - start) };
      },
    },
  };
}

/** The 0-based index of the line holding `offset`, given each line's start offset (a binary search). */
export function lineIndexOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Offset → 1-based line and column (in UTF-16 units, as editors count for BMP text). */
function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return (offset) => {
    const lo = lineIndexOf(starts, offset);
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/** Turns the yaml package's messages into one short line (they carry their own context lines). */
function yamlMessage(code: string, message: string): string {
  const first = message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  if (code === 'DUPLICATE_KEY')
    return (
      'duplicate key: ' + first.replace(/^Map keys must be unique;?\s*/i, '').replace(/^$/, 'map keys must be unique')
    );
  return `YAML syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function findNode(doc: Document, path: Path, wantKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = isNodeLike(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    node = resolve(doc, node);
    const segment = path[i]!;
    const isLast = i === path.length - 1;
    if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else if (isMap(node)) {
      const pair = findPair(doc, node, String(segment));
      if (!pair) return last;
      if (isLast && wantKey && isNodeLike(pair.key)) return pair.key;
      node = pair.value ?? pair.key;
    } else {
      return last;
    }
    if (isNodeLike(node)) last = node;
    else return last;
  }
  return last;
}

interface PairLike {
  key: unknown;
  value: unknown;
}

function findPair(doc: Document, map: { items: PairLike[] }, key: string): PairLike | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  // merge keys (<<: *base) bring pairs from elsewhere; positions point into the anchored map
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === '<<') {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const merged = resolve(doc, source);
        if (isMap(merged)) {
          const found = findPair(doc, merged as unknown as { items: PairLike[] }, key);
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}

function resolve(doc: Document, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(doc);
  return current;
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value && Array.isArray((value as Node).range);
}
