/**
 * `merge`: several results files — the shards of one run, typically — rebuilt into one run and
 * replayed through the same reporters a single run uses (after Playwright's merge-reports). Totals
 * add up, the run spans the earliest start to the latest end, the plan is the union in plan order,
 * and step latency percentiles are recomputed from the dialogues themselves. Every file is checked
 * whole before any reporter starts; dialogues are streamed, so memory stays flat.
 */
import { createHash } from 'node:crypto';
import type { DialogueResult, DriftSummary, PlannedDialogue, RunInfo, RunSummary } from './model.js';
import { ReporterMux, type Annotator, type Reporter, type ReporterFailure } from './event-stream.js';
import { streamResultsFile, type ResultsHeader } from './results-file.js';
import { LatencyHistogram } from './latency.js';

export interface SavedRun {
  path: string;
  header: ResultsHeader;
  summary: RunSummary;
}

/** Files that cannot be merged into one run (the same shard twice, shards of different splits). */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

export interface MergedRun {
  info: RunInfo;
  /** Without step latency: that is recomputed while the dialogues stream through. */
  summary: RunSummary;
  /** Things worth saying that do not stop the merge: a missing shard, different tool versions. */
  notes: string[];
}

/** The one run the saved runs make together. Pure: headers and summaries in, a run out. */
export function combineRuns(runs: SavedRun[], options: CombineOptions = {}): MergedRun {
  if (runs.length === 0) throw new MergeError('no results files to merge');
  rejectRepeatedRuns(runs);
  const shards = checkShards(runs, options);
  const notes = [...shards.notes];
  const versions = [...new Set(runs.map((r) => r.header.info.toolVersion))];
  if (versions.length > 1)
    notes.push(`the files were written by different clova-regress versions (${versions.join(', ')})`);

  const starts = runs.map((r) => Date.parse(r.summary.startedAt));
  const ends = runs.map((r) => Date.parse(r.summary.endedAt));
  const startedAt = Math.min(...starts);
  const endedAt = Math.max(...ends);
  const runId = createHash('sha256')
    .update(
      runs
        .map((r) => r.header.info.runId)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 8);
  const first = runs[0]!.header.info;
  // every shard starts its own built-in mock on a port of its own: those are one bot, not several
  const bots = [
    ...new Set(runs.map((r) => (r.header.info.target.kind === 'mock' ? 'mock' : `live ${r.header.info.target.host}`))),
  ];
  const target =
    bots.length > 1
      ? { ...first.target, description: `${bots.length} bots (${bots.map((b) => b.replace(/^live /, '')).join(', ')})` }
      : first.target.kind === 'mock' && runs.length > 1
        ? { ...first.target, description: first.target.description.replace(/ at http:\/\/\S+$/, '') }
        : first.target;
  // the gate each file applied: one when all agree, else the files say it per dialogue (`repeats`)
  const gateOf = (r: (typeof runs)[number]) => {
    const repeat = r.header.info.repeat;
    return repeat ? `${repeat.each} times at ${repeat.minPassRate}` : 'once';
  };
  const gates = new Set(runs.map(gateOf));
  if (gates.size > 1) {
    const each = runs.map((r) => `${r.path}: ${gateOf(r)}`).join(', ');
    notes.push(`the files ran with different --repeat-each/--min-pass-rate settings (${each})`);
  }
  const repeat = gates.size === 1 ? first.repeat : undefined;
  const info: RunInfo = {
    runId,
    startedAt: new Date(startedAt).toISOString(),
    toolVersion: first.toolVersion,
    target,
    concurrency: Math.max(...runs.map((r) => r.header.info.concurrency)),
    planned: unionPlan(runs.map((r) => r.header.info.planned)),
    ...(runs[0]!.header.info.plan && runs.every((r) => r.header.info.shard) ? { plan: runs[0]!.header.info.plan } : {}),
    ...(repeat ? { repeat } : {}),
    merged: runs.map((r) => ({
      runId: r.header.info.runId,
      file: r.path,
      ...(r.header.info.shard ? { shard: r.header.info.shard } : {}),
    })),
  };

  const sum = (pick: (s: RunSummary) => number) => runs.reduce((total, r) => total + pick(r.summary), 0);
  const counts = { total: 0, passed: 0, failed: 0, errored: 0, flaky: 0, skipped: 0 };
  for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] = sum((s) => s.counts[key]);
  const stopReasons = runs.map((r) => r.summary.stopReason).filter((s) => s !== undefined);
  const fatal = runs.map((r) => r.summary.fatalError).find((f) => f !== undefined);
  const throttled = runs.map((r) => r.summary.throttling).filter((t) => t !== undefined);
  const drift = combineDrift(runs.map((r) => r.summary.drift));
  const summary: RunSummary = {
    runId,
    startedAt: info.startedAt,
    endedAt: new Date(endedAt).toISOString(),
    durationMs: endedAt - startedAt,
    counts,
    requests: sum((s) => s.requests),
    throttled: sum((s) => s.throttled),
    interrupted: runs.some((r) => r.summary.interrupted),
    notRun: sum((s) => s.notRun) + shards.missingDialogues,
    ...(stopReasons.length ? { stopReason: stopReasons.includes('signal') ? 'signal' : stopReasons[0]! } : {}),
    ...(fatal ? { fatalError: fatal } : {}),
    ...(shards.missing.length ? { missingShards: shards.missing } : {}),
    ...(throttled.length
      ? {
          throttling: {
            reductions: throttled.reduce((a, t) => a + t.reductions, 0),
            lowestConcurrency: Math.min(...throttled.map((t) => t.lowestConcurrency)),
          },
        }
      : {}),
    ...(drift ? { drift } : {}),
  };
  return { info, summary, notes };
}

