/**
 * A big plan is loaded with a second thread (src/run/plan-threads.ts): files, or parts of one big
 * file, go to a worker (plan-share.ts decides which), which hands back its plan entries and
 * dialogues as JSON. The plan must be exactly what one thread gives — the same entries in the same
 * order, the same dialogues with every position, the same rendered problems — whatever the worker
 * takes or declines, and a secret the worker would have resolved must still be masked. The worker
 * is tsc's build of it (dist/run/plan-worker.js).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunPlan, type PlanOptions } from '../../src/run/run-plan.js';
import { InputError, renderInputError } from '../../src/diagnostics/problem.js';
import { redact } from '../../src/io/redact.js';
import type { Dialogue } from '../../src/dialogues/types.js';
import { REPO } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';

const workerFile = join(REPO, 'dist/run/plan-worker.js');
const threaded: PlanOptions = { threadOptions: { workerFile, minBytes: 0 } };

async function outcome(paths: string[], cwd: string, options: PlanOptions, env = {}): Promise<string> {
  try {
    const plan = await buildRunPlan(paths, cwd, {}, { ...options, load: { env } });
    const dialogues: Dialogue[] = [];
    for await (const d of plan.dialogues()) dialogues.push(d);
    plan.dispose();
    return JSON.stringify({ found: plan.found, onlyMarked: plan.onlyMarked, all: plan.all(), dialogues });
  } catch (error) {
    if (error instanceof InputError) return renderInputError(error);
    throw error;
  }
}

/** `extra` goes into the second dialogue: at its top (`    key: …`) or in its first step (`        key: …`). */
const dialogue = (k: number, extra = '') =>
  `  - name: dialogue ${k}\n${extra.startsWith('    ') && !extra.startsWith('     ') ? `${extra}\n` : ''}` +
  `    steps:\n      - send: "hello ${k}"\n${extra.startsWith('        ') ? `${extra}\n` : ''}` +
  `        expect: { scenarioName: S${k}, description: /welcome/i }\n      - click: Product A\n`;
const spec = (name: string, n: number, extra = '', head = '') =>
  `suite: ${name}\n${head}dialogues:\n` +
  Array.from({ length: n }, (_, k) => dialogue(k, k === 1 ? extra : '')).join('');

