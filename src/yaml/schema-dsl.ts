/**
 * A small schema language for our YAML files. One definition serves three readers: the loaders
 * (structural validation with positioned, human messages), the JSON Schema shipped for editors,
 * and the reference docs. Keeping them one source is what stops them drifting.
 */
import { closestName, type Problem } from '../diagnostics/problem.js';
import type { Path, YamlSource } from './yaml-source.js';

interface Described {
  /** One line for editors and the reference docs. */
  doc?: string;
}

export type SchemaNode =
  | (Described & StringNode)
  | (Described & { kind: 'number'; integer?: boolean; minimum?: number; maximum?: number })
  | (Described & { kind: 'boolean' })
  | (Described & { kind: 'null' })
  | (Described & { kind: 'array'; items: SchemaNode; minItems?: number })
  | (Described & ObjectNode)
  | (Described & { kind: 'union'; options: SchemaNode[]; name: string })
  | (Described & { kind: 'ref'; ref: string });

export interface StringNode {
  kind: 'string';
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  /** A regular expression the whole text must match (JSON Schema `pattern`), with the message when it does not. */
  pattern?: { regex: string; message: string };
  /** A check of meaning the JSON Schema cannot express (a regex that compiles): a message when it fails. */
  check?: (value: string) => string | undefined;
}

export interface ObjectNode {
  kind: 'object';
  /** What the object is, for messages: "a step", "an expectation". */
  name: string;
  fields: Record<string, Field>;
  /** Keys of which exactly one must be present (a step's action). */
  exactlyOne?: { keys: readonly string[]; noun: string; /** What to do when two are given. */ hint?: string };
  /** At least this many keys (a comparison needs one). */
  minKeys?: number;
  /** Free-form keys (a map such as `information` or `vars`): their values' schema. */
  values?: SchemaNode;
  /** With `values`: what a free-form key must look like (JSON Schema `propertyNames`). */
  keys?: { regex: string; message: string };
}

export interface Field {
  node: SchemaNode;
  required?: boolean;
  doc: string;
}

export type Definitions = Record<string, SchemaNode>;

export const str = (doc?: string, extra: Omit<StringNode, 'kind'> = {}): SchemaNode => ({
  kind: 'string',
  doc,
  ...extra,
});
export const num = (
  doc?: string,
  extra: { integer?: boolean; minimum?: number; maximum?: number } = {},
): SchemaNode => ({ kind: 'number', doc, ...extra });
export const bool = (doc?: string): SchemaNode => ({ kind: 'boolean', doc });
export const nul = (doc?: string): SchemaNode => ({ kind: 'null', doc });
export const list = (items: SchemaNode, doc?: string, minItems?: number): SchemaNode => ({
  kind: 'array',
  items,
  doc,
  ...(minItems ? { minItems } : {}),
});
export const union = (name: string, options: SchemaNode[], doc?: string): SchemaNode => ({
  kind: 'union',
  name,
  options,
  doc,
});
export const ref = (name: string): SchemaNode => ({ kind: 'ref', ref: name });
export const field = (node: SchemaNode, doc: string, required = false): Field => ({ node, doc, required });
export function obj(
  name: string,
  fields: Record<string, Field>,
  extra: Partial<Pick<ObjectNode, 'exactlyOne' | 'values' | 'minKeys' | 'keys'>> & Described = {},
): SchemaNode {
  return { kind: 'object', name, fields, ...extra };
}

/** A structural problem at a path; loaders turn it into a positioned Problem. */
export interface SchemaIssue {
  path: Path;
  /** Point at the key rather than the value (unknown keys). */
  atKey?: boolean;
  code: string;
  message: string;
  hint?: string;
}

export function validateAgainst(value: unknown, node: SchemaNode, defs: Definitions, path: Path = []): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  // one path for the whole walk, pushed and popped; an issue keeps a copy (a spec has many nodes, few issues)
  check(value, node, defs, [...path], issues);
  return issues;
}

type Stack = Array<string | number>;

/** `path` and one more segment, as an issue keeps it. */
const at = (path: Stack, segment: string | number): Path => [...path, segment];

function resolveRef(node: SchemaNode, defs: Definitions): SchemaNode {
  let current = node;
  for (let hops = 0; current.kind === 'ref' && hops < 32; hops++) {
    const target = defs[current.ref];
    if (!target) throw new Error(`schema: unknown definition ${current.ref}`);
    current = target;
  }
  return current;
}

