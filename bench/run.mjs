#!/usr/bin/env node
/**
 * `npm run bench`: how close clova-regress gets to the bot's own ceiling, and what it costs.
 *
 *   1. starts the built-in mock bot (specs/bot.yaml) as its own process, signatures checked; its
 *      10 s timestamp window is turned off (`--timestamp-window-ms 0`, as docs/mock-bot.md does for
 *      benchmarks) so autocannon can replay signed bodies — the runner signs a fresh timestamp
 *      into every request anyway, and the check costs the same either way;
 *   2. the raw ceiling: autocannon, in this process, with the runner's connection count, sending
 *      the runner's workload (open, send "products", send "Product A" under one userId per
 *      sequence) two ways — replaying bodies signed before the clock starts, and building and
 *      signing each request afresh — each taken right before the runner's measurement; the ceiling
 *      is the higher of the two (on our machine, oddly, the second);
 *   3. clova-regress, as a child process (`run --url … -j 64 -q --no-progress`), on generated specs
 *      of 3-step dialogues: dialogues/s, requests/s, p50/p99 step latency (from its summary line)
 *      and peak RSS (the kernel's high-water mark, VmHWM, read from /proc while it runs);
 *   4. the ratio runner requests/s ÷ ceiling requests/s;
 *   5. `clova-regress --version`: the median wall time of 31 runs (and `run specs --list`'s of 11);
 *   6. `--rps` accuracy: 3,000 requests at --rps 250, timed where they arrive, at a mock started
 *      in this process (each request logged with its arrival time).
 *
 * Runner and mock share the machine's cores, as autocannon and the mock do: the ceiling is "the
 * mock, with a load generator beside it", and the CPU time each process used is printed so a reader
 * can see who was the bottleneck.
 *
 * First, the runner's own cost against a minimal-signing mock (bench/minimal-mock.mjs, a bare
 * node:http server: one HMAC check, fixed replies), so the mock is not the limit: wrk (when
 * installed), the same-language ceiling (bench/ceiling-client.mjs: undici Pool.dispatch, signed
 * POST, JSON.parse, same concurrency), clova-regress without and with --junit --json --html (CPU,
 * run-phase CPU per request, peak RSS), the ratios to the ceiling and to wrk on the run's clock and
 * wall, and `run` on a 1-dialogue spec beside `node -e 0` (against this mock and the built-in one);
 * then Botium 1.15 against the same mock (bench/botium.mjs), and the spec-loading figures
 * (bench/load.mjs, spawned). The run ends with issue 12's table of targets: each row's figure,
 * target, met or not, and whether the machine was quiet for it (bench/summary.mjs).
 *
 * Options: --sizes 1000,100000 --ceiling-seconds 10 --connections 64; --dialogues 30000 --repeats 3
 * for the minimal-mock section; --botium-dialogues 3000; --quick (3,000 dialogues, one run each,
 * 200 Botium dialogues, loading without the 100k figures, built-in sizes 1000); --no-builtin,
 * --no-botium, --no-load skip the built-in mock's section, Botium, the loading figures.
 *
 * The mocks and signed requests are in bench/mocks.mjs, the ceiling clients (autocannon, wrk, undici)
 * in bench/ceilings.mjs, the measured clova-regress run in bench/runner.mjs, CPU and wall-time
 * measuring and the number formats in bench/measure.mjs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { botiumSection } from './botium.mjs';
import { ceiling, ceilingClient, freshRequests, hasWrk, wrkRun } from './ceilings.mjs';
import { alternateTiming, fmt, median, optionReader, spread, startTiming } from './measure.mjs';
import { captureReplies, CLI, ROOT, SECRET, settle, startMinimalMock, startMock } from './mocks.mjs';
import { PER_FILE, runner as runOnce, writeSpecs as writeSpecsIn } from './runner.mjs';
import { issueRows, printSummary, timed } from './summary.mjs';

const args = process.argv.slice(2);
const flag = optionReader(args);
const quick = args.includes('--quick');
const sizes = flag('sizes', quick ? '1000' : '1000,100000')
  .split(',')
  .map(Number);
const ceilingSeconds = Number(flag('ceiling-seconds', '10'));
const connections = Number(flag('connections', '64'));
// the minimal-mock section: dialogues (in files of 100), repeats of each timed run
const minimalCount = Number(flag('dialogues', quick ? '3000' : '30000'));
const repeats = Number(flag('repeats', quick ? '1' : '3'));
const botiumCount = Number(flag('botium-dialogues', quick ? '200' : '3000'));
const withBuiltin = !args.includes('--no-builtin');
const withBotium = !args.includes('--no-botium');
const withLoading = !args.includes('--no-load');

const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-'));
const log = (line = '') => process.stdout.write(`${line}\n`);
const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const writeSpecs = (count) => writeSpecsIn(work, count);
const runner = (mock, dir, count, extra = []) => runOnce(mock, dir, count, { connections, extra });
// what the closing table reads (bench/summary.mjs `issueRows`)
const figures = { quick };

/** `--rps` as the bot sees it: arrival times at a mock in this process, whose log is called per request. */
async function rpsAccuracy(rate) {
  const mockLib = await import(join(ROOT, 'dist/mock/index.js'));
  const bot = await mockLib.loadBotDefinition(join(ROOT, 'specs/bot.yaml'));
  const arrivals = [];
  const server = await mockLib.startMockServer({ bot, secretKey: SECRET, log: () => arrivals.push(performance.now()) });
  const dir = writeSpecs(1000);
  try {
    // spawned, not spawnSync: the mock answering it lives on this process's event loop
    const child = spawn(
      process.execPath,
      [CLI, 'run', dir, '--url', server.url, '-j', '16', '--rps', String(rate), '-q', '--no-progress'],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: SECRET, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the --rps run failed (exit ${code}): ${out.slice(-2000)}`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const measured = ((arrivals.length - 1) * 1000) / (arrivals[arrivals.length - 1] - arrivals[0]);
  return { requests: arrivals.length, measured };
}

/** wrk and the undici ceiling client against the minimal mock: the best requests/s of each. */
async function ceilings(mock, requests) {
  await ceilingClient(mock, 6000, connections); // warm-up
  const wrks = [];
  if (hasWrk()) {
    for (let i = 0; i < repeats; i++) wrks.push(await wrkRun(mock, quick ? 3 : 8, connections));
    const mockUs = fmt(median(wrks.map((w) => w.cpuUsPerRequest)), 1);
    log(
      `  wrk -t1 -c${connections}: ${spread(wrks.map((w) => w.rps))} req/s; the mock at ${mockUs} µs of CPU per request`,
    );
  } else log('  wrk: not installed, skipped (apt-get install wrk)');
  const clients = [];
  for (let i = 0; i < repeats; i++) clients.push(await ceilingClient(mock, requests, connections));
  log(
    `  ceiling (undici Pool.dispatch, sign + JSON.parse, ${connections} in flight): ${spread(clients.map((c) => c.rps))} req/s; ` +
      `its CPU ${spread(
        clients.map((c) => c.cpuUsPerRequest),
        1,
        false,
      )} µs per request; ` +
      `the mock ${fmt(median(clients.map((c) => c.mock.cpuUsPerRequest)), 1)} µs`,
  );
  return {
    wrk: wrks.length ? Math.max(...wrks.map((w) => w.rps)) : NaN,
    ceiling: Math.max(...clients.map((c) => c.rps)),
  };
}

/** clova-regress without and with every report, in turn, `repeats` times; the ratios to `tops`. */
async function runnerPairs(mock, count, tops) {
  const dir = writeSpecs(count);
  const plain = [];
  const withReports = [];
  const reportDir = join(work, 'reports');
  mkdirSync(reportDir, { recursive: true });
  const reports = ['--junit', 'junit.xml', '--json', 'results.json', '--html', 'report.html'].map((a, i) =>
    i % 2 ? join(reportDir, a) : a,
  );
  for (let i = 0; i < repeats; i++) {
    plain.push(await runner(mock, dir, count));
    await settle();
    withReports.push(await runner(mock, dir, count, reports));
    await settle();
  }
  rmSync(dir, { recursive: true, force: true });
  const rps = Math.max(...plain.map((r) => r.rps));
  const wallRps = Math.max(...plain.map((r) => r.requests / r.wallS));
  const of = (rows, key) => rows.map((r) => r[key]);
  log(
    `  clova-regress: ${spread(of(plain, 'rps'))} req/s on the run's own clock; ${spread(plain.map((r) => r.requests / r.wallS))} ` +
      `req/s wall (start to exit); step p50 ${plain.map((r) => r.p50Text).join(' / ')}, p99 ${plain.map((r) => `${fmt(r.p99, 2)} ms`).join(' / ')}`,
  );
  log(
    `  runner CPU per request, run phase: ${spread(of(plain, 'runPhaseCpuUsPerRequest'), 1, false)} µs; whole process ` +
      `${spread(of(plain, 'runnerCpuS'), 2, false)} s CPU, peak RSS ${spread(of(plain, 'peakMb'), 0, false)} MB, wall ${spread(of(plain, 'wallS'), 2, false)} s`,
  );
  const toWrk = Number.isFinite(tops.wrk)
    ? `; run clock ÷ wrk ${(rps / tops.wrk).toFixed(2)}, wall ÷ wrk ${(wallRps / tops.wrk).toFixed(2)}`
    : '';
  log(
    `  ratios (best ÷ best): run clock ÷ ceiling ${(rps / tops.ceiling).toFixed(2)}, wall ÷ ceiling ${(wallRps / tops.ceiling).toFixed(2)}${toWrk}`,
  );
  const reportsCpuPct = (median(of(withReports, 'runnerCpuS')) / median(of(plain, 'runnerCpuS')) - 1) * 100;
  const wallPct = (median(of(withReports, 'wallS')) / median(of(plain, 'wallS')) - 1) * 100;
  log(
    `  --junit --json --html: CPU ${spread(of(withReports, 'runnerCpuS'), 2, false)} s (${reportsCpuPct.toFixed(0)}% over none, medians), ` +
      `peak RSS ${spread(of(withReports, 'peakMb'), 0, false)} MB, wall ${spread(of(withReports, 'wallS'), 2, false)} s (${wallPct.toFixed(0)}% over none)`,
  );
  const fastest = plain.find((r) => r.rps === rps);
  return {
    rps,
    wallRps,
    cpuUs: Math.min(...of(plain, 'runPhaseCpuUsPerRequest')),
    p50Text: fastest.p50Text,
    p50: fastest.p50,
    reportsCpuPct,
    reportsPeakMb: median(of(withReports, 'peakMb')),
  };
}

/** `run` on a 1-dialogue spec, `node -e 0`, and `run` with the built-in mock in-process, in turn. */
function startup(mock) {
  const one = writeSpecs(1);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: SECRET, NO_COLOR: '1' };
  const quiet = ['-q', '--no-progress'];
  const commands = [
    [CLI, 'run', one, '--url', mock.url, ...quiet],
    ['-e', '0'],
    [CLI, 'run', one, '--mock', join(ROOT, 'specs/bot.yaml'), ...quiet],
  ];
  const [run1, bare, builtin] = alternateTiming(commands, quick ? 11 : 21, env);
  log(
    `  start-up: \`run\` on a 1-dialogue spec median ${fmt(run1.median)} ms (min ${fmt(run1.min)}), \`node -e 0\` median ${fmt(bare.median)} ms ` +
      `(min ${fmt(bare.min)}): ${(run1.median / bare.median).toFixed(1)}× (medians), ${(run1.min / bare.min).toFixed(1)}× (mins); ` +
      `CPU ${fmt(run1.cpuMedian)} ms vs ${fmt(bare.cpuMedian)} ms (medians)`,
  );
  log(
    `  start-up against the built-in mock (\`--mock specs/bot.yaml\`, the bot loaded and served in-process): median ${fmt(builtin.median)} ms ` +
      `(min ${fmt(builtin.min)}), ${(builtin.median / bare.median).toFixed(1)}× \`node -e 0\`; CPU ${fmt(builtin.cpuMedian)} ms`,
  );
  rmSync(one, { recursive: true, force: true });
  return { runMs: run1.median, bareMs: bare.median };
}

