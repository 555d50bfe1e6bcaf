/**
 * The run breaker: a wrong secret key, a skewed clock, a wrong invoke URL or an unknown host gives
 * every request the same error, and a suite of thousands of dialogues would spend the gateway's
 * quota on thousands of copies of it. After `threshold` dialogues in a row end on such an error
 * (protocol/errors.ts `cannotFixItself`) with no reply between them, the run stops scheduling.
 * One dialogue that got any reply resets the count, so a single dialogue rejected among passing
 * ones never trips it. Pure: dialogue results in, a verdict out.
 */
import { cannotFixItself, type Cause } from '../protocol/errors.js';
import type { AttemptResult, DialogueResult, RunSummary } from '../results/model.js';

export const BREAKER_THRESHOLD = 3;

export class RunBreaker {
  private streak = 0;
  private first: Cause | undefined;

  constructor(private readonly threshold = BREAKER_THRESHOLD) {}

  /** Counts one ended dialogue; returns why the run must stop once the threshold is reached. */
  record(result: DialogueResult): RunSummary['fatalError'] | undefined {
    if (gotReply(result)) {
      this.streak = 0;
      this.first = undefined;
      return undefined;
    }
    const cause = result.status === 'errored' ? fatalCause(result) : undefined;
    // a timeout or a skipped dialogue says nothing either way: the streak stands
    if (!cause) return undefined;
    this.first ??= cause;
    this.streak++;
    if (this.streak < this.threshold) return undefined;
    const { kind, message, code, status } = this.first;
    return {
      kind,
      message,
      ...(code !== undefined ? { code } : {}),
      ...(status !== undefined ? { status } : {}),
      dialogues: this.streak,
    };
  }
}

/** The error of an attempt, when it is one that cannot fix itself. */
export function fatalCause(attempt: Pick<AttemptResult, 'steps'>): Cause | undefined {
  for (const step of attempt.steps) if (step.status === 'errored' && cannotFixItself(step.cause)) return step.cause;
  return undefined;
}

function gotReply(result: DialogueResult): boolean {
  const runs = result.repeats?.runs ?? [result];
  const answered = (steps: AttemptResult['steps']) => steps.some((s) => s.turn !== undefined);
  return runs.some((run) => answered(run.steps) || (run.retries ?? []).some((a) => answered(a.steps)));
}
