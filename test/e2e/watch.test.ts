/**
 * `run --watch` through the built CLI, driven as an author drives it: save a spec, save the bot,
 * type commands on stdin (a pipe here; a terminal takes single keys).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';

const BOT = `name: Watch bot
welcome: { answer: { text: Hello! } }
scenarios:
  - name: Hours
    utterances: [hours]
    answer: { text: We open at 9. }
  - name: Price
    utterances: [price]
    answer: { text: It costs 5 won. }
`;
const spec = (hours: string) => `suite: Watch
dialogues:
  - name: hours
    steps:
      - send: hours
        expect: { scenarioName: Hours, description: { contains: "${hours}" } }
`;
const PRICE = `suite: Price
dialogues:
  - name: price
    steps:
      - send: price
        expect: { scenarioName: Price, description: { contains: "5 won" } }
`;
const PROMPT = 'Watching for changes — press a to run all, f to run failed, Enter to re-run, q to quit.';

interface Watched {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with everything printed once the prompt has been shown `count` times in all. */
  prompt(count: number): Promise<string>;
  exit: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function startWatch(cwd: string, args: string[]): Watched {
  const child = spawn(process.execPath, [CLI, 'run', '--watch', '--no-progress', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
  });
  children.push(child);
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const prompt = (count: number) =>
    new Promise<string>((resolve, reject) => {
      // a wait that never ends shows what was printed instead of a bare test timeout
      const timer = setTimeout(() => reject(new Error(`no prompt ${count} after 40 s:\n${out}`)), 40_000);
      const check = () => {
        if (out.split(PROMPT).length - 1 >= count) clearTimeout(timer);
        if (out.split(PROMPT).length - 1 >= count) return resolve(out);
        if (child.exitCode !== null)
          return (clearTimeout(timer), reject(new Error(`exited ${child.exitCode} before prompt ${count}:\n${out}`)));
        waiters.push(check);
      };
      check();
    });
  return { child, output: () => out, prompt, exit };
}

/** The part of the output after the n-th prompt (what the n+1-th cycle printed). */
const cycle = (out: string, n: number) => out.split(PROMPT)[n] ?? '';

describe('run --watch', () => {
  it(
    're-runs a saved spec alone, everything when the bot changes, and the failed ones on f; q exits with the last code',
    { timeout: 120_000 },
    async () => {
      const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/hours.yaml': spec('at 9'), 'specs/price.yaml': PRICE });
      const w = startWatch(dir, ['specs', '--mock', 'specs/bot.yaml']);
      let out = await w.prompt(1);
      expect(cycle(out, 0)).toMatch(/^2 passed, 0 failed/m);

      // an edit that breaks one spec re-runs that file only
      writeFileSync(join(dir, 'specs/hours.yaml'), spec('at 10'));
      out = await w.prompt(2);
      expect(cycle(out, 1)).toContain('Changed: specs/hours.yaml — running that file');
      expect(cycle(out, 1)).toMatch(/^0 passed, 1 failed/m);
      expect(cycle(out, 1)).not.toContain('Price');

      // the bot changes: every spec runs again, against the new answers
      writeFileSync(join(dir, 'specs/bot.yaml'), BOT.replace('We open at 9.', 'We open at 10.'));
      out = await w.prompt(3);
      expect(cycle(out, 2)).toContain('Running all dialogues');
      expect(cycle(out, 2)).toMatch(/^2 passed, 0 failed/m);

      // break it again, then `f` runs the failed dialogue only, `a` runs all
      writeFileSync(join(dir, 'specs/bot.yaml'), BOT);
      out = await w.prompt(4);
      expect(cycle(out, 3)).toMatch(/^1 passed, 1 failed/m);
      w.child.stdin.write('f\n');
      out = await w.prompt(5);
      expect(cycle(out, 4)).toContain('Running the dialogues that failed last time');
      expect(cycle(out, 4)).toMatch(/^0 passed, 1 failed/m);
      w.child.stdin.write('a\n');
      out = await w.prompt(6);
      expect(cycle(out, 5)).toMatch(/^1 passed, 1 failed/m);

      w.child.stdin.write('q\n');
      expect(await w.exit).toBe(1);
    },
  );

  it(
    'keeps watching when stdin is closed, and a broken spec is reported without ending the watch',
    { timeout: 120_000 },
    async () => {
      const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/hours.yaml': spec('at 9') });
      const w = startWatch(dir, ['specs', '--mock', 'specs/bot.yaml']);
      w.child.stdin.end();
      await w.prompt(1);
      writeFileSync(join(dir, 'specs/hours.yaml'), 'suite: Watch\ndialogues:\n  - name: hours\n    stepz: []\n');
      let out = await w.prompt(2);
      expect(cycle(out, 1)).toMatch(/specs\/hours\.yaml:4:5/);
      writeFileSync(join(dir, 'specs/hours.yaml'), spec('at 9'));
      out = await w.prompt(3);
      expect(cycle(out, 2)).toMatch(/^1 passed, 0 failed/m);
      w.child.kill('SIGINT');
      expect(await w.exit).toBe(0);
    },
  );
});
