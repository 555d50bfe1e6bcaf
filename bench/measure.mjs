/**
 * Measuring for the benchmarks (bench/run.mjs): CPU time from /proc, wall times of repeated runs,
 * and the numbers as printed (best and median over repeats).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A reader of `--name value` options from `args`: the value after the name, or `fallback`. */
export const optionReader = (args) => (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};

export const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** Median, min and max wall time of `runs` runs (odd) of `node <args>`. */
export function startTiming(args, runs = 31) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[(runs - 1) / 2], min: times[0], max: times[runs - 1] };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
/** "best X, median Y" of a figure over repeated runs; `high` when more is better. */
export const spread = (values, digits = 0, high = true) => `${fmt(high ? Math.max(...values) : Math.min(...values), digits)} best, ${fmt(median(values), digits)} median`;

/** CPU seconds of this process's waited-for children so far (cutime + cstime, from /proc). */
export function childrenCpuSeconds() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** `node <args>` for each command in turn, `runs` rounds: median and min wall, median CPU (ms). */
export function alternateTiming(commands, runs, env) {
  const times = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, k) => {
      const c = childrenCpuSeconds();
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
      times[k].push(performance.now() - t);
      cpu[k].push((childrenCpuSeconds() - c) * 1000);
      if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
    });
  }
  return times.map((t, k) => ({ median: median(t), min: Math.min(...t), cpuMedian: median(cpu[k]) }));
}