/** "a list of steps", "a string or a matcher", … */
export function describeNode(node: SchemaNode, defs: Definitions): string {
  const n = resolveRef(node, defs);
  switch (n.kind) {
    case 'string':
      return n.enum ? `one of ${n.enum.map((e) => `\`${e}\``).join(', ')}` : 'a string';
    case 'number':
      return n.integer ? 'a whole number' : 'a number';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'nothing (null)';
    case 'array': {
      const item = describeNode(n.items, defs);
      return item.includes(' or ') ? `a list, each item ${item}` : `a list of ${plural(item)}`;
    }
    case 'object':
      return n.name;
    case 'union':
      return n.name;
    case 'ref':
      return n.ref;
  }
}

function plural(description: string): string {
  const bare = description.replace(/^(a|an) /, '');
  if (bare === description) return description;
  return bare.endsWith('s') ? bare : `${bare.replace(/(ch|sh|x)$/, '$1e')}s`;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return `\`${value}\``;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

type Category = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

function categoryOf(value: unknown): Category {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  return 'object';
}

function acceptsCategory(node: SchemaNode, defs: Definitions, category: Category): boolean {
  const n = resolveRef(node, defs);
  if (n.kind === 'union') return n.options.some((o) => acceptsCategory(o, defs, category));
  if (n.kind === 'ref') return false;
  return n.kind === category;
}

function check(value: unknown, node: SchemaNode, defs: Definitions, path: Stack, issues: SchemaIssue[]): void {
  const n = resolveRef(node, defs);
  const category = categoryOf(value);
  const typeIssue = () => {
    // a single item where a list belongs is the commonest slip: say how to write it
    const hint =
      n.kind === 'array' && (category === 'string' || category === 'number')
        ? `write a list: [${String(value)}]`
        : undefined;
    issues.push({
      path: [...path],
      code: 'wrong-type',
      message: `expected ${describeNode(n, defs)}, found ${describeValue(value)}`,
      ...(hint ? { hint } : {}),
    });
  };
  switch (n.kind) {
    case 'union': {
      const options = n.options.filter((o) => acceptsCategory(o, defs, category));
      if (options.length === 0) return void typeIssue();
      // options of one category are tried in order; the first that fits wins, else the first one's issues stand
      let firstIssues: SchemaIssue[] | undefined;
      for (const option of options) {
        const found: SchemaIssue[] = [];
        check(value, option, defs, path, found);
        if (found.length === 0) return;
        firstIssues ??= found;
      }
      issues.push(...firstIssues!);
      return;
    }
    case 'string':
      if (category !== 'string') return void typeIssue();
      if (n.enum && !n.enum.includes(value as string)) {
        const guess = closestName(value as string, n.enum);
        issues.push({
          path: [...path],
          code: 'bad-value',
          message: `\`${String(value)}\` is not ${describeNode(n, defs)}`,
          ...(guess ? { hint: `did you mean \`${guess}\`?` } : {}),
        });
      } else if (n.minLength !== undefined && (value as string).length < n.minLength) {
        issues.push({
          path: [...path],
          code: 'bad-value',
          message: n.minLength === 1 ? 'must not be empty' : `must be at least ${n.minLength} characters`,
        });
      } else if (n.maxLength !== undefined && (value as string).length > n.maxLength) {
        issues.push({ path: [...path], code: 'bad-value', message: `must be at most ${n.maxLength} characters` });
      } else if (n.pattern && !new RegExp(n.pattern.regex, 'u').test(value as string)) {
        issues.push({ path: [...path], code: 'bad-value', message: n.pattern.message });
      } else {
        const problem = n.check?.(value as string);
        if (problem) issues.push({ path: [...path], code: 'bad-value', message: problem });
      }
      return;
    case 'number': {
      if (category !== 'number' || !Number.isFinite(value as number)) return void typeIssue();
      const v = value as number;
      if (n.integer && !Number.isInteger(v))
        issues.push({ path: [...path], code: 'bad-value', message: `expected a whole number, found ${v}` });
      else if (n.minimum !== undefined && v < n.minimum)
        issues.push({ path: [...path], code: 'bad-value', message: `must be at least ${n.minimum}, found ${v}` });
      else if (n.maximum !== undefined && v > n.maximum)
        issues.push({ path: [...path], code: 'bad-value', message: `must be at most ${n.maximum}, found ${v}` });
      return;
    }
    case 'boolean':
    case 'null':
      if (category !== n.kind) typeIssue();
      return;
    case 'array': {
      if (category !== 'array') return void typeIssue();
      const items = value as unknown[];
      if (n.minItems !== undefined && items.length < n.minItems) {
        const key = path[path.length - 1];
        const what = typeof key === 'string' ? `\`${key}\` needs` : 'needs';
        issues.push({
          path: [...path],
          code: 'empty-list',
          message: `${what} at least ${n.minItems === 1 ? 'one entry' : `${n.minItems} entries`}`,
        });
      }
      for (let i = 0; i < items.length; i++) {
        path.push(i);
        check(items[i], n.items, defs, path, issues);
        path.pop();
      }
      return;
    }
    case 'object':
      return checkObject(value, n, defs, path, issues, typeIssue);
    case 'ref':
      return;
  }
}

