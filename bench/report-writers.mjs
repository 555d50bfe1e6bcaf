#!/usr/bin/env node
/**
 * What each report writer costs on its own, without the run around it: one run's results file
 * (written by `run --json` against the minimal mock, or given with --results) replayed through
 * each reporter in a fresh process, results masked by the ReporterMux as in a run. CPU seconds
 * (user + system, the writer's process, parsing the results file excluded), min and median over
 * the repeats; builds given with --dist are run in turn, so a busy machine slows each alike.
 *
 *   node bench/report-writers.mjs [--dialogues 30000] [--repeats 3] [--reports json,junit,html]
 *        [--dist dist,/tmp/old/dist] [--results file.json]
 *
 * Replayed results are parsed from the file, not proven clean by the client as in a run, so the
 * masking walk looks at every string: the figures are the writers' cost plus that walk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { optionReader } from './measure.mjs';
import { ROOT, SECRET, startCapturedMinimalMock } from './mocks.mjs';
import { runner, writeSpecs } from './runner.mjs';

const args = process.argv.slice(2);
const flag = optionReader(args);

if (args[0] === '--child') {
  const [, dist, kind, file, out] = args;
  const { readFileSync } = await import('node:fs');
  const load = (m) => import(join(resolve(dist), m));
  const { ReporterMux } = await load('results/event-stream.js');
  const { registerSecret } = await load('io/redact.js');
  const make = {
    json: async (p) => new (await load('reporters/json.js')).JsonResultsReporter(p),
    junit: async (p) => new (await load('reporters/junit.js')).JunitReporter(p),
    html: async (p) => new (await load('reporters/html/html.js')).HtmlReporter(p),
  }[kind];
  registerSecret(SECRET);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const reporter = await make(out);
  const before = process.cpuUsage();
  const mux = new ReporterMux([reporter]);
  await mux.begin(doc.info);
  for (const d of doc.dialogues) await mux.dialogueEnd(d);
  await mux.end(doc.summary);
  const used = process.cpuUsage(before);
  if (mux.failures.length) throw new Error(JSON.stringify(mux.failures));
  console.log(JSON.stringify({ cpuS: (used.user + used.system) / 1e6 }));
  process.exit(0);
}

const count = Number(flag('dialogues', '30000'));
const repeats = Number(flag('repeats', '3'));
const kinds = flag('reports', 'json,junit,html').split(',');
const dists = flag('dist', join(ROOT, 'dist')).split(',');
const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-writers-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: SECRET, NO_COLOR: '1' };

async function resultsFile() {
  const given = flag('results', undefined);
  if (given) return resolve(given);
  const mock = await startCapturedMinimalMock(work);
  try {
    const dir = writeSpecs(work, count);
    const file = join(work, 'results.json');
    await runner(mock, dir, count, { extra: ['--json', file] });
    return file;
  } finally {
    mock.child.kill();
  }
}

function feed(dist, kind, file) {
  return new Promise((done, fail) => {
    const out = join(work, `out-${kind}`);
    const child = spawn(process.execPath, ['--max-old-space-size=4096', new URL(import.meta.url).pathname, '--child', dist, kind, file, out], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (text += d));
    child.on('exit', (code) => {
      rmSync(out, { force: true });
      if (code !== 0) fail(new Error(`the ${kind} writer exited ${code}`));
      else done(JSON.parse(text.trim().split('\n').pop()).cpuS);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const file = await resultsFile();
  console.log(`report writers on ${file} (${count} dialogues), ${repeats} repeat(s); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const kind of kinds) {
    const rows = new Map(dists.map((d) => [d, []]));
    for (let i = 0; i < repeats; i++) for (const d of dists) rows.get(d).push(await feed(d, kind, file));
    for (const [d, xs] of rows)
      console.log(`  ${kind.padEnd(6)} ${d.padEnd(40)} CPU min ${Math.min(...xs).toFixed(2)} s, median ${median(xs).toFixed(2)} s (${xs.map((x) => x.toFixed(2)).join(' / ')})`);
  }
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
