/**
 * Broken spec and bot files, generated: the example files mutated as text (truncated, garbage
 * injected, lines deleted, duplicated, re-indented) and as trees (keys deleted, duplicated,
 * retyped), plus random YAML. The loaders must never throw anything but an InputError, and every
 * problem must point at a line and column inside the file it names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/dialogues/load.js';
import { loadBotDefinition } from '../../src/mock/load.js';
import { InputError, renderInputError } from '../../src/diagnostics/problem.js';
import { parseYamlSource } from '../../src/yaml/yaml-source.js';
import { REPO } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import {
  applyTextMutation,
  applyTreeMutation,
  garbage,
  positionInside,
  PROPERTY,
  textMutation,
  toYaml,
  treeMutation,
} from './mutate.js';

const SPEC_FILES = ['components.yaml', 'multi-turn.yaml', 'order-form.yaml', 'welcome.yaml'];
const specTexts = SPEC_FILES.map((f) => readFileSync(join(REPO, 'specs', f), 'utf8'));
const botText = readFileSync(join(REPO, 'specs', 'bot.yaml'), 'utf8');

/** The loader's own reading (it accepts `[A, /B [C]/]`, which plain YAML does not). */
function parse(text: string): unknown {
  const parsed = parseYamlSource('example.yaml', text);
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
  return parsed.source.value;
}

type Loader = (dir: string, file: string) => Promise<unknown>;
const loadSpec: Loader = (dir, file) => loadSpecs([file], dir, { env: {} });
const loadBot: Loader = (dir, file) => loadBotDefinition(file, dir);

/**
 * Loads `text` as `file`: resolves, or rejects with an InputError whose problems all sit inside the
 * file. Anything else (a TypeError, a RangeError from a deep recursion…) fails the property.
 */
async function loadsOrPoints(load: Loader, dir: string, file: string, text: string): Promise<void> {
  writeFileSync(join(dir, file), text);
  try {
    await load(dir, file);
  } catch (error) {
    if (!(error instanceof InputError))
      throw new Error(`not an InputError: ${(error as Error)?.stack ?? String(error)}`);
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) {
      expect(typeof p.message).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
      if (p.file !== file) continue; // an utterance file the spec named
      if (!positionInside(text, p))
        throw new Error(`problem outside the file: ${p.file}:${p.line}:${p.column} ${p.message}`);
    }
    // rendering (the line and caret) must not throw either
    expect(renderInputError(error)).toContain(`${error.problems[0]!.file}:`);
  }
}

describe('spec files, broken at random', () => {
  it('as text: every failure is a positioned InputError', async () => {
    const dir = tempProject();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...specTexts),
        fc.array(textMutation, { minLength: 1, maxLength: 4 }),
        async (text, mutations) => {
          await loadsOrPoints(loadSpec, dir, 'spec.yaml', mutations.reduce(applyTextMutation, text));
        },
      ),
      PROPERTY,
    );
  });

  it('as trees (keys deleted, duplicated, retyped): every failure is a positioned InputError', async () => {
    const dir = tempProject();
    const trees = specTexts.map(parse);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...trees),
        fc.array(treeMutation, { minLength: 1, maxLength: 3 }),
        async (tree, mutations) => {
          await loadsOrPoints(loadSpec, dir, 'spec.yaml', toYaml(mutations.reduce(applyTreeMutation, tree)));
        },
      ),
      PROPERTY,
    );
  });

  it('random YAML documents and random text: every failure is a positioned InputError', async () => {
    const dir = tempProject();
    const anyText = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map(toYaml),
      fc.string({ maxLength: 200 }),
      fc.array(garbage, { maxLength: 20 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(anyText, (text) => loadsOrPoints(loadSpec, dir, 'spec.yaml', text)),
      PROPERTY,
    );
  });

  it('hand-picked abuse: alias bombs, deep nesting, huge keys, BOMs, CRLF, NUL bytes', async () => {
    const dir = tempProject();
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const cases = [
      bomb,
      `dialogues: ${'['.repeat(5000)}${']'.repeat(5000)}`,
      `dialogues:\n${'  - '.repeat(2000)}x\n`,
      `${'k'.repeat(100_000)}: 1\n`,
      `\uFEFFsuite: s\r\ndialogues:\r\n  - name: n\r\n    steps:\r\n      - send: hi\r\n`,
      'suite: s\ndialogues:\n  - name: "a\u0000b"\n    steps: [{ send: "\u0000" }]\n',
      'suite: s\ndialogues:\n  - name: n\n    steps:\n      - send: hi\n        expect: { description: "/(/" }\n',
      '--- a\n--- b\n',
      // keys that are Object.prototype members are unknown keys, not schema lookups
      'toString: 1\nconstructor: x\n__proto__: y\ndialogues:\n  - name: n\n    hasOwnProperty: 1\n    steps: [{ send: hi, expect: { information: { toString: x } } }]\n',
      '',
      '\t',
    ];
    for (const text of cases) await loadsOrPoints(loadSpec, dir, 'spec.yaml', text);
  });
});

describe('bot files, broken at random', () => {
  it('as text: every failure is a positioned InputError', async () => {
    const dir = tempProject();
    await fc.assert(
      fc.asyncProperty(fc.array(textMutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        await loadsOrPoints(loadBot, dir, 'bot.yaml', mutations.reduce(applyTextMutation, botText));
      }),
      PROPERTY,
    );
  });

  it('as trees: every failure is a positioned InputError', async () => {
    const dir = tempProject();
    const tree = parse(botText);
    await fc.assert(
      fc.asyncProperty(fc.array(treeMutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        await loadsOrPoints(loadBot, dir, 'bot.yaml', toYaml(mutations.reduce(applyTreeMutation, tree)));
      }),
      PROPERTY,
    );
  });

  it('keys named like Object.prototype members are unknown keys, positioned', async () => {
    const dir = tempProject();
    const text =
      'toString:\n  "": [true]\nscenarios:\n  - name: a\n    constructor: 1\n    utterances: [hi]\n    answer: hello\n';
    writeFileSync(join(dir, 'bot.yaml'), text);
    const error = await loadBot(dir, 'bot.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [1, 1, 'unknown-key'],
      [5, 5, 'unknown-key'],
    ]);
  });

  it('random YAML documents: every failure is a positioned InputError', async () => {
    const dir = tempProject();
    const anyDoc = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map(toYaml),
      fc
        .record({
          scenarios: fc.array(
            fc.dictionary(
              fc.constantFrom('name', 'utterances', 'answer', 'faults', 'after', 'entities'),
              fc.jsonValue({ maxDepth: 3 }),
            ),
            { maxLength: 3 },
          ),
        })
        .map(toYaml),
    );
    await fc.assert(
      fc.asyncProperty(anyDoc, (text) => loadsOrPoints(loadBot, dir, 'bot.yaml', text)),
      PROPERTY,
    );
  });
});
