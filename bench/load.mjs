#!/usr/bin/env node
/**
 * Spec loading figures (docs/performance.md, "Loading"). Run after `npm run build`:
 *
 *   node bench/load.mjs [--repeat 5] [--skip-big] [--only 1,2,3,4,5] [--one-file 100000] [--root DIR]
 *                       [--figures-to FILE]
 *
 * --only runs the numbered figures given; --one-file sets the dialogues of the one big file (4);
 * --root measures another build (a checkout with its own dist/, e.g. an earlier commit's);
 * --figures-to writes the figures as JSON (bench/run.mjs's summary reads it), each with the
 * 1-minute load average at its start and end.
 *
 * Prints, each repeated and given as best and median, with the load average:
 *   1. buildRunPlan, ms per 15 KB of YAML, beside the yaml package's parse() of the same texts
 *      (100 files of 100 three-step dialogues, in this process, warmed up): bundled as the command
 *      has it (js-yaml edited, .ci/js-yaml-edits.mjs), and tsc's modules (the library API) beside;
 *   2. `run --list` on 10,000 dialogues in 100 files vs a bare script that reads and yaml.parse's
 *      them (whole processes, wall);
 *   3. time to first request for 100,000 dialogues in 1,000 files (the CLI spawned, a local server
 *      that answers nothing useful and notes the first request);
 *   4. the same for one 35 MB file, with the peak RSS (VmHWM) of `run` until its first request;
 *      3 and 4 give the CPU seconds until then, the process's and its main thread's (what the
 *      first request waits for when a second thread loads beside it);
 *   5. peak RSS of `run --list` on one 30,000-dialogue file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const option = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const ROOT = option('root') ?? join(dirname(fileURLToPath(import.meta.url)), '..');
// the command users run; an earlier commit's build (--root) had its CLI at dist/cli.js
const LAUNCHER = join(ROOT, 'bin/clova-regress.cjs');
const CLI = existsSync(LAUNCHER) ? LAUNCHER : join(ROOT, 'dist/cli.js');
const ONLY = option('only')?.split(',');
const want = (n) => !ONLY || ONLY.includes(String(n));
const ONE_FILE = Number(option('one-file') ?? 100_000);
const REPEAT = Number(args[args.indexOf('--repeat') + 1] || 5) || 5;
const SKIP_BIG = args.includes('--skip-big');
// figure 1 times buildRunPlan as the command runs it: bundled with js-yaml's edit (.ci/js-yaml-edits.mjs),
// in dist/ so that paths relative to the module resolve as the command's do; tsc's modules (the
// library API, js-yaml as installed) are timed beside it
const { buildRunPlan: modulesBuildRunPlan } = await import(join(ROOT, 'dist/run/run-plan.js'));
const bundledPlan = join(ROOT, 'dist', `.bench-run-plan-${process.pid}.mjs`);
process.on('exit', () => rmSync(bundledPlan, { force: true }));
async function bundledBuildRunPlan() {
  // a build from before the edit (--root) bundled js-yaml as installed, and so does its figure
  const edits = join(ROOT, '.ci/js-yaml-edits.mjs');
  const [{ build }, plugins] = await Promise.all([
    import(join(ROOT, 'node_modules/esbuild/lib/main.js')),
    existsSync(edits) ? import(edits).then((m) => [m.jsYamlEdits]) : [],
  ]);
  await build({
    entryPoints: [join(ROOT, 'dist/run/run-plan.js')],
    outfile: bundledPlan,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module';\nconst require = __benchRequire(import.meta.url);" },
    plugins,
    logLevel: 'warning',
  });
  return (await import(bundledPlan)).buildRunPlan;
}

const work = mkdtempSync(join(tmpdir(), 'clova-regress-load-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const dialogue = (k) =>
  `  - name: dialogue number ${k}\n    tags: [smoke]\n    steps:\n      - send: show me the products please\n        expect:\n          scenarioName: Products\n          description: /product/i\n      - send: Product A\n        expect: { scenarioName: Product A, chatType: TEXT }\n      - send: thanks\n        expect:\n          description: { contains: welcome }\n`;
const specText = (n, name) => `suite: ${name}\ndialogues:\n${Array.from({ length: n }, (_, k) => dialogue(k)).join('')}`;

function writeSpecs(name, files, perFile) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) writeFileSync(join(dir, `suite-${String(f).padStart(5, '0')}.yaml`), specText(perFile, `Suite ${f}`));
  return dir;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { best: s[0], median: s[Math.floor(s.length / 2)] };
};
const fmt = (x, d = 1) => x.toFixed(d);
const log = (line) => console.log(line);
// what --figures-to writes: per figure its numbers and [load at start, load at end]
const figures = {};
const FIGURES_TO = option('figures-to');
if (FIGURES_TO) process.on('exit', () => writeFileSync(FIGURES_TO, JSON.stringify(figures)));
const note = (n, start, values) => (figures[n] = { ...values, load: [start, loadavg()[0]] });

log(`clova-regress spec loading bench — node ${process.version}, ${REPEAT} repeats, load average at start: ${load()}`);

// 1. in-process: buildRunPlan vs yaml.parse, same files
if (want(1)) {
  const start = loadavg()[0];
  const dir = writeSpecs('in-process', 100, 100);
  const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  const kb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1024;
  const per15 = (ms) => (ms * 15) / kb;
  const buildRunPlan = await bundledBuildRunPlan();
  await buildRunPlan([dir], work); // warm-up
  await modulesBuildRunPlan([dir], work);
  for (const t of texts) parse(t);
  const plan = [];
  const modules = [];
  const bare = [];
  const timed = async (build, into) => {
    const t = performance.now();
    const p = await build([dir], work);
    into.push(per15(performance.now() - t));
    p.dispose();
  };
  for (let r = 0; r < REPEAT; r++) {
    await timed(buildRunPlan, plan);
    await timed(modulesBuildRunPlan, modules);
    const t = performance.now();
    for (const text of texts) parse(text);
    bare.push(per15(performance.now() - t));
  }
  const a = stats(plan);
  const m = stats(modules);
  const b = stats(bare);
  log(`1. loading, ms per 15 KB (${fmt(kb / 1024)} MB in 100 files): buildRunPlan best ${fmt(a.best, 2)} median ${fmt(a.median, 2)} | yaml.parse best ${fmt(b.best, 2)} median ${fmt(b.median, 2)} | ratio (medians) ${fmt(a.median / b.median, 2)} | tsc's modules (library API) median ${fmt(m.median, 2)} (${fmt(m.median / b.median, 2)})  [load ${load()}]`);
  note(1, start, { planMs: a.median, yamlMs: b.median, ratio: a.median / b.median });
}

function wall(cmd, argv, env = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t;
}

// 2. run --list vs a bare yaml.parse script, whole processes
if (want(2)) {
  const start = loadavg()[0];
  const dir = writeSpecs('list-10k', 100, 100);
  const bareScript = join(work, 'bare.mjs');
  writeFileSync(bareScript, `import { readdirSync, readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nimport { parse } from ${JSON.stringify(join(ROOT, 'node_modules/yaml/dist/index.js'))};\nconst dir = process.argv[2];\nlet n = 0;\nfor (const f of readdirSync(dir)) n += parse(readFileSync(join(dir, f), 'utf8')).dialogues.length;\nconsole.log(n);\n`);
  const list = [];
  const bare = [];
  for (let r = 0; r < REPEAT; r++) {
    list.push(wall(process.execPath, [CLI, 'run', dir, '--list']));
    bare.push(wall(process.execPath, [bareScript, dir]));
  }
  const a = stats(list);
  const b = stats(bare);
  log(`2. run --list, 10,000 dialogues in 100 files: best ${fmt(a.best, 0)} ms median ${fmt(a.median, 0)} ms | bare yaml.parse script best ${fmt(b.best, 0)} median ${fmt(b.median, 0)} ms | ratio (medians) ${fmt(a.median / b.median, 2)}  [load ${load()}]`);
  note(2, start, { listMs: a.median, bareMs: b.median, ratio: a.median / b.median });
}

function cpuSeconds(pid, task) {
  try {
    const fields = readFileSync(task ? `/proc/${pid}/task/${task}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** Spawns `run`, returns ms from spawn to the first request at a local server, the CPU seconds and the peak RSS until then. */