/**
 * The runner's own cost, against the minimal mock: wrk and the undici ceiling client beside it,
 * the runner without and with every report, the start-up pair, then Botium against the same mock.
 * Each step's load averages go into `figures` with its figures.
 */
async function minimalSection(replies) {
  const mock = await startMinimalMock(replies, work);
  try {
    const count = minimalCount;
    const requests = count * 3;
    log(
      `minimal-signing mock (bench/minimal-mock.mjs, one HMAC check, fixed replies); ${fmt(count)} dialogues in ` +
        `${fmt(Math.ceil(count / PER_FILE))} files, ${fmt(requests)} requests, ${repeats} run(s) of each; load average ${loadNow()}`,
    );
    const tops = await timed(() => ceilings(mock, requests));
    figures.wrk = { rps: tops.wrk };
    figures.run = await timed(() => runnerPairs(mock, count, tops));
    figures.startup = await timed(() => startup(mock));
    if (withBotium) {
      log(`Botium 1.15 against the same mock (bench/botium.mjs); load average ${loadNow()}`);
      figures.botium = await timed(() => botiumSection({ mock, work, count: botiumCount, repeats, log }));
    }
    if (mock.bad)
      log(`  the minimal mock refused ${mock.bad} badly signed requests (Botium's control run sends some on purpose)`);
    log(`  load average ${loadNow()}`);
    log();
  } finally {
    mock.child.kill();
  }
}

