#!/usr/bin/env node
/**
 * A CPU profile of one run of the bench's workload against the minimal-signing mock, where the
 * runner's own cost shows (the built-in mock would be the bottleneck): the main thread's
 * `--cpu-prof`, kept for DevTools or speedscope, and its top functions by self time. With
 * `--against <flags>` it profiles a second run with those flags too and prints what they add,
 * function by function (e.g. what the reports cost).
 *
 *   node bench/profile.mjs [--dialogues 30000] [--top 30] [--flags "--junit"] [--against "--junit --json --html"]
 *                          [--inclusive normalizeReply,redactValue] [--cli bin/clova-regress.cjs]
 *
 * `--inclusive` names functions whose inclusive time (their callees' included) is printed too,
 * per run and per request.
 * Report flags get a file each in a temporary folder. Run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captureReplies, CLI as OURS, SECRET, startMinimalMock, startMock } from './mocks.mjs';
import { writeSpecs } from './runner.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const count = Number(flag('dialogues', '30000'));
const top = Number(flag('top', '30'));
const words = (text) => (text ?? '').split(/\s+/).filter(Boolean);
const base = words(flag('flags', ''));
const against = flag('against', undefined);
const inclusiveOf = (flag('inclusive', '') ?? '').split(',').filter(Boolean);
const CLI = resolve(flag('cli', OURS));
const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-profile-'));

/** Self time (ms) by function, `name file:line`, from a .cpuprofile. */
function selfTimes(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = frames.get(profile.samples[i]);
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}${f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ''}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

/** One profiled run with `reportFlags`; its summary line and the profile's path. */
function profiledRun(mock, dir, reportFlags, label) {
  const out = join(work, `out-${label}`);
  const profDir = join(work, `prof-${label}`);
  mkdirSync(out, { recursive: true });
  const reports = reportFlags.flatMap((f) => (f.startsWith('--') && !f.includes('=') ? [f, join(out, `report${f.replace(/^-+/, '.')}`)] : [f]));
  const argv = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, CLI, 'run', dir, '--url', mock.url, '-j', '64', '-q', '--no-progress', ...reports];
  const child = spawnSync(process.execPath, argv, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: SECRET, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const summary = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0) throw new Error(`the run did not pass (exit ${child.status}):\n${child.stdout.slice(-2000)}\n${child.stderr.slice(-2000)}`);
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  return { summary, file: join(profDir, file) };
}

/** Inclusive time (ms) of each named function: every sample with it somewhere on the stack, once. */
function inclusiveTimes(file, names) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map(names.map((name) => [name, 0]));
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName;
      if (out.has(name) && !seen.has(name)) {
        seen.add(name);
        out.set(name, out.get(name) + (profile.timeDeltas[i] ?? 0) / 1000);
      }
    }
  }
  return out;
}

/** The summary line's request count. */
const requestsOf = (summary) => Number(/(\d+) requests?/.exec(summary)?.[1] ?? NaN);

function printInclusive(run) {
  if (inclusiveOf.length === 0) return;
  const requests = requestsOf(run.summary);
  for (const [name, ms] of inclusiveTimes(run.file, inclusiveOf))
    console.log(`  inclusive ${name}: ${ms.toFixed(0)} ms, ${((ms * 1000) / requests).toFixed(1)} µs per request`);
}

const rows = (times) => [...times].sort((a, b) => b[1] - a[1]);
const total = (times) => [...times.values()].reduce((s, t) => s + t, 0);

const builtin = await startMock();
let mock;
try {
  mock = await startMinimalMock(await captureReplies(builtin.url), work);
} finally {
  builtin.child.kill();
}
try {
  const dir = writeSpecs(work, count);
  const first = profiledRun(mock, dir, base, 'base');
  const times = selfTimes(first.file);
  const all = total(times);
  const idle = times.get('(idle) ') ?? 0;
  console.log(`${count} dialogues, flags "${base.join(' ')}": ${first.summary}`);
  console.log(`main thread: ${all.toFixed(0)} ms profiled, ${(all - idle).toFixed(0)} ms busy; profile ${first.file}`);
  for (const [key, ms] of rows(times).slice(0, top))
    console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / all).toFixed(1).padStart(5)} %  ${key}`);
  printInclusive(first);
  if (against !== undefined) {
    const second = profiledRun(mock, dir, words(against), 'against');
    const other = selfTimes(second.file);
    const keys = new Set([...times.keys(), ...other.keys()]);
    const added = [...keys].map((k) => [k, (other.get(k) ?? 0) - (times.get(k) ?? 0)]);
    console.log();
    console.log(`flags "${against}": ${second.summary}`);
    console.log(`main thread: ${total(other).toFixed(0)} ms profiled (+${(total(other) - all).toFixed(0)} ms); profile ${second.file}`);
    for (const [key, ms] of rows(added).slice(0, top)) console.log(`${(ms >= 0 ? '+' : '') + ms.toFixed(0)} ms`.padStart(10) + `  ${key}`);
    printInclusive(second);
  }
} finally {
  mock.child.kill();
}