async function firstRequest(specPath) {
  let resolveFirst;
  const first = new Promise((r) => (resolveFirst = r));
  const server = createServer((req, res) => {
    resolveFirst(performance.now());
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":4031,"message":"bench"}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  // killed at its first request, the run cannot remove the plan it spilled (~160 MB at 100,000
  // dialogues): it spills into a folder of this bench's, removed below
  const spill = mkdtempSync(join(tmpdir(), 'clova-bench-spill-'));
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', specPath, '--url', url, '-q', '--no-progress', '-j', '1'], { env: { ...process.env, CLOVA_SECRET_KEY: 'bench-secret', NO_COLOR: '1', TMPDIR: spill }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  let peakKb = 0;
  const sample = () => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // exited
    }
  };
  const timer = setInterval(sample, 50);
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  try {
    const at = await Promise.race([first, exited.then((code) => Promise.reject(new Error(`run exited ${code} before any request: ${err.slice(-1500)}`)))]);
    sample();
    const cpuS = cpuSeconds(child.pid);
    // the main thread's share: with a loading thread beside it, that is what the first request waits for
    const mainCpuS = cpuSeconds(child.pid, child.pid);
    clearInterval(timer);
    child.kill('SIGKILL');
    await exited;
    server.close();
    return { ms: at - started, cpuS, mainCpuS, peakMb: peakKb / 1024 };
  } finally {
    rmSync(spill, { recursive: true, force: true });
  }
}

