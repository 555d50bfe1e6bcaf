/**
 * Scheduling: dialogues are pulled one at a time from the plan and each runs its steps in order;
 * the number in flight is an adaptive limit (lowered when the bot throttles) enforced by p-limit.
 * A dialogue is pulled only when one may start, never the whole plan queued up front: memory stays
 * flat however many dialogues a run has. Results go to the reporters as each dialogue ends, in one
 * stream; the summary is counted from the same stream.
 *
 * Stopping: the caller's signal (Ctrl-C), `--max-failures` or an error that cannot fix itself
 * (the run breaker) stops scheduling. After `--max-failures` or the breaker, the dialogues in
 * flight run to their end with their real verdicts (what Playwright's maxFailures does). After a
 * signal no further step starts and the requests in flight get `graceMs` to finish, then are
 * cancelled; what they cut short is reported as such (never as passed). The rest are not run.
 */
import { setMaxListeners } from 'node:events';
import type { Dialogue } from '../dialogues/types.js';
import type { ReporterMux } from '../results/event-stream.js';
import type { DialogueContext } from './dialogue.js';
import { runDialogue } from './retries.js';
import { runRepeated } from './repeat.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { LatencyHistogram } from '../results/latency.js';
import { RunBreaker } from './run-breaker.js';
import {
  countResult,
  emptyCounts,
  type DialogueResult,
  type RepeatSetting,
  type RunInfo,
  type RunProgress,
  type RunSummary,
} from '../results/model.js';

export interface ExecuteOptions {
  concurrency: number;
  /** Prefix of every userId this run sends: one userId per dialogue attempt keeps sessions apart. */
  userIdPrefix: string;
  /** Re-runs of a failed or errored dialogue (`--retries`). */
  retries?: number;
  /** Stop scheduling after this many dialogues failed or errored (`--max-failures`). */
  maxFailures?: number;
  /** `--repeat-each N` (N > 1) and `--min-pass-rate`: each dialogue runs N times, gated on the rate. */
  repeat?: RepeatSetting;
  /** Abort to stop the run (Ctrl-C): no new dialogue or step starts. */
  signal?: AbortSignal;
  /** After the signal, how long requests in flight may take before they are cancelled (default 2000 ms). */
  graceMs?: number;
  /** The in-flight limit; one is made from `concurrency` when absent. */
  limit?: AdaptiveLimit;
  /** How often reporters get a progress snapshot (default 250 ms). */
  progressIntervalMs?: number;
}

export interface RequestStats {
  requests: number;
  throttled: number;
}

type DialogueSource = AsyncIterable<Dialogue> | Iterable<Dialogue>;