/** The spec-loading figures: bench/load.mjs as a child (its lines printed as they come), its figures read back. */
async function loadingSection() {
  const file = join(work, 'loading.json');
  const argv = [join(ROOT, 'bench/load.mjs'), '--repeat', String(quick ? 1 : repeats), '--figures-to', file];
  if (quick) argv.push('--skip-big');
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  log();
  if (code !== 0) {
    log(`bench/load.mjs exited ${code}: the loading rows are not measured`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

log(`clova-regress benchmark — ${new Date().toISOString()}`);
log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average at start ${loadNow()}`,
);
log(
  `workload: dialogues of 3 steps (open, send "products", click "Product A"), ${PER_FILE} per spec file, concurrency ${connections}, the built-in mock (specs/bot.yaml)`,
);
log();
const mock = await startMock();
try {
  await minimalSection(await captureReplies(mock.url));
  if (withLoading) figures.loading = await timed(loadingSection);
  if (withBuiltin) await ceiling(mock, 2, connections); // warm the mock up
  const rows = [];
  for (const count of withBuiltin ? sizes : []) {
    const dir = writeSpecs(count);
    const replayed = await ceiling(mock, ceilingSeconds, connections);
    const fresh = await ceiling(mock, ceilingSeconds, connections, freshRequests());
    log(
      `ceiling before ${fmt(count)}: autocannon, ${connections} connections, ${ceilingSeconds} s each, replaying pre-signed bodies: ${fmt(replayed.rps)} req/s (p50 ${replayed.p50} ms, p99 ${replayed.p99} ms, mock at ${fmt(replayed.mockCoreShare * 100)}% of a core); signing every request afresh: ${fmt(fresh.rps)} req/s (mock at ${fmt(fresh.mockCoreShare * 100)}% of a core)${replayed.bad + fresh.bad ? `; ${replayed.bad + fresh.bad} bad replies` : ''}`,
    );
    // the ceiling is the most the mock served, whichever way the client worked
    const top = Math.max(replayed.rps, fresh.rps);
    const run = await runner(mock, dir, count);
    rows.push({ ...run, ceiling: top, ratio: run.rps / top });
    log(
      `clova-regress ${fmt(count)} dialogues: ${fmt(run.dps)} dialogues/s, ${fmt(run.rps)} req/s, step p50 ${fmt(run.p50)} ms, p99 ${fmt(run.p99)} ms, peak RSS ${fmt(run.peakMb)} MB; ` +
        `run ${fmt(run.runS, 1)} s of ${fmt(run.wallS, 1)} s wall (the rest: start-up and loading specs); runner CPU ${fmt(run.runnerCpuS, 1)} s, mock at ${fmt(run.mockCoreShare * 100)}% of a core`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  const limited = withBuiltin ? await rpsAccuracy(250) : { requests: 0, measured: NaN };
  if (withBuiltin)
    log(
      `--rps 250: ${fmt(limited.requests)} requests arrived at ${fmt(limited.measured, 1)} req/s (${(((limited.measured - 250) / 250) * 100).toFixed(2)}%)`,
    );
  const version = startTiming([CLI, '--version']);
  const bare = startTiming(['-e', '0']);
  // what a bot author waits for before anything is sent: start-up, yargs, loading the example specs
  const listing = startTiming([CLI, 'run', join(ROOT, 'specs'), '--list'], 11);
  log();
  log('| dialogues | dialogues/s | requests/s | ceiling req/s | ratio | step p50 | step p99 | peak RSS |');
  log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    log(
      `| ${fmt(r.count)} | ${fmt(r.dps)} | ${fmt(r.rps)} | ${fmt(r.ceiling)} | ${r.ratio.toFixed(2)} | ${fmt(r.p50)} ms | ${fmt(r.p99)} ms | ${fmt(r.peakMb)} MB |`,
    );
  log();
  if (rows.length >= 2) {
    const [small, large] = [rows[0], rows[rows.length - 1]];
    log(
      `peak RSS ${fmt(large.count)} vs ${fmt(small.count)} dialogues: ${((large.peakMb / small.peakMb - 1) * 100).toFixed(0)}% (target: within 20%, and ≤ 250 MB)`,
    );
  }
  log(
    `clova-regress --version: median ${fmt(version.median)} ms (min ${fmt(version.min)}, max ${fmt(version.max)}) over 31 runs (target: < 150 ms); \`node -e 0\` alone: median ${fmt(bare.median)} ms (min ${fmt(bare.min)})`,
  );
  log(
    `clova-regress run specs --list (the example specs): median ${fmt(listing.median)} ms (min ${fmt(listing.min)}) over 11 runs`,
  );
  log(`load average at end ${loadNow()}`);
  log();
  printSummary(issueRows(figures), log);
} finally {
  mock.child.kill('SIGINT');
  rmSync(work, { recursive: true, force: true });
}