async function peakOf(argv) {
  const child = spawn(process.execPath, argv, { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // exited
    }
  }, 20);
  const code = await new Promise((r) => child.on('exit', r));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}`);
  return peakKb / 1024;
}

const big = Math.min(REPEAT, 3);
if (!SKIP_BIG && want(3)) {
  const start = loadavg()[0];
  const many = writeSpecs('many-100k', 1000, 100);
  const manyT = [];
  const manyCpu = [];
  const manyMain = [];
  for (let r = 0; r < big; r++) {
    const f = await firstRequest(many);
    manyT.push(f.ms);
    manyCpu.push(f.cpuS);
    manyMain.push(f.mainCpuS);
  }
  const m = stats(manyT);
  log(`3. 100,000 dialogues in 1,000 files, time to first request: best ${fmt(m.best / 1000, 2)} s median ${fmt(m.median / 1000, 2)} s (${manyT.map((t) => fmt(t / 1000, 2)).join(', ')}; CPU ${manyCpu.map((c) => fmt(c, 1)).join(', ')} s, main thread ${manyMain.map((c) => fmt(c, 1)).join(', ')} s)  [load ${load()}]`);
  note(3, start, { seconds: m.median / 1000 });
}
if (!SKIP_BIG && want(4)) {
  const start = loadavg()[0];
  const oneDir = join(work, 'one');
  mkdirSync(oneDir);
  const one = join(oneDir, 'one.yaml');
  writeFileSync(one, specText(ONE_FILE, 'One'));
  const runs = [];
  for (let r = 0; r < big; r++) runs.push(await firstRequest(one));
  const o = stats(runs.map((x) => x.ms));
  const p = stats(runs.map((x) => x.peakMb));
  log(`4. ${ONE_FILE.toLocaleString('en')} dialogues in one ${fmt(readFileSync(one).length / 1e6)} MB file: time to first request best ${fmt(o.best / 1000, 2)} s median ${fmt(o.median / 1000, 2)} s (${runs.map((x) => fmt(x.ms / 1000, 2)).join(', ')}; CPU ${runs.map((x) => fmt(x.cpuS, 1)).join(', ')} s, main thread ${runs.map((x) => fmt(x.mainCpuS, 1)).join(', ')} s) | peak RSS until then best ${fmt(p.best, 0)} MB median ${fmt(p.median, 0)} MB (${runs.map((x) => fmt(x.peakMb, 0)).join(', ')})  [load ${load()}]`);
  note(4, start, { dialogues: ONE_FILE, seconds: o.median / 1000, peakMb: p.median });
}
if (!SKIP_BIG && want(5)) {
  const start = loadavg()[0];
  const thirty = join(work, 'thirty.yaml');
  writeFileSync(thirty, specText(30_000, 'Thirty'));
  const listPeak = [];
  for (let r = 0; r < big; r++) listPeak.push(await peakOf([CLI, 'run', thirty, '--list']));
  const l = stats(listPeak);
  log(`5. peak RSS, run --list on one 30,000-dialogue file: best ${fmt(l.best, 0)} MB median ${fmt(l.median, 0)} MB (${listPeak.map((x) => fmt(x, 0)).join(', ')})  [load ${load()}]`);
  note(5, start, { peakMb: l.median });
}
