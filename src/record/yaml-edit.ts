/**
 * Writing values into a spec file's `expect` maps without disturbing anything else: the file is
 * parsed with the yaml package's Document API only to find where things are (node ranges), and
 * the new text is spliced into the original bytes. Comments, key order, quoting, blank lines, flow
 * or block style and line endings outside the written values stay byte for byte. Every edit is
 * checked by parsing the result: if a value does not read back as written, nothing is written.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { originalOffset, quoteFlowRegexes } from '../yaml/flow-regex.js';
import { lineIndexOf } from '../yaml/yaml-source.js';
import { isListPatch } from './observe.js';

export interface ValueSet {
  /** Key path inside `expect`: `['scenarioName']`, `['information', 'formStart']`. */
  path: string[];
  value: unknown;
}

export interface StepEdit {
  /** The step's position (1-based), as the loader reports it. */
  line: number;
  column: number;
  set: ValueSet[];
  /** Keep keys already present; add only the missing ones. */
  onlyMissing: boolean;
}

export interface EditResult {
  text: string;
  /** Values written (replaced or added). */
  written: number;
  /** Edits whose step was not found (the file changed since it was run?). */
  notFound: StepEdit[];
  /** Steps left alone, with why (an alias, an odd `expect`). */
  skipped: Array<{ edit: StepEdit; reason: string }>;
}

export class SpecEditError extends Error {}

interface Splice {
  at: number;
  end: number;
  text: string;
}

const MATCHER_KEYS = new Set(['equals', 'contains', 'regex', 'not', 'anyOf']);

export function editSpecText(text: string, edits: StepEdit[]): EditResult {
  const parsed = parseForEdit(text);
  const { doc, toOriginal } = parsed;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const column0 = (offset: number) => {
    const lo = lineIndexOf(lineStarts, offset);
    return { line: lo + 1, column: offset - lineStarts[lo]! };
  };
  const start = (n: Node) => toOriginal(n.range![0]);
  /** End of a node's value, trailing blank space and newlines excluded. */
  const end = (n: Node) => {
    let e = toOriginal(n.range![1]);
    const s = start(n);
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    return e;
  };
  const lineEnd = (offset: number) => {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    return text[nl - 1] === '\r' ? nl - 1 : nl;
  };

  const steps = new Map<string, { node: Node; ordinal: number }>();
  let ordinal = 0;
  for (const node of stepNodes(doc)) {
    const { line, column } = column0(start(node));
    steps.set(`${line}:${column + 1}`, { node, ordinal: ordinal++ });
  }
  const checks: Array<{ ordinal: number; edit: StepEdit }> = [];

  const fileUnit = indentUnit(
    [...steps.values()].map((s) => s.node),
    start,
    column0,
  );
  const splices: Splice[] = [];
  const result: EditResult = { text, written: 0, notFound: [], skipped: [] };
  for (const edit of edits) {
    const found = steps.get(`${edit.line}:${edit.column}`);
    if (!found) {
      result.notFound.push(edit);
      continue;
    }
    const step = found.node;
    if (!isMap(step)) {
      result.skipped.push({ edit, reason: 'the step is not written as a map here (an alias?)' });
      continue;
    }
    checks.push({ ordinal: found.ordinal, edit });
    const unit = fileUnit;
    const ctx = { doc, text, eol, unit, start, end, lineEnd, column0, splices };
    const expect = findPair(step, 'expect');
    if (!expect) {
      result.written += edit.set.length;
      insertPairs(ctx, step, [['expect', nest(edit.set)]]);
      continue;
    }
    const value = expect.value as Node | null;
    if (!value || (isScalar(value) && (value.value === null || value.value === ''))) {
      result.written += edit.set.length;
      replaceValue(ctx, step, expect, nest(edit.set));
      continue;
    }
    if (!isMap(value)) {
      result.skipped.push({ edit, reason: '`expect` is not a map here' });
      continue;
    }
    result.written += setInMap(ctx, value, edit.set, edit.onlyMissing);
  }

  let out = text;
  for (const s of splices.sort((a, b) => b.at - a.at)) out = out.slice(0, s.at) + s.text + out.slice(s.end);
  result.text = out;
  if (result.written > 0) verify(out, checks);
  return result;
}

