/**
 * clova-regress as the benchmarks run it (bench/run.mjs, bench/botium.mjs): the generated specs
 * (3-step dialogues, open → send "products" → click "Product A", each step with an expectation,
 * 100 per file) and one measured `run --url <mock> -q --no-progress` child: its closing line's
 * figures, wall time (spawn to exit), CPU, peak RSS (VmHWM) and, against the minimal mock, the
 * run phase's CPU per request.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuSeconds } from './measure.mjs';
import { CLI, SECRET } from './mocks.mjs';

export const PER_FILE = 100;

/** `count` dialogues in files of PER_FILE, in a new folder of `work`. */
export function writeSpecs(work, count) {
  const dir = join(work, `specs-${count}`);
  mkdirSync(dir, { recursive: true });
  const dialogue = (k) =>
    `  - name: dialogue ${k}\n    steps:\n      - open:\n        expect: { chatType: TEXT }\n` +
    '      - send: products\n        expect: { scenarioName: Products }\n' +
    '      - click: Product A\n        expect: { scenarioName: Product A }\n';
  for (let f = 0; f * PER_FILE < count; f++) {
    const n = Math.min(PER_FILE, count - f * PER_FILE);
    const body = Array.from({ length: n }, (_, k) => dialogue(k)).join('');
    writeFileSync(join(dir, `suite-${String(f).padStart(5, '0')}.yaml`), `suite: Bench ${f}\ndialogues:\n${body}`);
  }
  return dir;
}

// `1000 passed, 0 failed, 0 errors (3.55 s, 3000 requests; step latency p50 12 ms, p99 48 ms)`, or `(2 min 5 s, …`
const SUMMARY = new RegExp(
  String.raw`^(\d+) passed, (\d+) failed, (\d+) errors?.*\((?:(\d+) min (\d+) s|([\d.]+) (ms|s)), (\d+) requests?; ` +
    String.raw`step latency p50 (([\d.]+) (ms|s)), p99 ([\d.]+) (ms|s)\)`,
  'm',
);

/** Report flags (`--junit`, `--json`…), each followed by a file of its own in `dir`: `report.junit`, `report.json`… */
export const reportArgs = (flags, dir) => flags.flatMap((f) => [f, join(dir, `report${f.replace(/^-+/, '.')}`)]);

/**
 * One `run` of `dir` against `mock` (the built-in or the minimal one); `connections` is `-j`
 * (null: the runner's default); `cli` another build's bin/clova-regress.cjs; `nodeArgs` options
 * for node itself (`--cpu-prof`). Throws unless every dialogue passed.
 */
export async function runner(mock, dir, count, { connections = 64, extra = [], cli = CLI, nodeArgs = [] } = {}) {
  const started = performance.now();
  const mockBefore = cpuSeconds(mock.child.pid);
  const jobs = connections === null ? [] : ['-j', String(connections)];
  const argv = [...nodeArgs, cli, 'run', dir, '--url', mock.url, ...jobs, '-q', '--no-progress', ...extra];
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: SECRET, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  let peakKb = 0;
  let cpu = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      cpu = cpuSeconds(child.pid);
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 100);
  // the run phase's CPU, when the mock reports its request count (every 50 ms while requests
  // arrive): the runner's CPU between the first and the last report of this run
  const phase = { first: NaN, firstCount: 0, last: NaN, lastCount: 0 };
  const watch = (m) => {
    if (m.count === undefined) return;
    const now = cpuSeconds(child.pid);
    if (Number.isNaN(phase.first)) Object.assign(phase, { first: now, firstCount: m.count });
    else Object.assign(phase, { last: now, lastCount: m.count });
  };
  mock.child.on('message', watch);
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  mock.child.off('message', watch);
  const wallS = (performance.now() - started) / 1000;
  const mockCpu = cpuSeconds(mock.child.pid) - mockBefore;
  const m = SUMMARY.exec(out);
  if (code !== 0 || !m) {
    throw new Error(`the run did not pass (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-2000)}`);
  }
  const seconds = (value, unit) => Number(value) * (unit === 'ms' ? 0.001 : 1);
  const runS = m[4] !== undefined ? Number(m[4]) * 60 + Number(m[5]) : seconds(m[6], m[7]);
  const requests = Number(m[8]);
  return {
    count,
    passed: Number(m[1]),
    runS,
    wallS,
    requests,
    rps: requests / runS,
    dps: count / runS,
    p50Text: m[9], // as the summary shows it ("0.42 ms")
    p50: seconds(m[10], m[11]) * 1000,
    p99: seconds(m[12], m[13]) * 1000,
    peakMb: peakKb / 1024,
    runnerCpuS: cpu,
    runPhaseCpuUsPerRequest: ((phase.last - phase.first) * 1e6) / (phase.lastCount - phase.firstCount),
    mockCoreShare: mockCpu / wallS,
  };
}