export async function executeRun(
  info: RunInfo,
  dialogues: DialogueSource,
  ctx: DialogueContext,
  reporters: ReporterMux,
  stats: () => RequestStats,
  options: ExecuteOptions,
): Promise<RunSummary> {
  const started = Date.now();
  const counts = emptyCounts();
  const latency = new LatencyHistogram();
  const limit = options.limit ?? new AdaptiveLimit({ max: options.concurrency });
  // `stop`: schedule nothing new; `cut`: start no further step (a signal only); `cancel`: abort requests in flight
  const stop = new AbortController();
  const cut = new AbortController();
  const cancel = new AbortController();
  // every step in flight listens to these: not a leak, so no MaxListeners warning
  setMaxListeners(0, stop.signal, cut.signal, cancel.signal);
  let stopReason: RunSummary['stopReason'];
  let fatalError: RunSummary['fatalError'];
  const breaker = new RunBreaker();
  let wakeFeeder = () => {};
  let graceTimer: NodeJS.Timeout | undefined;
  const halt = (reason: NonNullable<RunSummary['stopReason']>) => {
    if (stopReason) return;
    stopReason = reason;
    stop.abort();
    wakeFeeder();
    if (reason !== 'signal') return;
    cut.abort();
    // a user who stops the run waits a little for answers in flight, not for a slow bot's timeouts
    graceTimer = setTimeout(() => cancel.abort(), options.graceMs ?? 2000);
  };
  const onSignal = () => halt('signal');
  if (options.signal?.aborted) onSignal();
  else options.signal?.addEventListener('abort', onSignal, { once: true });

  await reporters.begin(info);
  const total = info.planned.length;
  let begun = 0;
  let finished = 0;
  let failures = 0;
  const progress = (): RunProgress => {
    const { requests, throttled } = stats();
    return {
      elapsedMs: Date.now() - started,
      total,
      started: begun,
      finished,
      requests,
      throttled,
      concurrency: limit.limit,
      maxConcurrency: options.concurrency,
    };
  };
  const ticker = setInterval(() => reporters.progress(progress()), options.progressIntervalMs ?? 250);
  ticker.unref();

  const runCtx: DialogueContext = { ...ctx, signal: cut.signal, requestSignal: cancel.signal };
  const iterator = toAsyncIterator(dialogues);
  const runOne = async (dialogue: Dialogue) => {
    // queued when the limit was lowered, then the run stopped: not begun, so reported as not run
    if (stop.signal.aborted) return;
    const index = begun++;
    const retry = (attempt: number) => (attempt > 0 ? `-retry${attempt}` : '');
    const stopping = () => stop.signal.aborted;
    const retries = options.retries ?? 0;
    const base = `${options.userIdPrefix}-${index}`;
    const result = options.repeat
      ? await runRepeated(dialogue, runCtx, {
          ...options.repeat,
          retries,
          stopping,
          userId: (r, a) => `${base}-repeat${r}${retry(a)}`,
        })
      : await runDialogue(dialogue, runCtx, { retries, stopping, userId: (attempt) => `${base}${retry(attempt)}` });
    finished++;
    recordLatency(latency, result);
    countResult(counts, result);
    const fatal = breaker.record(result);
    if (fatal && !stopReason) {
      fatalError = fatal;
      halt('fatal-error');
    }
    if (result.status === 'failed' || result.status === 'errored') {
      failures++;
      if (options.maxFailures !== undefined && failures >= options.maxFailures) halt('max-failures');
    }
    await reporters.dialogueEnd(result);
  };

  const running = new Set<Promise<void>>();
  let crash: { error: unknown } | undefined;
  try {
    for (;;) {
      // our own count, not the gate's: it drops before the feeder is woken, so the feeder never sleeps with nothing running
      while (running.size >= limit.limit && !stop.signal.aborted)
        await new Promise<void>((resolve) => (wakeFeeder = resolve));
      if (stop.signal.aborted) break;
      const next = await iterator.next();
      if (next.done || stop.signal.aborted) break;
      const task: Promise<void> = limit
        .gate(runOne, next.value)
        .catch((error: unknown) => {
          // a bug, not a verdict: stop everything, and throw it once what is running has settled
          crash ??= { error };
          stop.abort();
          cut.abort();
          cancel.abort();
        })
        .finally(() => {
          running.delete(task);
          wakeFeeder();
        });
      running.add(task);
    }
    await Promise.all(running);
    if (crash) throw crash.error;
  } finally {
    clearInterval(ticker);
    clearTimeout(graceTimer);
    options.signal?.removeEventListener('abort', onSignal);
    await iterator.return?.();
  }

  const ended = Date.now();
  const { requests, throttled } = stats();
  const notRun = Math.max(0, total - begun);
  const summary: RunSummary = {
    runId: info.runId,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    counts,
    requests,
    throttled,
    interrupted: stopReason !== undefined || notRun > 0,
    notRun,
    ...(stopReason ? { stopReason } : {}),
    ...(stopReason === 'fatal-error' && fatalError ? { fatalError } : {}),
    ...(limit.record.reductions > 0
      ? { throttling: { reductions: limit.record.reductions, lowestConcurrency: limit.record.lowest } }
      : {}),
    ...(latency.count > 0 ? { stepLatencyMs: latency.summary() } : {}),
  };
  await reporters.end(summary);
  return summary;
}

/** Every step that got an answer or an error from the bot, retries included. */
function recordLatency(histogram: LatencyHistogram, result: DialogueResult): void {
  const record = (steps: DialogueResult['steps']) => {
    for (const step of steps) if (step.request && step.status !== 'skipped') histogram.record(step.durationMs);
  };
  const runs = result.repeats?.runs ?? [result];
  for (const run of runs) {
    record(run.steps);
    for (const attempt of run.retries ?? []) record(attempt.steps);
  }
}

function toAsyncIterator(source: DialogueSource): AsyncIterator<Dialogue> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  const sync = source[Symbol.iterator]();
  return { next: async () => sync.next(), return: async () => sync.return?.() ?? { done: true, value: undefined } };
}
