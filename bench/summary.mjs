/**
 * The closing table of `npm run bench` (bench/run.mjs): every row of issue 12's table of targets,
 * the figure this run measured for it, the target, whether it is met, and whether the machine was
 * quiet for the step that measured it (1-minute load average < 1.5 at its start and its end).
 *
 * run.mjs collects the figures into one object as its steps run (`timed` notes each step's load
 * averages); `issueRows` turns them into rows; `printSummary` prints the table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fmt } from './measure.mjs';

export const QUIET = 1.5;

/** Ticks (1/100 s) of CPU the whole machine has been busy, from /proc/stat (idle and iowait left out). */
function machineBusyTicks() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

/**
 * Ticks of CPU this bench's processes have used: every live process descending from this one, each
 * with its reaped children's (cutime, cstime), so processes that ended in between are counted too.
 */
function ownTicks() {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      procs.set(Number(name), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // ended while listed
    }
  }
  const ours = (pid) => {
    for (let p = pid; p > 1; p = procs.get(p)?.ppid ?? 0) if (p === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (ours(pid)) ticks += p.ticks;
  return ticks;
}

/**
 * Runs `fn`, returning its value with `load` (the 1-minute load average at its start and end) and
 * `others` (the share of the machine's CPU that processes not of this bench used meanwhile: the
 * bench's own runs push the load average up, this shows whether anyone else was busy).
 */
export async function timed(fn) {
  const start = { load: loadavg()[0], busy: machineBusyTicks(), own: ownTicks(), at: performance.now() };
  const value = await fn();
  const ticks = ((performance.now() - start.at) / 1000) * 100 * cpus().length;
  const others = (machineBusyTicks() - start.busy - (ownTicks() - start.own)) / ticks;
  return { ...value, load: [start.load, loadavg()[0]], others: Math.max(0, others) };
}

// the higher of two [start, end] load pairs, each end for itself
const worst = (a, b) => (!a ? b : !b ? a : [Math.max(a[0], b[0]), Math.max(a[1], b[1])]);
const missing = (why) => ({ shown: why, met: undefined });
const ratioTo = (value, base) => (Number.isFinite(base) ? value / base : NaN);

/**
 * Issue 12's rows, in its order, from what run.mjs collected: `run` (the minimal-mock runs: best
 * requests/s, the run phase's CPU per request, the p50 as shown, reports' cost), `wrk`,
 * `startup`, `botium`, `loading` (bench/load.mjs's figures). A step that did not run gives
 * "not measured" rows.
 */
export function issueRows({ run, wrk, startup, botium, loading, quick }) {
  const rows = [];
  // `step`: { load, others } of the step that measured the row
  const row = (figure, target, step, get) => {
    let cell;
    try {
      cell = get();
    } catch {
      cell = missing(quick ? 'not measured (--quick skips it)' : 'not measured');
    }
    rows.push({ figure, target, step: cell.met === undefined ? undefined : step, ...cell });
  };
  const size = quick ? ' (--quick: fewer dialogues)' : '';
  const wrkRps = wrk?.rps ?? NaN;
  // a row with a share of wrk's figure is met only when both parts are: without wrk, an absolute
  // figure that is met leaves the row unjudged ("not measured"), never met on half its target
  const againstWrk = (rps, floor, share) => {
    if (Number.isFinite(wrkRps)) {
      const shown = `${fmt(rps)} (${ratioTo(rps, wrkRps).toFixed(2)}× wrk)${size}`;
      return { shown, met: rps >= floor && ratioTo(rps, wrkRps) >= share };
    }
    if (rps < floor) return { shown: `${fmt(rps)} (no wrk)${size}`, met: false };
    return { shown: `${fmt(rps)}${size}; the ${share}× wrk part not measured (no wrk: apt-get install wrk)`, met: undefined };
  };
  row("requests/s, run's own clock, 30k dialogues", '≥ 18,000 (≥ 0.55× wrk)', run, () => againstWrk(run.rps, 18_000, 0.55));
  row('requests/s, wall, 30k dialogues in 300 files', '≥ 11,000 (≥ 0.3× wrk)', run, () =>
    againstWrk(run.wallRps, 11_000, 0.3),
  );
  row('against Botium 1.15 (sequential, same mock, wall)', '≥ 40×', botium, () => {
    if (botium.skipped) return missing(`skipped: ${botium.skipped}`);
    const shown = `${fmt(botium.ratio.j64, 1)}× at -j 64, ${fmt(botium.ratio.default, 1)}× default -j`;
    return { shown: `${shown} (${fmt(botium.count)} dialogues)`, met: botium.ratio.j64 >= 40 };
  });
  row('runner CPU per request, run phase', '≤ 50 µs', run, () => ({
    shown: `${fmt(run.cpuUs, 1)} µs${size}`,
    met: run.cpuUs <= 50,
  }));
  const l = loading ?? {};
  const ofLoading = (...n) => ({ load: n.map((k) => l[k]?.load).reduce(worst, undefined), others: l.others });
  row('spec loading (buildRunPlan), ms per 15 KB', '≤ ½ of yaml.parse()', ofLoading(1), () => ({
    shown: `${fmt(l[1].planMs, 2)} vs ${fmt(l[1].yamlMs, 2)} (${l[1].ratio.toFixed(2)}×)`,
    met: l[1].ratio <= 0.5,
  }));
  row('run --list, 10k dialogues in 100 files, vs bare yaml.parse script', '≤ 0.7×', ofLoading(2), () => ({
    shown: `${l[2].ratio.toFixed(2)}× (${fmt(l[2].listMs)} vs ${fmt(l[2].bareMs)} ms)`,
    met: l[2].ratio <= 0.7,
  }));
  row('100k dialogues, time to first request', '≤ 8 s either way', ofLoading(3, 4), () => ({
    shown: `${fmt(l[3].seconds, 1)} s (1,000 files), ${fmt(l[4].seconds, 1)} s (one file)`,
    met: l[3].seconds <= 8 && l[4].seconds <= 8,
  }));
  row('peak RSS, one 35 MB spec file (100k dialogues)', '≤ 400 MB', ofLoading(4), () => ({
    shown: `${fmt(l[4].peakMb)} MB${l[4].dialogues === 100_000 ? '' : ` (${fmt(l[4].dialogues)} dialogues)`}`,
    met: l[4].peakMb <= 400,
  }));
  row('peak RSS, run --list on one 30k-dialogue file', '≤ 400 MB', ofLoading(5), () => ({
    shown: `${fmt(l[5].peakMb)} MB`,
    met: l[5].peakMb <= 400,
  }));
  row('run on a 1-dialogue spec, wall', '≤ 4× node -e 0', startup, () => ({
    shown: `${fmt(startup.runMs)} ms vs ${fmt(startup.bareMs)} ms (${(startup.runMs / startup.bareMs).toFixed(1)}×)`,
    met: startup.runMs <= 4 * startup.bareMs,
  }));
  row('--junit --json --html at 30k dialogues', '≤ +20 % CPU, peak ≤ 250 MB', run, () => ({
    shown: `+${fmt(run.reportsCpuPct)} % CPU, peak ${fmt(run.reportsPeakMb)} MB${size}`,
    met: run.reportsCpuPct <= 20 && run.reportsPeakMb <= 250,
  }));
  row('step latency shown', 'sub-millisecond precision', run, () => ({
    // the summary line's p50 as printed: "0 ms" (whole milliseconds) is what the issue faulted
    shown: `"p50 ${run.p50Text}" in the run's closing line`,
    met: /\./.test(run.p50Text) || run.p50 >= 10, // whole numbers are shown from 10 ms on, by design
  }));
  return rows;
}

const quietCell = (step) => {
  if (!step?.load) return '—';
  const [start, end] = step.load;
  const others = Number.isFinite(step.others) ? `; others' CPU ${fmt(step.others * 100)} %` : '';
  return `${isQuiet(step) ? 'yes' : 'no'} (load ${start.toFixed(2)} → ${end.toFixed(2)}${others})`;
};
const isQuiet = (step) => step?.load && step.load[0] < QUIET && step.load[1] < QUIET;

/** The rows as a Markdown table, then a count of rows met and of quiet ones. */
export function printSummary(rows, log) {
  log(`issue 12's targets (quiet: 1-minute load average < ${QUIET} at the start and end of the step; the bench's own`);
  log("processes count in it. Others' CPU: the share of the machine's CPU other processes used during the step)");
  log();
  log('| figure | measured | target | met? | quiet? |');
  log('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const met = r.met === undefined ? '—' : r.met ? 'met' : 'not met';
    log(`| ${r.figure} | ${r.shown} | ${r.target} | ${met} | ${quietCell(r.step)} |`);
  }
  const measured = rows.filter((r) => r.met !== undefined);
  log();
  log(
    `${measured.filter((r) => r.met).length} of ${rows.length} rows met, ${rows.length - measured.length} not ` +
      `measured; ${measured.filter((r) => isQuiet(r.step)).length} of ${measured.length} measured on a quiet machine`,
  );
}
