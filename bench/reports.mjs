#!/usr/bin/env node
/**
 * What a report costs the run: clova-regress against the minimal-signing mock (bench/minimal-mock.mjs)
 * without and with the given report flags, each pair run in turn; CPU seconds (user + system,
 * /proc), peak RSS (VmHWM) and wall time of the runner process, medians over the repeats.
 *
 *   node bench/reports.mjs [--dialogues 30000] [--repeats 3] [--flags "--junit"] [--cli bin/clova-regress.cjs]
 *
 * `--flags` names the reports (each gets a file in a temporary folder); `--cli` another build to
 * compare (e.g. one of an older commit). The workload is run.mjs's: 3-step dialogues, 100 per file,
 * concurrency 64.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { optionReader } from './measure.mjs';
import { CLI as OURS, startCapturedMinimalMock } from './mocks.mjs';
import { reportArgs, runner, writeSpecs } from './runner.mjs';

const flag = optionReader(process.argv.slice(2));
const count = Number(flag('dialogues', '30000'));
const repeats = Number(flag('repeats', '3'));
const reportFlags = flag('flags', '--junit').split(/\s+/).filter(Boolean);
const CLI = resolve(flag('cli', OURS));
const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-reports-'));

const runOnce = (mock, dir, extra) => runner(mock, dir, count, { extra, cli: CLI });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (rows, key, digits) =>
  `${median(rows.map((r) => r[key])).toFixed(digits)} (${rows.map((r) => r[key].toFixed(digits)).join(' / ')})`;

const mock = await startCapturedMinimalMock(work);
try {
  const dir = writeSpecs(work, count);
  const out = join(work, 'out');
  mkdirSync(out, { recursive: true });
  const extra = reportArgs(reportFlags, out);
  console.log(
    `${CLI}: ${count} dialogues × 3 requests, ${repeats} pair(s), reports ${reportFlags.join(' ')}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const plain = [];
  const withReports = [];
  for (let i = 0; i < repeats; i++) {
    plain.push(await runOnce(mock, dir, []));
    withReports.push(await runOnce(mock, dir, extra));
  }
  for (const [label, rows] of [
    ['none', plain],
    [reportFlags.join(' '), withReports],
  ]) {
    console.log(
      `  ${label.padEnd(22)} CPU ${show(rows, 'runnerCpuS', 2)} s · peak RSS ${show(rows, 'peakMb', 0)} MB · wall ${show(rows, 'wallS', 2)} s`,
    );
  }
  const cpuPct = (median(withReports.map((r) => r.runnerCpuS)) / median(plain.map((r) => r.runnerCpuS)) - 1) * 100;
  const rssMb = median(withReports.map((r) => r.peakMb)) - median(plain.map((r) => r.peakMb));
  const sizes = extra
    .filter((_, i) => i % 2 === 1)
    .map((f) => `${f.split('/').pop()} ${(statSync(f).size / 1e6).toFixed(1)} MB`);
  console.log(
    `  reports cost: CPU +${cpuPct.toFixed(0)} %, peak RSS +${rssMb.toFixed(0)} MB (medians); ${sizes.join(', ')}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  mock.child.kill();
  rmSync(work, { recursive: true, force: true });
}
