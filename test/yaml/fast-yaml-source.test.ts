/**
 * The fast parser (js-yaml events) must give exactly what the positioned `yaml` package gives:
 * the same value and the same line:column for every node and key, on every example spec, on
 * edge-case YAML, and on thousands of mutated specs; and whole loads — suites with every recorded
 * position, or the rendered problems of a broken spec — must be the same through either.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFastSource } from '../../src/yaml/fast-yaml-source.js';
import { parseYamlSource, type Path, type YamlSource } from '../../src/yaml/yaml-source.js';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError, renderInputError } from '../../src/diagnostics/problem.js';
import { REPO } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import { applyTextMutation, PROPERTY, textMutation } from '../reliability/mutate.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

const specTexts = () => corpus.filter((f) => !f.includes('schema-broken')).map((f) => readFileSync(f, 'utf8'));
const corpus = [...yamlFiles(join(REPO, 'specs')), ...yamlFiles(join(REPO, 'test/fixtures'))];

/** Every path in a value, each container's children and every mapping key. */
function paths(
  value: unknown,
  path: Path = [],
  out: Array<{ path: Path; key: boolean }> = [],
  seen = new Set<unknown>(),
): Array<{ path: Path; key: boolean }> {
  out.push({ path, key: false });
  if (typeof value !== 'object' || value === null || seen.has(value) || path.length > 40) return out;
  seen.add(value);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...path, i], out, seen));
  else
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: [...path, k], key: true });
      paths(v, [...path, k], out, seen);
    }
  seen.delete(value);
  // paths that do not exist: the nearest ancestor, as the positioned parser answers
  out.push({ path: [...path, 'no such key'], key: false }, { path: [...path, 99999], key: false });
  return out;
}

const at = (s: YamlSource, p: Path, key: boolean) => {
  const { file, line, column } = s.locate(p, { key });
  return `${file}:${line}:${column}`;
};

/** Undefined when the fast parser declines the text (then the positioned one is used). */
function compare(text: string): 'fast' | 'declined' {
  const slowParse = parseYamlSource('f.yaml', text);
  const fast = parseFastSource('f.yaml', text, () => (slowParse.ok ? slowParse.source : undefined));
  if (!fast) return 'declined';
  expect(slowParse.ok, `the yaml package rejects what the fast parser took:\n${text}`).toBe(true);
  if (!slowParse.ok) return 'fast';
  const slow = slowParse.source;
  expect(fast.value).toStrictEqual(slow.value);
  for (const { path, key } of paths(slow.value))
    expect(at(fast, path, key), `${JSON.stringify(path)} key=${key} in\n${text}`).toBe(at(slow, path, key));
  return 'fast';
}

const EDGES = [
  'a: \'q1\'\nb: "q2"\nc: |\n  lit\nd: >-\n  fold\ne:\nf: &x plain\ng: *x\nh: &m { k: v }\nj: [ \'x\', "y", z, &s w ]\nk:\n  - &n\n    p: 1\n  -\n  - - nested\nl: # comment\n  m: n\no: *n\np: [a, b]\n',
  'a: 007\nb: 0x1F\nc: 1.10\nd: .inf\ne: 0o17\nf: 12345678901234567890123456789\ng: -0\nh: +1\ni: 1_000\nj: 1e3\nk: .5\nl: 5.\nm: ~\nn: Null\no: TRUE\np: yes\n',
  '\uFEFFsuite: bom\r\ndialogues:\r\n  - name: crlf\r\n    steps: [ { send: "hi" } ]\r\n',
  '---\nsuite: explicit\n...\n',
  'a: [b: c, {d: e}]\nf: {g, h: }\n',
  "x: \"multi\n  line\"\ny: plain\n  continued\nz: 'it''s'\n",
  '1: one\n2.50: two\nnull: three\ntrue: four\n"5": five\n',
  'a:\n- b\n- c:\n  - d\n',
  'emoji: "😀 é 한국어"\nafter: 😀 x\n',
  'a: &a [1, 2]\nb: *a\nc: { d: *a }\n',
  'a: |+\n  keep\n\nb: >2\n   indented\n',
  'steps:\n  - open:\n    expect: { chatType: TEXT }\n  - open:   # c\n  - getPersistentMenu: ~\n',
];

describe('the fast parser places every node where the positioned parser does', () => {
  it('on every YAML file of the examples and fixtures', () => {
    let fast = 0;
    for (const file of corpus) if (compare(readFileSync(file, 'utf8')) === 'fast') fast++;
    // most of them are ordinary YAML and take the fast way
    expect(fast).toBeGreaterThan(corpus.length / 2);
  });

  it('on edge cases: quotes, block scalars, empty values, anchors, aliases, flow pairs, keys that are numbers, BOM, CRLF', () => {
    const taken = EDGES.map(compare);
    expect(taken.filter((t) => t === 'fast').length).toBeGreaterThan(EDGES.length - 3);
  });

  it('declines what it cannot place exactly: tags, merge keys, duplicate keys, several documents, syntax errors', () => {
    for (const text of [
      'a: !!str 7\n',
      'b: &b {x: 1}\nc: {<<: *b, y: 2}\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      'a: [b\n',
      'a: [Product A, /Product [BC]/]\n',
      '%YAML 1.2\n---\na: 1\n',
      '__proto__: {x: 1}\n',
    ]) {
      expect(
        parseFastSource('f.yaml', text, () => undefined),
        text,
      ).toBeUndefined();
    }
  });

  it('on mutated specs (truncated, garbage inserted, lines deleted, duplicated, re-indented)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...specTexts()),
        fc.array(textMutation, { minLength: 1, maxLength: 4 }),
        (text, mutations) => {
          compare(mutations.reduce(applyTextMutation, text));
        },
      ),
      { ...PROPERTY, numRuns: PROPERTY.numRuns * 4 },
    );
  });
});

async function outcome(paths: string[], cwd: string, positionedOnly: boolean): Promise<string> {
  try {
    const loaded = await loadSpecs(paths, cwd, { positionedOnly, missingEnv: 'keep' });
    return JSON.stringify(loaded);
  } catch (error) {
    if (error instanceof InputError) return renderInputError(error);
    throw error;
  }
}

describe('loading through the fast parser gives what the positioned parser gave', () => {
  it('every example spec: suites, dialogues, steps, expectations, captures and phrasings, every position', async () => {
    const files = yamlFiles(join(REPO, 'specs')).map((f) => relative(REPO, f));
    for (const file of files) expect(await outcome([file], REPO, false), file).toBe(await outcome([file], REPO, true));
  });

  it('every broken fixture renders the same problems, positions and carets', async () => {
    const files = yamlFiles(join(REPO, 'test/fixtures/schema-broken')).map((f) => relative(REPO, f));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const rendered = await outcome([file], REPO, false);
      expect(rendered, file).toBe(await outcome([file], REPO, true));
    }
  });

  it('mutated specs load, or fail, the same way', async () => {
    const dir = tempProject();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...specTexts()),
        fc.array(textMutation, { minLength: 1, maxLength: 3 }),
        async (text, mutations) => {
          const { writeFileSync } = await import('node:fs');
          writeFileSync(join(dir, 'spec.yaml'), mutations.reduce(applyTextMutation, text));
          expect(await outcome(['spec.yaml'], dir, false)).toBe(await outcome(['spec.yaml'], dir, true));
        },
      ),
      PROPERTY,
    );
  });
});