type Ctx = {
  doc: Document;
  text: string;
  eol: string;
  unit: number;
  start: (n: Node) => number;
  end: (n: Node) => number;
  lineEnd: (offset: number) => number;
  column0: (offset: number) => { line: number; column: number };
  splices: Splice[];
};

/** Sets values in an existing `expect` map (or `information` inside it); returns how many were written. */
function setInMap(ctx: Ctx, map: YAMLMap, sets: ValueSet[], onlyMissing: boolean): number {
  let written = 0;
  const add: Array<[string, unknown]> = [];
  const nested = new Map<string, ValueSet[]>();
  for (const set of sets) {
    const [key, ...rest] = set.path;
    if (rest.length) {
      nested.set(key!, [...(nested.get(key!) ?? []), { path: rest, value: set.value }]);
      continue;
    }
    const pair = findPair(map, key!);
    if (isListPatch(set.value)) {
      // the list is rewritten item by item: it must still be the list the run saw
      if (!pair || !patchList(ctx, pair, set))
        throw new SpecEditError(
          `${set.path.join('.')} is no longer the list the run checked (was the file edited during the run?); the file was left unchanged`,
        );
    } else if (!pair) add.push([key!, set.value]);
    else if (onlyMissing) continue;
    else replaceValue(ctx, map, pair, set.value);
    written++;
  }
  for (const [key, inner] of nested) {
    const pair = findPair(map, key);
    if (!pair) {
      add.push([key, nest(inner)]);
      written += inner.length;
    } else if (isMap(pair.value)) {
      written += setInMap(ctx, pair.value, inner, onlyMissing);
    }
  }
  if (add.length) insertPairs(ctx, map, add);
  return written;
}

function insertPairs(ctx: Ctx, map: YAMLMap, pairs: Array<[string, unknown]>): void {
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
  const lastNode = (last?.value as Node | null) ?? (last?.key as Node | undefined);
  if (map.flow) {
    const text = pairs.map(([k, v]) => `${k}:${valueText(v, 0, ctx.unit, true)}`).join(', ');
    if (!lastNode) {
      ctx.splices.push({ at: ctx.start(map), end: ctx.end(map), text: `{ ${text} }` });
      return;
    }
    const at = ctx.end(lastNode);
    ctx.splices.push({ at, end: at, text: `, ${text}` });
    return;
  }
  const indent = ctx.column0(ctx.start(map.items[0]!.key as Node)).column;
  const pad = ' '.repeat(indent);
  const text = pairs
    .map(([k, v]) => `${ctx.eol}${pad}${k}:${valueText(v, indent, ctx.unit, false).replaceAll('\n', ctx.eol)}`)
    .join('');
  const at = ctx.lineEnd(ctx.end(lastNode!));
  ctx.splices.push({ at, end: at, text });
}

/**
 * Writes a ListPatch: kept items keep their source text byte for byte (templates, quoting,
 * comments inside a flow item), new ones are written as record writes them. The set's value
 * becomes the plain list the file will read as, for the check after editing.
 */
