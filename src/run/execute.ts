/**
 * Scheduling: dialogues run concurrently (p-limit), each dialogue's steps in order. Results go to
 * the reporters as each dialogue ends, in one stream; the summary is counted from the same stream.
 */
import pLimit from 'p-limit';
import type { Dialogue } from '../spec/types.js';
import type { ReporterMux } from '../report/reporter.js';
import { runDialogueAttempt, type DialogueContext } from './dialogue.js';
import { countResult, dialogueId, emptyCounts, type DialogueResult, type RunInfo, type RunSummary } from './results.js';

export interface ExecuteOptions {
  concurrency: number;
  /** Prefix of every userId this run sends: one userId per dialogue keeps sessions apart. */
  userIdPrefix: string;
  signal?: AbortSignal;
}

export interface RequestStats {
  requests: number;
  throttled: number;
}

export async function executeRun(
  info: RunInfo,
  dialogues: Dialogue[],
  ctx: DialogueContext,
  reporters: ReporterMux,
  stats: () => RequestStats,
  options: ExecuteOptions,
): Promise<RunSummary> {
  const started = Date.now();
  const counts = emptyCounts();
  await reporters.begin(info);
  const limit = pLimit(Math.max(1, options.concurrency));
  let notRun = 0;

  await Promise.all(
    dialogues.map((dialogue, index) =>
      limit(async () => {
        if (options.signal?.aborted) {
          notRun++;
          return;
        }
        const result = await runDialogue(dialogue, `${options.userIdPrefix}-${index}`, ctx);
        countResult(counts, result);
        await reporters.dialogueEnd(result);
      }),
    ),
  );

  const ended = Date.now();
  const { requests, throttled } = stats();
  const summary: RunSummary = {
    runId: info.runId,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    counts,
    requests,
    throttled,
    interrupted: notRun > 0 || options.signal?.aborted === true,
    notRun,
  };
  await reporters.end(summary);
  return summary;
}

async function runDialogue(dialogue: Dialogue, userId: string, ctx: DialogueContext): Promise<DialogueResult> {
  const identity = {
    id: dialogueId(dialogue.suite, dialogue.name),
    suite: dialogue.suite,
    file: dialogue.file,
    name: dialogue.name,
    tags: dialogue.tags,
    pos: dialogue.pos,
    ...(dialogue.group ? { group: dialogue.group } : {}),
  };
  if (dialogue.skip !== undefined) {
    return { ...identity, status: 'skipped', ...(dialogue.skip ? { skipReason: dialogue.skip } : {}), userId, startedAt: new Date().toISOString(), durationMs: 0, steps: [] };
  }
  const attempt = await runDialogueAttempt(dialogue, userId, ctx);
  return { ...identity, status: attempt.status, userId: attempt.userId, startedAt: attempt.startedAt, durationMs: attempt.durationMs, steps: attempt.steps };
}
