/**
 * The fixed mixed run every golden file pins: one spec file against the built-in mock bot, one
 * dialogue at a time (`-j 1`, so the console's order is fixed) with `--retries 1`, giving every
 * verdict once — passed, failed with a diff, errored (a scenario whose every answer is a chatbot
 * error), flaky (a scenario whose first answer on the server is one), skipped with a reason — and
 * drift against a baseline run of a bot whose Products answer differs.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';
import type { Volatile } from './scrub.js';

const BOT = `name: Shop bot
welcome:
  answer: Hello! Ask any questions to the chatbot.
  quickButtons: [Products, Store hours]
scenarios:
  - name: Store hours
    utterances: [store hours]
    answer: We are open every day from 10:00 to 20:00.
  - name: Products
    utterances: [products]
    answer:
      text: We have three products.
      buttons: [Product A, Product B]
  - name: Product A
    utterances: [Product A]
    answer: Product A is our best seller.
  - name: Delivery
    utterances: [delivery]
    answer: We deliver within two days.
    faults:
      errors:
        - { first: 1, scope: server, status: 500, message: Temporarily unavailable }
  - name: Returns
    utterances: [returns]
    answer: Returns are free for 30 days.
    faults:
      errors:
        - { rate: 1, status: 500, message: Returns service is down }
`;

/** The bot of the baseline run: another Products answer (text and a third button), so it drifts. */
const BASELINE_BOT = BOT.replace('We have three products.', 'We have four products.').replace(
  '[Product A, Product B]',
  '[Product A, Product B, Product C]',
);

const SPEC = `# the golden run: every verdict once
suite: Shop
tags: [smoke]
dialogues:
  - name: greets on open
    steps:
      - open:
        expect:
          quickButtons: [Products, Store hours]
  - name: products then a click
    tags: [catalogue]
    steps:
      - send: products
        expect:
          scenarioName: Products
          buttons: [Product A, Product B]
      - click: Product A
        expect: { description: { contains: best seller } }
  - name: store hours
    steps:
      - send: store hours
        expect:
          scenarioName: Store hours
          description: We are open every day from 9:00 to 21:00.
  - name: delivery, flaky
    steps:
      - send: delivery
        expect: { scenarioName: Delivery }
  - name: returns, down
    steps:
      - send: returns
        expect: { scenarioName: Returns }
  - name: gift wrapping
    skip: not offered yet
    steps:
      - send: gift wrapping
`;

const RUN = ['run', '-j', '1', '--retries', '1', '--no-progress'];
const BASELINE = ['--baseline', 'baseline/results.json'];
/** Every report of one run into `dir`/. */
const reports = (dir: string) => [
  ...['--junit', `${dir}/junit.xml`, '--markdown', `${dir}/summary.md`],
  ...['--html', `${dir}/report.html`, '--json', `${dir}/results.json`],
];

export interface MixedRun {
  dir: string;
  /** `run` with every report, --no-color. */
  live: CliResult;
  /** The same run again with --color, console only (and --json, for its run id and port). */
  colored: CliResult;
  /** `report` of the live run's results file into report/. */
  replayed: CliResult;
  /** What to scrub from outputs of these runs. */
  volatile: Volatile;
  /** The volatile values of the colored run (its own run id and port). */
  coloredVolatile: Volatile;
}

async function volatileOf(dir: string, ...results: string[]): Promise<Volatile> {
  const files = await Promise.all(results.map((r) => readResultsFile(join(dir, r))));
  return { runIds: files.map((f) => f.info.runId), hosts: files.map((f) => f.info.target.host), dirs: [dir] };
}

function ok(result: CliResult, code: number): CliResult {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(code);
  return result;
}

/** Runs the baseline, then the golden run (live, colored) and `report` of its results file. */
export async function mixedRun(): Promise<MixedRun> {
  const dir = tempProject({ 'specs/bot.yaml': BOT, 'baseline-bot.yaml': BASELINE_BOT, 'specs/shop.yaml': SPEC });
  const opts = { cwd: dir, timeoutMs: 60_000 };
  ok(await runCli([...RUN, '-q', '--mock', 'baseline-bot.yaml', '--json', 'baseline/results.json'], opts), 1);
  const live = ok(await runCli([...RUN, ...BASELINE, '--no-color', ...reports('live')], opts), 1);
  const colored = ok(await runCli([...RUN, ...BASELINE, '--color', '--json', 'colored/results.json'], opts), 1);
  const replayed = ok(await runCli(['report', 'live/results.json', ...reports('report')], opts), 0);
  return {
    dir,
    live,
    colored,
    replayed,
    volatile: await volatileOf(dir, 'live/results.json', 'baseline/results.json'),
    coloredVolatile: await volatileOf(dir, 'colored/results.json', 'baseline/results.json'),
  };
}
