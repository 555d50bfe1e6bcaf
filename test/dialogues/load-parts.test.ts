/**
 * A big spec file is loaded a part at a time (src/dialogues/load-parts.ts). What a run gets must be
 * exactly what loading the file whole gives: the same plan, the same dialogues with every position,
 * and for a file with a problem the same rendered problems. Parts are made tiny here so that every
 * example, fixture and mutated spec is cut into many.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRunPlan } from '../../src/run/run-plan.js';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError, renderInputError } from '../../src/diagnostics/problem.js';
import { DialogueStore } from '../../src/run/dialogue-store.js';
import type { Dialogue } from '../../src/dialogues/types.js';
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

const corpus = [...yamlFiles(join(REPO, 'specs')), ...yamlFiles(join(REPO, 'test/fixtures'))];
const specTexts = () => corpus.filter((f) => !f.includes('schema-broken')).map((f) => readFileSync(f, 'utf8'));

/** The plan and every dialogue in full, or the rendered problems. */
async function outcome(paths: string[], cwd: string, partChars: number, memoryLimit?: number): Promise<string> {
  try {
    const options = {
      partChars,
      partsFrom: 2 * partChars,
      load: { missingEnv: 'keep' as const },
      ...(memoryLimit ? { memoryLimit } : {}),
    };
    const plan = await buildRunPlan(paths, cwd, {}, options);
    const dialogues: Dialogue[] = [];
    for await (const d of plan.dialogues()) dialogues.push(d);
    plan.dispose();
    return JSON.stringify({ all: plan.all(), dialogues });
  } catch (error) {
    if (error instanceof InputError) return renderInputError(error);
    throw error;
  }
}

const WHOLE = 1e12;

/** How many parts a file was handed over in, and whether any were taken back. */
async function partsOf(file: string, cwd: string, chars: number): Promise<{ parts: number; rollbacks: number }> {
  let parts = 0;
  let rollbacks = 0;
  const handover = { chars, from: 2 * chars, mark: () => (parts = 0), rollback: () => rollbacks++ };
  await loadSpecs([file], cwd, { onSuite: () => parts++, parts: handover });
  return { parts, rollbacks };
}

const dialogue = (k: number, extra = '') =>
  `  - name: dialogue ${k}\n    tags: [t${k % 3}]\n    steps:\n      - send: "hello ${k}"\n` +
  `        expect: { scenarioName: S${k}, description: 007 }${extra}\n      - click: Product A\n`;
const spec = (n: number, at = -1, extra = '') =>
  `suite: Big\ntags: [big]\nvars: { who: 42 }\ndialogues:\n` +
  Array.from({ length: n }, (_, k) => dialogue(k, k === at ? extra : '')).join('');

describe('a file loaded in parts gives what it gives loaded whole', () => {
  it('a big generated file: cut into many parts, the same plan, dialogues and positions', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'big.yaml'), spec(300));
    expect((await partsOf('big.yaml', dir, 2000)).parts).toBeGreaterThan(10);
    for (const memoryLimit of [undefined, 5]) {
      const whole = await outcome(['big.yaml'], dir, WHOLE, memoryLimit);
      expect(await outcome(['big.yaml'], dir, 2000, memoryLimit)).toBe(whole);
    }
  });

  it('a late part with a tag, a typo or a block: the parts are taken back, the file loads whole', async () => {
    const dir = tempProject();
    const cases = ['\n        name: !!str 12', '\n        nmae: typo', '\n        expect: |\n          block'];
    for (const extra of cases) {
      writeFileSync(join(dir, 'late.yaml'), spec(200, 180, extra));
      const seen = await partsOf('late.yaml', dir, 2000).catch(() => ({ parts: 0, rollbacks: 1 }));
      expect(seen.rollbacks, extra).toBe(1);
      for (const memoryLimit of [undefined, 5]) {
        const whole = await outcome(['late.yaml'], dir, WHOLE, memoryLimit);
        expect(await outcome(['late.yaml'], dir, 2000, memoryLimit), extra).toBe(whole);
      }
    }
    writeFileSync(join(dir, 'dup.yaml'), spec(200) + dialogue(3));
    expect(await outcome(['dup.yaml'], dir, 2000)).toBe(await outcome(['dup.yaml'], dir, WHOLE));
    const twice = '`dialogue 3` is used twice in this suite (first at dialogue 4)';
    expect(await outcome(['dup.yaml'], dir, 2000)).toContain(twice);
  });

  it('by default, a file of half a million characters or more loads in parts of ~16 K, a smaller one whole', async () => {
    const dir = tempProject();
    const defaults = { mark: () => undefined, rollback: () => undefined };
    const count = async (file: string) => {
      let parts = 0;
      await loadSpecs([file], dir, { onSuite: () => parts++, parts: defaults });
      return parts;
    };
    // ~160 characters a dialogue
    writeFileSync(join(dir, 'small.yaml'), spec(3000));
    writeFileSync(join(dir, 'large.yaml'), spec(3600));
    expect(readFileSync(join(dir, 'small.yaml'), 'utf8').length).toBeLessThan(512 * 1024);
    const size = readFileSync(join(dir, 'large.yaml'), 'utf8').length;
    expect(size).toBeGreaterThanOrEqual(512 * 1024);
    expect(await count('small.yaml')).toBe(1);
    const parts = await count('large.yaml');
    expect(parts).toBeGreaterThanOrEqual(Math.floor(size / (16 * 1024)) - 1);
    expect(parts).toBeLessThanOrEqual(Math.ceil(size / (16 * 1024)) + 1);
  });

  it('every example and fixture, cut as small as it goes', async () => {
    for (const file of corpus.map((f) => relative(REPO, f))) {
      expect(await outcome([file], REPO, 40), file).toBe(await outcome([file], REPO, WHOLE));
    }
  });

  it('mutated specs load, or fail, the same way', async () => {
    const dir = tempProject();
    const mutations = fc.array(textMutation, { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...specTexts()), mutations, async (text, cuts) => {
        writeFileSync(join(dir, 'spec.yaml'), cuts.reduce(applyTextMutation, text));
        expect(await outcome(['spec.yaml'], dir, 40, 3)).toBe(await outcome(['spec.yaml'], dir, WHOLE, 3));
      }),
      { ...PROPERTY, numRuns: PROPERTY.numRuns * 2 },
    );
  });
});

describe('the dialogue store takes back what came since a mark', () => {
  const d = (name: string) => ({ name }) as unknown as Dialogue;
  const names = async (store: DialogueStore, selected: boolean[]) => {
    const out: string[] = [];
    for await (const x of store.read(selected)) out.push(x.name);
    return out;
  };
  for (const limit of [100, 2]) {
    it(`in memory and spilled (limit ${limit})`, async () => {
      const store = new DialogueStore(limit);
      store.add(d('a'));
      const m1 = store.mark();
      store.add(d('x1'));
      store.add(d('x2'));
      store.dropSince(m1);
      store.add(d('b'));
      const m2 = store.mark();
      store.add(d('y'));
      store.dropSince(m2);
      store.add(d('c'));
      store.seal();
      expect(store.size).toBe(3);
      expect(await names(store, [true, true, true])).toEqual(['a', 'b', 'c']);
      store.dispose();
    });
  }
});
