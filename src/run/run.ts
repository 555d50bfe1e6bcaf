/**
 * run(): the library's front door. Spec files in, a summary and an exit code out; events go to
 * the reporters on the way. It never prints and never exits: the CLI does that.
 */
import { randomBytes } from 'node:crypto';
import { ReporterMux, type Annotator, type Reporter, type ReporterFailure } from '../results/event-stream.js';
import { registerSecret } from '../io/redact.js';
import { TOOL_VERSION } from '../version.js';
import { buildRunPlan, type RunPlan } from './run-plan.js';
import { explainEmptySelection, type Selection } from './select.js';
import { formatShard } from './shard.js';
import { executeRun } from './execute.js';
import { exitCodeFor } from '../results/exit-code.js';
import { startTarget, type TargetSpec } from './target.js';
import type { RunInfo, RunSummary } from '../results/model.js';
import { createRunClient } from './run-client.js';

export interface RunOptions {
  /** Spec files or folders. */
  paths: string[];
  cwd?: string;
  target: TargetSpec;
  /** Dialogues in flight at once (default 8). */
  concurrency?: number;
  /** Per-request timeout in ms (default 10000). */
  timeoutMs?: number;
  /** HTTP retries of one request on 429/503/504/network errors (default 2). */
  requestRetries?: number;
  reporters?: Reporter[];
  /** Add facts to every event before reporters see it (baseline drift). */
  annotators?: Annotator[];
  /** Abort to stop scheduling new dialogues. */
  signal?: AbortSignal;
  /** Exit 0 when no dialogue is selected, instead of treating it as a usage error. */
  passWithNoDialogues?: boolean;
  /** Which dialogues run: grep, tags, ids, shard. */
  selection?: Selection;
  /** Re-runs of a failed or errored dialogue, each with a fresh userId (default 0). */
  retries?: number;
  /** Exit 1 when a dialogue passed only on a retry. */
  failOnFlaky?: boolean;
  /** Stop scheduling after this many dialogues failed or errored. */
  maxFailures?: number;
  /** Runs of each dialogue, its own session each (default 1). */
  repeatEach?: number;
  /** With repeatEach: the share of runs that must pass, 0 < rate ≤ 1 (default 1: all). */
  minPassRate?: number;
  /** At most this many HTTP requests per second, over all dialogues. */
  rps?: number;
  /** After `signal`, how long requests in flight may take before they are cancelled (default 2000 ms). */
  graceMs?: number;
  /**
   * Give each planned dialogue its `expects` (default true). Leave them out when no reporter reads
   * them (see Reporter.readsPlannedExpectations): they are the bulk of a big plan's memory.
   */
  plannedExpectations?: boolean;
}

export interface RunOutcome {
  summary: RunSummary;
  info: RunInfo;
  reporterFailures: ReporterFailure[];
  exitCode: number;
}

/** Thrown when nothing would run: an empty selection is a mistake in CI, not a pass. */
export class NoDialoguesError extends Error {
  constructor(paths: string[], why?: string) {
    super(why ? `no dialogues selected: ${why}` : `no dialogues found in ${paths.join(', ')}`);
    this.name = 'NoDialoguesError';
  }
}

/**
 * What a run would execute, without running it (`--list`). Throws InputError for broken specs and
 * SelectionError for a bad selection flag. Its entries go without `expects` (only a run's
 * reporters need them; leaving them out keeps a listing of 100,000 dialogues quicker).
 */
export function planRun(options: Pick<RunOptions, 'paths' | 'cwd' | 'selection'>): Promise<RunPlan> {
  return buildRunPlan(options.paths, options.cwd ?? process.cwd(), options.selection, { expectations: false });
}

export async function run(options: RunOptions): Promise<RunOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const plan = await buildRunPlan(options.paths, cwd, options.selection, {
    expectations: options.plannedExpectations ?? true,
  });
  try {
    return await runPlan(plan, options, cwd);
  } finally {
    plan.dispose();
  }
}

async function runPlan(plan: RunPlan, options: RunOptions, cwd: string): Promise<RunOutcome> {
  // an empty shard of a non-empty selection is fine (more workers than dialogues); an empty selection is not
  if (plan.matched === 0 && !options.passWithNoDialogues) {
    throw new NoDialoguesError(
      options.paths,
      plan.found > 0 ? explainEmptySelection(plan.all(), options.selection ?? {}) : undefined,
    );
  }

  const target = await startTarget(options.target, cwd);
  registerSecret(target.secretKey);
  const concurrency = options.concurrency ?? 8;
  const { client, limit, stats } = createRunClient({
    url: target.url,
    secretKey: target.secretKey,
    concurrency,
    timeoutMs: options.timeoutMs ?? 10_000,
    requestRetries: options.requestRetries ?? 2,
    ...(options.rps !== undefined ? { rps: options.rps } : {}),
    ...(target.network ? { network: target.network } : {}),
  });
  const runId = randomBytes(4).toString('hex');
  const each = options.repeatEach ?? 1;
  const repeat = each > 1 ? { each, minPassRate: options.minPassRate ?? 1 } : undefined;
  const info: RunInfo = {
    runId,
    startedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    target: { kind: target.kind, host: target.host, description: target.description },
    concurrency,
    planned: plan.planned,
    ...(options.selection?.shard ? { shard: formatShard(options.selection.shard) } : {}),
    ...(repeat ? { repeat } : {}),
    ...(plan.onlyMarked > 0 ? { onlyMarked: plan.onlyMarked } : {}),
    plan: { dialogues: plan.matched, fingerprint: plan.fingerprint },
  };
  const mux = new ReporterMux(options.reporters ?? [], options.annotators ?? []);
  try {
    const summary = await executeRun(
      info,
      plan.dialogues(),
      { send: (request, sendOptions) => client.send(request, sendOptions), timeoutMs: options.timeoutMs ?? 10_000 },
      mux,
      () => stats,
      {
        concurrency,
        limit,
        userIdPrefix: `clova-regress-${runId}`,
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.maxFailures !== undefined ? { maxFailures: options.maxFailures } : {}),
        ...(repeat ? { repeat } : {}),
        ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const exitCode = exitCodeFor({
      summary,
      reporterFailures: mux.failures.length,
      interruptedBySignal: summary.stopReason === 'signal',
      failOnFlaky: options.failOnFlaky === true,
    });
    return { summary, info, reporterFailures: mux.failures, exitCode };
  } finally {
    await client.close();
    await target.close();
  }
}