/** Checks every file whole, then replays them as one run through `reporters`. Throws ResultsFileError or MergeError before any reporter starts. */
export async function mergeResultsFiles(
  paths: string[],
  reporters: Reporter[],
  annotators: Annotator[] = [],
  options: CombineOptions = {},
): Promise<MergedRun & { failures: ReporterFailure[] }> {
  const runs: SavedRun[] = [];
  for (const path of paths) {
    const saved = await streamResultsFile(path, () => undefined);
    runs.push({ path, header: saved, summary: saved.summary });
  }
  const merged = combineRuns(runs, options);
  let finalSummary: RunSummary | undefined;
  const mux = new ReporterMux([...reporters, { name: 'merge', onEnd: (s) => void (finalSummary = s) }], annotators);
  const latency = new LatencyHistogram();
  await mux.begin(merged.info);
  for (const run of runs) {
    await streamResultsFile(run.path, async (dialogue) => {
      recordSteps(latency, dialogue);
      await mux.dialogueEnd(dialogue);
    });
  }
  const summary = latency.count > 0 ? { ...merged.summary, stepLatencyMs: latency.summary() } : merged.summary;
  await mux.end(summary);
  return { ...merged, summary: finalSummary ?? summary, failures: mux.failures };
}

function recordSteps(latency: LatencyHistogram, dialogue: DialogueResult): void {
  for (const steps of [dialogue.steps, ...(dialogue.retries ?? []).map((a) => a.steps)]) {
    for (const step of steps) if (step.request && step.status !== 'skipped') latency.record(step.durationMs);
  }
}

export interface CombineOptions {
  /** Merge even when shards are missing (`--allow-partial`): their dialogues count as not run. */
  allowPartial?: boolean;
}

interface ShardCheck {
  notes: string[];
  missing: string[];
  /** Dialogues of the missing shards (known from the plan's total), counted as not run. */
  missingDialogues: number;
}

/**
 * Shards must be one run's: one split (same n), one plan (same fingerprint), each index once, none
 * missing (unless allowed), and not mixed with whole runs. Files from before the plan was
 * recorded cannot be checked: refused unless allowed.
 */
