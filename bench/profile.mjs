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
 * `--flags` and `--against` name report flags; each gets a file in a temporary folder. Run
 * `npm run build` first.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { optionReader } from './measure.mjs';
import { CLI as OURS, startCapturedMinimalMock } from './mocks.mjs';
import { reportArgs, runner, writeSpecs } from './runner.mjs';

const flag = optionReader(process.argv.slice(2));
const count = Number(flag('dialogues', '30000'));
const top = Number(flag('top', '30'));
const words = (text) => (text ?? '').split(/\s+/).filter(Boolean);
const base = words(flag('flags', ''));
const against = flag('against', undefined);
const inclusiveOf = words(flag('inclusive', '').replaceAll(',', ' '));
const CLI = resolve(flag('cli', OURS));
const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-profile-'));

/** Self time (ms) by function, `name file:line`. */
function selfTimes(profile) {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = frames.get(profile.samples[i]);
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}${f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ''}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

/** Inclusive time (ms) of each named function: every sample with it somewhere on the stack, once. */
function inclusiveTimes(profile, names) {
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

/** One profiled run with `reportFlags` (runner.mjs's, under --cpu-prof): its figures, profile and the profile's path. */
async function profiledRun(mock, dir, reportFlags, label) {
  const out = join(work, `out-${label}`);
  const profDir = join(work, `prof-${label}`);
  mkdirSync(out, { recursive: true });
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const figures = await runner(mock, dir, count, { extra: reportArgs(reportFlags, out), cli: CLI, nodeArgs });
  const file = join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')));
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const shown = `${figures.passed} passed, ${figures.requests} requests in ${figures.runS.toFixed(2)} s on the run's clock`;
  return { figures, profile, file, shown };
}

function printInclusive(run) {
  for (const [name, ms] of inclusiveTimes(run.profile, inclusiveOf))
    console.log(`  inclusive ${name}: ${ms.toFixed(0)} ms, ${((ms * 1000) / run.figures.requests).toFixed(1)} µs per request`);
}

const rows = (times) => [...times].sort((a, b) => b[1] - a[1]);
const total = (times) => [...times.values()].reduce((s, t) => s + t, 0);

const mock = await startCapturedMinimalMock(work);
try {
  const dir = writeSpecs(work, count);
  const first = await profiledRun(mock, dir, base, 'base');
  const times = selfTimes(first.profile);
  const all = total(times);
  const idle = times.get('(idle) ') ?? 0;
  console.log(`${count} dialogues, flags "${base.join(' ')}": ${first.shown}`);
  console.log(`main thread: ${all.toFixed(0)} ms profiled, ${(all - idle).toFixed(0)} ms busy; profile ${first.file}`);
  for (const [key, ms] of rows(times).slice(0, top))
    console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / all).toFixed(1).padStart(5)} %  ${key}`);
  printInclusive(first);
  if (against !== undefined) {
    const second = await profiledRun(mock, dir, words(against), 'against');
    const other = selfTimes(second.profile);
    const keys = new Set([...times.keys(), ...other.keys()]);
    const added = [...keys].map((k) => [k, (other.get(k) ?? 0) - (times.get(k) ?? 0)]);
    console.log();
    console.log(`flags "${against}": ${second.shown}`);
    console.log(`main thread: ${total(other).toFixed(0)} ms profiled (+${(total(other) - all).toFixed(0)} ms); profile ${second.file}`);
    for (const [key, ms] of rows(added).slice(0, top)) console.log(`${(ms >= 0 ? '+' : '') + ms.toFixed(0)} ms`.padStart(10) + `  ${key}`);
    printInclusive(second);
  }
} finally {
  mock.child.kill();
}