function patchList(ctx: Ctx, pair: Pair, set: ValueSet): boolean {
  const old = pair.value as Node | null;
  if (!isListPatch(set.value) || !old || !isSeq(old)) return false;
  const items = old.items as Node[];
  const entries = set.value.entries;
  if (entries.some((e) => 'keep' in e && !items[e.keep])) return false;
  set.value = entries.map((e) => ('keep' in e ? items[e.keep]!.toJS(ctx.doc) : e.value));
  if (!old.flow && entries.length > 0) {
    // a block list is edited item by item, so the comments beside kept items stay where they are
    const kept = new Set(entries.flatMap((e) => ('keep' in e ? [e.keep] : [])));
    const replaced = new Map(entries.flatMap((e) => ('replaces' in e ? [[e.replaces, e.value] as const] : [])));
    items.forEach((item, i) => {
      if (kept.has(i)) return;
      if (replaced.has(i))
        return void ctx.splices.push({ at: ctx.start(item), end: ctx.end(item), text: flowText(replaced.get(i)) });
      // removed: its whole line(s), the comment beside it included
      const from = ctx.text.lastIndexOf('\n', ctx.start(item)) + 1;
      const to = ctx.lineEnd(ctx.end(item));
      ctx.splices.push({ at: from, end: ctx.text[to] === '\r' ? to + 2 : to + 1, text: '' });
    });
  } else {
    const texts = entries.map((e) =>
      'keep' in e ? ctx.text.slice(ctx.start(items[e.keep]!), ctx.end(items[e.keep]!)) : flowText(e.value),
    );
    ctx.splices.push({ at: ctx.start(old), end: ctx.end(old), text: `[${texts.join(', ')}]` });
  }
  return true;
}

function replaceValue(ctx: Ctx, map: YAMLMap, pair: Pair, value: unknown): void {
  const keyNode = pair.key as Node;
  const old = pair.value as Node | null;
  const indent = ctx.column0(ctx.start(keyNode)).column;
  // after the key's colon
  const colon = ctx.text.indexOf(':', ctx.end(keyNode)) + 1;
  if (old && isSeq(old) && !old.flow && Array.isArray(value) && value.length > 0) {
    // a block list stays a block list, its comments and indentation kept
    const itemPad = ' '.repeat(ctx.column0(ctx.start(old)).column);
    const items = value.map((v) => `- ${valueText(v, 0, ctx.unit, true).trimStart()}`).join(`${ctx.eol}${itemPad}`);
    ctx.splices.push({ at: ctx.start(old), end: ctx.end(old), text: items });
    return;
  }
  const from = old && ctx.end(old) > ctx.start(old) ? ctx.start(old) : colon;
  const gap = ctx.text.slice(colon, from);
  const flow = map.flow === true;
  if (gap.includes('#') || gap.includes('\n')) {
    // a comment between the key and its value: keep it, write the value where the old one began
    ctx.splices.push({ at: from, end: ctx.end(old!), text: valueText(value, indent, ctx.unit, true).trimStart() });
    return;
  }
  const endAt = old && ctx.end(old) > ctx.start(old) ? ctx.end(old) : colon;
  ctx.splices.push({ at: colon, end: endAt, text: valueText(value, indent, ctx.unit, flow).replaceAll('\n', ctx.eol) });
}

/**
 * What follows `key:` for a value, leading space included: ` Products`, ` [A, B]`,
 * ` { not: /./ }`, a block scalar (` |-` and its lines) or nested keys, indented under a key at
 * `indent`. Lists and matchers are written in flow style, as authors write them; structural maps
 * (`expect`, `information`) in block style unless `flowOnly`.
 */
export function valueText(value: unknown, indent: number, unit: number, flowOnly: boolean): string {
  if (flowOnly || Array.isArray(value) || isMatcher(value)) return ` ${flowText(value)}`;
  if (value !== null && typeof value === 'object') {
    const pad = ' '.repeat(indent + unit);
    return Object.entries(value)
      .map(([k, v]) => `\n${pad}${scalarText(k, false)}:${valueText(v, indent + unit, unit, false)}`)
      .join('');
  }
  const printed = new Document({ k: value }).toString({ lineWidth: 0, indent: unit }).replace(/\n$/, '');
  const [first, ...rest] = printed.split('\n');
  const pad = ' '.repeat(indent);
  return `${first!.replace(/^k:/, '')}${rest.map((l) => `\n${l === '' ? '' : pad}${l}`).join('')}`;
}