function checkObject(
  value: unknown,
  n: ObjectNode,
  defs: Definitions,
  path: Stack,
  issues: SchemaIssue[],
  typeIssue: () => void,
): void {
  if (categoryOf(value) !== 'object') return void typeIssue();
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let guesses: Set<string> | undefined;
  for (const key of keys) {
    const f = Object.hasOwn(n.fields, key) ? n.fields[key] : undefined; // a key `toString` is the author's, not Object's
    if (f) {
      path.push(key);
      check(record[key], f.node, defs, path, issues);
      path.pop();
    } else if (n.values) {
      if (n.keys && !new RegExp(n.keys.regex, 'u').test(key))
        issues.push({ path: at(path, key), atKey: true, code: 'bad-key', message: `\`${key}\`: ${n.keys.message}` });
      path.push(key);
      check(record[key], n.values, defs, path, issues);
      path.pop();
    } else {
      const known = Object.keys(n.fields);
      const guess = closestName(key, known);
      if (guess) (guesses ??= new Set()).add(guess);
      issues.push({
        path: at(path, key),
        atKey: true,
        code: 'unknown-key',
        message: `unknown key \`${key}\` in ${n.name}`,
        hint: guess ? `did you mean \`${guess}\`?` : `expected one of: ${known.map((k) => `\`${k}\``).join(', ')}`,
      });
    }
  }
  for (const key of requiredKeys(n)) {
    if (!(key in record)) issues.push({ path: [...path], code: 'missing-key', message: `${n.name} needs \`${key}\`` });
  }
  if (n.minKeys !== undefined && keys.length < n.minKeys) {
    issues.push({
      path: [...path],
      code: 'missing-key',
      message: `${n.name} needs at least one of ${Object.keys(n.fields)
        .map((k) => `\`${k}\``)
        .join(', ')}`,
    });
  }
  if (n.exactlyOne) {
    const present = n.exactlyOne.keys.filter((k) => k in record);
    // a misspelt action is reported once, as the unknown key with its did-you-mean
    const misspelt = present.length === 0 && n.exactlyOne.keys.some((k) => guesses?.has(k) === true);
    if (present.length === 0 && !misspelt) {
      const names = n.exactlyOne.keys.map((k) => `\`${k}\``);
      const options = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
      issues.push({
        path: [...path],
        code: `missing-${n.exactlyOne.noun}`,
        message: `${n.name} needs one ${n.exactlyOne.noun}: ${options}`,
      });
    } else if (present.length > 1) {
      issues.push({
        path: at(path, present[1]!),
        atKey: true,
        code: `two-${n.exactlyOne.noun}s`,
        message: `${n.name} has exactly one ${n.exactlyOne.noun}; found ${present.map((k) => `\`${k}\``).join(' and ')}`,
        ...(n.exactlyOne.hint ? { hint: n.exactlyOne.hint } : {}),
      });
    }
  }
}

/** The required keys of an object node, in the order written (worked out once per node: every step asks). */
const required = new WeakMap<ObjectNode, string[]>();
function requiredKeys(n: ObjectNode): string[] {
  let keys = required.get(n);
  if (!keys)
    required.set(
      n,
      (keys = Object.entries(n.fields)
        .filter(([, f]) => f.required)
        .map(([k]) => k)),
    );
  return keys;
}

/** A schema issue as a Problem at its place in the YAML source (the key, when the issue is about the key). */
export function issueToProblem(source: YamlSource, issue: SchemaIssue): Problem {
  const pos = source.locate(issue.path, { key: issue.atKey === true });
  return { ...pos, code: issue.code, message: issue.message, ...(issue.hint ? { hint: issue.hint } : {}) };
}