function checkShards(runs: SavedRun[], options: CombineOptions): ShardCheck {
  const sharded = runs.filter((r) => r.header.info.shard);
  const none: ShardCheck = { notes: [], missing: [], missingDialogues: 0 };
  if (sharded.length === 0) return none;
  const whole = runs.find((r) => !r.header.info.shard);
  if (whole)
    throw new MergeError(
      `${whole.path} is a whole run and ${sharded[0]!.path} is shard ${sharded[0]!.header.info.shard} of one: merge the shards of one run`,
    );
  const totals = new Set(sharded.map((r) => r.header.info.shard!.split('/')[1]));
  if (totals.size > 1)
    throw new MergeError(
      `these files are shards of different splits (${sharded.map((r) => `${r.path}: ${r.header.info.shard}`).join(', ')}): merge the shards of one run`,
    );
  const total = Number([...totals][0]);
  const byIndex = new Map<number, string>();
  for (const run of sharded) {
    const index = Number(run.header.info.shard!.split('/')[0]);
    const other = byIndex.get(index);
    if (other !== undefined)
      throw new MergeError(
        `shard ${index}/${total} is given twice (${other} and ${run.path}): its dialogues would count twice`,
      );
    byIndex.set(index, run.path);
  }
  const notes: string[] = [];
  const unplanned = sharded.filter((r) => !r.header.info.plan);
  if (unplanned.length > 0) {
    const what = `${unplanned.map((r) => r.path).join(', ')} ${unplanned.length === 1 ? 'was' : 'were'} written by an older clova-regress that did not record the run's whole plan: whether the shards belong to one run cannot be checked`;
    if (!options.allowPartial) throw new MergeError(`${what}; re-run the shards, or give --allow-partial`);
    notes.push(what);
  }
  const plans = new Map<string, string>();
  for (const run of sharded) if (run.header.info.plan) plans.set(run.header.info.plan.fingerprint, run.path);
  if (plans.size > 1) {
    const list = sharded
      .filter((r) => r.header.info.plan)
      .map(
        (r) =>
          `${r.path}: shard ${r.header.info.shard} of ${r.header.info.plan!.dialogues} dialogues, plan ${r.header.info.plan!.fingerprint}`,
      );
    throw new MergeError(
      `these shards are of different plans — other runs, spec versions or selections (${list.join('; ')}): merge the shards of one run`,
    );
  }
  const missingIndexes = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missingIndexes.length === 0) return { ...none, notes };
  const missing = missingIndexes.map((i) => `${i}/${total}`);
  const what = `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing: the merged run covers ${byIndex.size} of ${total} shards`;
  if (!options.allowPartial)
    throw new MergeError(
      `${what}; merge every shard, or give --allow-partial to merge what there is (the merged run is then not green)`,
    );
  const plan = sharded.find((r) => r.header.info.plan)?.header.info.plan;
  const present = sharded.reduce((n, r) => n + r.header.info.planned.length, 0);
  const missingDialogues = plan ? Math.max(0, plan.dialogues - present) : 0;
  notes.push(`${what}${plan ? `; ${missingDialogues} of its ${plan.dialogues} dialogues did not run` : ''}`);
  return { notes, missing, missingDialogues };
}

function rejectRepeatedRuns(runs: SavedRun[]): void {
  const seen = new Map<string, string>();
  for (const run of runs) {
    const other = seen.get(run.header.info.runId);
    if (other !== undefined)
      throw new MergeError(
        `${other} and ${run.path} are the same run (${run.header.info.runId}): its dialogues would count twice`,
      );
    seen.set(run.header.info.runId, run.path);
  }
}

/**
 * The plans' union in plan order: by each dialogue's position among all found (shards of one run
 * share it); for files that lack it, by file, then line, then where each came in its own plan.
 */
function unionPlan(plans: PlannedDialogue[][]): PlannedDialogue[] {
  const all = plans.flatMap((plan, p) => plan.map((d, i) => ({ d, p, i })));
  const ordered = all.every((x) => x.d.order !== undefined);
  const byFile = (a: PlannedDialogue, b: PlannedDialogue) =>
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0);
  all.sort((a, b) => (ordered ? a.d.order! - b.d.order! : byFile(a.d, b.d)) || a.p - b.p || a.i - b.i);
  return all.map((x) => x.d);
}

function combineDrift(drifts: Array<DriftSummary | undefined>): DriftSummary | undefined {
  const present = drifts.filter((d) => d !== undefined);
  if (present.length === 0) return undefined;
  const keys = ['compared', 'changedDialogues', 'changedSteps', 'newDialogues', 'newSteps', 'goneSteps'] as const;
  const out: DriftSummary = {
    baseline: present[0]!.baseline,
    compared: 0,
    changedDialogues: 0,
    changedSteps: 0,
    newDialogues: 0,
    newSteps: 0,
    goneSteps: 0,
    gone: present.flatMap((d) => d.gone),
  };
  for (const key of keys) out[key] = present.reduce((total, d) => total + d[key], 0);
  return out;
}
