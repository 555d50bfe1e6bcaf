/**
 * Mutations for property tests: fast-check arbitraries that break good inputs the way people and
 * bots in trouble do — keys deleted, duplicated or retyped, garbage injected, text truncated.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * Bounded runs with a fixed seed: fast in CI, reproducible (fast-check prints seed and path on
 * failure). FC_SEED / FC_RUNS override them for a longer hunt: `FC_RUNS=5000 npx vitest run …`.
 */
export const PROPERTY = {
  seed: Number(process.env.FC_SEED ?? 20260607),
  numRuns: Number(process.env.FC_RUNS ?? 150),
  endOnFailure: true,
} as const;

/** Text that YAML and JSON parsers find hard: indicators, quotes, anchors, tabs, odd Unicode. */
export const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    ':',
    '- ',
    '[',
    ']',
    '{',
    '}',
    '"',
    "'",
    '&a',
    '*a',
    '<<: *a',
    '!!binary',
    '%YAML 1.1',
    '---',
    '...',
    '\t',
    '\r\n',
    '#',
    '|',
    '>-',
    '@',
    '`',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '\u202E',
    '${',
    '${env.NOPE}',
    '/(/',
    '/a/g',
    '?',
    'null',
    '~',
    '.nan',
    '0x1F',
    '1e999',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** A text mutation: where it applies is a fraction of the length, so one arbitrary serves every input. */
export type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'indent-line'; at: number; by: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, text: garbage }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fraction }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fraction }),
  fc.record({ kind: fc.constant('indent-line' as const), at: fraction, by: fc.integer({ min: -4, max: 4 }) }),
);

export function applyTextMutation(text: string, m: TextMutation): string {
  const offset = Math.floor(m.at * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(m.at * lines.length);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, offset);
    case 'insert':
      return text.slice(0, offset) + m.text + text.slice(offset);
    case 'delete-line':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'indent-line': {
      const current = lines[line] ?? '';
      lines[line] = m.by >= 0 ? ' '.repeat(m.by) + current : current.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
  }
}

/** A structural mutation of a parsed document, aimed at a node chosen by `at`. */
export type TreeMutation =
  | { kind: 'delete-key'; at: number }
  | { kind: 'duplicate-key'; at: number; suffix: string }
  | { kind: 'retype'; at: number; value: unknown }
  | { kind: 'wrap-in-list'; at: number };

export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-key' as const), at: fraction }),
  fc.record({ kind: fc.constant('duplicate-key' as const), at: fraction, suffix: fc.constantFrom('', 'x', 's', '_') }),
  fc.record({
    kind: fc.constant('retype' as const),
    at: fraction,
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), garbage, fc.constant(null)),
  }),
  fc.record({ kind: fc.constant('wrap-in-list' as const), at: fraction }),
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ parent: value, key: i });
      slots(v, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key: k });
      slots(v, out);
    }
  }
  return out;
}

/** Applies the mutation to a deep copy; returns the copy. */
export function applyTreeMutation(value: unknown, m: TreeMutation): unknown {
  const copy = structuredClone(value);
  const all = slots(copy);
  if (all.length === 0) return m.kind === 'retype' ? m.value : copy;
  const { parent, key } = all[Math.floor(m.at * all.length)]!;
  const get = () => (parent as Record<string | number, unknown>)[key];
  const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
  switch (m.kind) {
    case 'delete-key':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'duplicate-key':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(get()));
      else parent[`${String(key)}${m.suffix || '2'}`] = structuredClone(get());
      break;
    case 'retype':
      set(m.value);
      break;
    case 'wrap-in-list':
      set([get()]);
      break;
  }
  return copy;
}

/** A mutated document as YAML text again (how a structurally broken file reaches the loader). */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** Every problem must point inside the file: a real line, a column within (or just past) it. */
export function positionInside(text: string, pos: { line: number; column: number }): boolean {
  const lines = text.split('\n'); // as the loader counts lines
  if (!Number.isInteger(pos.line) || pos.line < 1 || pos.line > lines.length) return false;
  const length = lines[pos.line - 1]!.length;
  return Number.isInteger(pos.column) && pos.column >= 1 && pos.column <= length + 1;
}