describe('a plan loaded with a second thread is the plan one thread loads', () => {
  it('has the built worker to test', () => {
    expect(existsSync(workerFile)).toBe(true);
  });

  it('clean files, files the worker declines and a tiny memory limit: the same plan and dialogues', async () => {
    const dir = tempProject({
      'a.yaml': spec('A', 5),
      'b.yaml': spec('B', 4, '', 'tags: [smoke]\n'),
      'c.yaml': spec('C', 3, '    only: true'),
      'd.yaml': spec('D', 3, '    vars: { t: "${env.MY_VALUE}" }'),
      'e.yaml': spec('E', 6, '', 'vars: { who: "\\x24{env.MY_VALUE}" }\n'),
      'g.yaml': spec('G', 2),
      'h.yml': spec('H', 7),
      'phrasings.csv': 'utterance\nhello\nhi there\n',
      'i.yaml': spec('I', 2, '').replace('- send: "hello 0"', '- utterances: phrasings.csv'),
      'bot.yaml': 'welcome: hi\nscenarios: []\n',
    });
    const env = { MY_VALUE: 'plain value' };
    const one = await outcome(['.'], dir, { threads: false }, env);
    expect(one).toContain('"only":true');
    expect(await outcome(['.'], dir, threaded, env)).toBe(one);
    expect(await outcome(['.'], dir, { ...threaded, memoryLimit: 3 }, env)).toBe(one);
  });

  it('files with problems among clean ones: the same problems, rendered the same', async () => {
    const dir = tempProject({
      'a.yaml': spec('A', 5),
      'b.yaml': spec('B', 4, '        nmae: typo'),
      'c.yaml': spec('C', 3),
      'd.yaml': spec('D', 3, '        timeoutMs: [unclosed'),
      'e.yaml': spec('E', 3).replace('dialogue 2', 'dialogue 0'),
      'f.yaml': spec('F', 3, '    vars: { t: "${env.NOT_SET_HERE}" }'),
    });
    const one = await outcome(['.'], dir, { threads: false });
    expect(one).toContain('nmae');
    expect(await outcome(['.'], dir, threaded)).toBe(one);
  });

  it("the project's examples and fixtures: the same outcome folder by folder", async () => {
    for (const folder of ['specs', 'test/fixtures', 'test/fixtures/schema-broken']) {
      const one = await outcome([folder], REPO, { threads: false });
      expect(await outcome([folder], REPO, threaded)).toBe(one);
    }
  });

  it('a secret from the environment, even spelled with an escape, is masked as one thread masks it', async () => {
    // a secret per file, so that whichever files the worker takes, one of them is its
    const names = ['b', 'c', 'd', 'e', 'f', 'g'];
    const secrets = Object.fromEntries(names.map((n) => [`API_TOKEN_${n}`, `tok-3f9a8b7c6d5e4f3a2b1c-${n}`]));
    const dir = tempProject({ 'a.yaml': spec('A', 3) });
    for (const n of names)
      writeFileSync(join(dir, `${n}.yaml`), spec(n, 3, '', `vars: { API_TOKEN: "\\x24{env.API_TOKEN_${n}}" }\n`));
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).not.toContain('${');
    // in the worker's environment too: a worker that resolved them would mask them in its own thread only
    Object.assign(process.env, secrets);
    try {
      const plan = await buildRunPlan(['.'], dir, {}, { ...threaded, load: { env: secrets } });
      plan.dispose();
    } finally {
      for (const name of Object.keys(secrets)) delete process.env[name];
    }
    for (const secret of Object.values(secrets)) expect(redact(`the token is ${secret}`)).not.toContain(secret);
  });

  it('one big file shared out a part at a time: the same plan, dialogues and problems', async () => {
    const big = (n: number, at: number, extra: string) =>
      `suite: Big\ntags: [big]\nvars: { who: 42 }\ndialogues:\n` +
      Array.from({ length: n }, (_, k) => (k === at ? dialogue(k, extra) : dialogue(k))).join('');
    const cases = [
      ['none', ''],
      ['only', '    only: true'],
      ['an environment variable', '    vars: { t: "${env.MY_VALUE}" }'],
      ['an escaped one', '    vars: { t: "\\x24{env.MY_VALUE}" }'],
      ['an anchor and alias', '    tags: &t [x]\n    group: g'],
      ['a typo', '        nmae: typo'],
      ['an unclosed flow', '        timeoutMs: [unclosed'],
    ];
    const dir = tempProject();
    for (const [what, extra] of cases) {
      for (const at of [5, 101, 170]) {
        writeFileSync(join(dir, 'big.yaml'), big(200, at, extra!));
        const one = await outcome(
          ['big.yaml'],
          dir,
          { threads: false, partChars: 1500, partsFrom: 3000 },
          { MY_VALUE: 'v' },
        );
        const two = await outcome(
          ['big.yaml'],
          dir,
          { ...threaded, partChars: 1500, partsFrom: 3000 },
          { MY_VALUE: 'v' },
        );
        expect(two, `${what} in dialogue ${at}`).toBe(one);
        if (what === 'none' || what === 'only') {
          const memoryLimit = 7;
          expect(
            await outcome(
              ['big.yaml'],
              dir,
              { ...threaded, partChars: 1500, partsFrom: 3000, memoryLimit },
              { MY_VALUE: 'v' },
            ),
          ).toBe(one);
        }
      }
    }
    // a name used twice, in parts loaded by different threads (or the same one)
    for (const [a, b] of [
      [10, 60],
      [60, 110],
      [3, 190],
    ]) {
      const text = big(200, -1, '').replace(`name: dialogue ${b}\n`, `name: dialogue ${a}\n`);
      writeFileSync(join(dir, 'big.yaml'), text);
      const one = await outcome(['big.yaml'], dir, { threads: false, partChars: 1500, partsFrom: 3000 });
      expect(one).toContain('used twice');
      expect(await outcome(['big.yaml'], dir, { ...threaded, partChars: 1500, partsFrom: 3000 })).toBe(one);
    }
  });
});