/** Flow style, as written by hand: `[A, "B, C"]`, `{ not: /./ }`. */
function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${scalarText(k, true)}: ${flowText(v)}`)
      .join(', ')} }`;
  return scalarText(value, true);
}

/** One scalar as the yaml package would quote it, in flow or block context. */
function scalarText(value: unknown, flow: boolean): string {
  if (flow)
    return new Document([value])
      .toString({ lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow' })
      .trim()
      .slice(1, -1);
  return new Document(value).toString({ lineWidth: 0 }).trim();
}

function isMatcher(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).some((k) => MATCHER_KEYS.has(k));
}

function nest(sets: ValueSet[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { path, value } of sets) {
    let at = out;
    // defineProperty: a recorded key `__proto__` (from a reply's information) stays a key
    const set = (k: string, v: unknown) =>
      Object.defineProperty(at, k, { value: v, enumerable: true, writable: true, configurable: true });
    path.slice(0, -1).forEach((k) => {
      if (!Object.hasOwn(at, k)) set(k, {});
      at = at[k] as Record<string, unknown>;
    });
    set(path[path.length - 1]!, value);
  }
  return out;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

/** The file's indentation step, from the first step with a nested block map (2 when none has). */
function indentUnit(steps: Node[], start: (n: Node) => number, column0: (o: number) => { column: number }): number {
  for (const step of steps) {
    if (!isMap(step) || !step.items[0]) continue;
    const base = column0(start(step.items[0].key as Node)).column;
    for (const pair of step.items) {
      const v = pair.value as Node | null;
      if (v && isMap(v) && !v.flow && v.items[0]) {
        const inner = column0(start(v.items[0].key as Node)).column - base;
        if (inner > 0) return inner;
      }
    }
  }
  return 2;
}

function* stepNodes(doc: Document): Generator<Node> {
  const root = doc.contents;
  if (!isMap(root)) return;
  const dialogues = findPair(root, 'dialogues')?.value;
  if (!isSeq(dialogues)) return;
  for (const dialogue of dialogues.items) {
    if (!isMap(dialogue)) continue;
    const steps = findPair(dialogue, 'steps')?.value;
    if (isSeq(steps)) for (const step of steps.items) yield step as Node;
  }
}

function parseForEdit(text: string): { doc: Document; toOriginal: (offset: number) => number } {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length === 0) return { doc, toOriginal: (o) => o };
  // `[A, /B [C]/]` is not YAML but the loader accepts it: find places in the quoted form, edit the original
  const rewrite = quoteFlowRegexes(text);
  const reparsed = rewrite ? parseDocument(rewrite.text, { uniqueKeys: false }) : undefined;
  if (rewrite && reparsed && reparsed.errors.length === 0)
    return { doc: reparsed, toOriginal: (o) => originalOffset(rewrite, o) };
  throw new SpecEditError(`the file is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
}

/** Parses the edited text and checks each written value reads back as intended (steps by order). */
function verify(text: string, checks: Array<{ ordinal: number; edit: StepEdit }>): void {
  const { doc } = parseForEdit(text);
  const nodes = [...stepNodes(doc)];
  for (const { ordinal, edit } of checks) {
    const step = nodes[ordinal];
    if (!step || !isMap(step))
      throw new SpecEditError(
        `internal check failed: step ${ordinal + 1} is gone after editing; the file was left unchanged`,
      );
    const expect = (step.toJS(doc) as Record<string, unknown>).expect as Record<string, unknown> | undefined;
    for (const set of edit.set) {
      const got = set.path.reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
        expect,
      );
      if (edit.onlyMissing && got !== undefined && JSON.stringify(got) !== JSON.stringify(set.value)) continue;
      if (JSON.stringify(got) !== JSON.stringify(set.value)) {
        throw new SpecEditError(
          `internal check failed: step at line ${edit.line} would read ${JSON.stringify(got)} for ${set.path.join('.')}, not ${JSON.stringify(set.value)}; the file was left unchanged`,
        );
      }
    }
  }
}
