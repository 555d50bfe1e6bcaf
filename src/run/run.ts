/**
 * run(): the library's front door. Spec files in, a summary and an exit code out; events go to
 * the reporters on the way. It never prints and never exits: the CLI does that.
 */
import { randomBytes } from 'node:crypto';
import { loadSpecs } from '../spec/load.js';
import { BotClient } from '../client/bot-client.js';
import { ReporterMux, type Reporter, type ReporterFailure } from '../report/reporter.js';
import { registerSecret } from '../io/redact.js';
import { TOOL_VERSION } from '../version.js';
import { describePlan, planDialogues } from './plan.js';
import { executeRun } from './execute.js';
import { exitCodeFor } from './exit-code.js';
import { startTarget, type TargetSpec } from './target.js';
import type { RunInfo, RunSummary } from './results.js';

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
  /** Abort to stop scheduling new dialogues. */
  signal?: AbortSignal;
  /** Exit 0 when no dialogue is selected, instead of treating it as a usage error. */
  passWithNoDialogues?: boolean;
}

export interface RunOutcome {
  summary: RunSummary;
  info: RunInfo;
  reporterFailures: ReporterFailure[];
  exitCode: number;
}

/** Thrown when nothing would run: an empty selection is a mistake in CI, not a pass. */
export class NoDialoguesError extends Error {
  constructor(paths: string[]) {
    super(`no dialogues found in ${paths.join(', ')}`);
    this.name = 'NoDialoguesError';
  }
}

export async function run(options: RunOptions): Promise<RunOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const { suites } = await loadSpecs(options.paths, cwd);
  const dialogues = planDialogues(suites);
  if (dialogues.length === 0 && !options.passWithNoDialogues) throw new NoDialoguesError(options.paths);

  const target = await startTarget(options.target, cwd);
  registerSecret(target.secretKey);
  const concurrency = options.concurrency ?? 8;
  const stats = { requests: 0, throttled: 0 };
  const client = new BotClient({
    url: target.url,
    secretKey: target.secretKey,
    timeoutMs: options.timeoutMs ?? 10_000,
    connections: concurrency,
    retry: { retries: options.requestRetries ?? 2 },
    onAttempt: (outcome) => {
      stats.requests++;
      if (outcome.status === 429) stats.throttled++;
    },
  });
  const runId = randomBytes(4).toString('hex');
  const info: RunInfo = {
    runId,
    startedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    target: { kind: target.kind, host: target.host, description: target.description },
    concurrency,
    planned: describePlan(dialogues),
  };
  const mux = new ReporterMux(options.reporters ?? []);
  try {
    const summary = await executeRun(info, dialogues, { send: (request, sendOptions) => client.send(request, sendOptions), timeoutMs: options.timeoutMs ?? 10_000, ...(options.signal ? { signal: options.signal } : {}) }, mux, () => stats, {
      concurrency,
      userIdPrefix: `clova-regress-${runId}`,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const exitCode = exitCodeFor({ summary, reporterFailures: mux.failures.length, interruptedBySignal: options.signal?.aborted === true });
    return { summary, info, reporterFailures: mux.failures, exitCode };
  } finally {
    await client.close();
    await target.close();
  }
}
