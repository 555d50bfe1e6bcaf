/**
 * One dialogue to one result: attempts with `--retries`. A failed or errored dialogue is re-run
 * whole, with a fresh userId — a chatbot turn has state, so one turn is never retried alone. Passing
 * on a retry makes it `flaky`; the earlier attempts are kept in `retries`, oldest first.
 */
import type { Dialogue } from '../dialogues/types.js';
import { runDialogueAttempt, type AttemptOutcome, type DialogueContext } from './dialogue.js';
import { fatalCause } from './run-breaker.js';
import { dialogueId, type AttemptResult, type DialogueResult } from '../results/model.js';

export interface RetryOptions {
  /** Re-runs of a failing dialogue (0: none); the spec's `retries:` overrides it. */
  retries: number;
  /** The userId of attempt n (0-based). */
  userId: (attempt: number) => string;
  /** True once the run is stopping: no retry starts then. */
  stopping: () => boolean;
}

export const INTERRUPTED_REASON = 'interrupted before it finished';

export async function runDialogue(
  dialogue: Dialogue,
  ctx: DialogueContext,
  options: RetryOptions,
): Promise<DialogueResult> {
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
    return {
      ...identity,
      status: 'skipped',
      ...(dialogue.skip ? { skipReason: dialogue.skip } : {}),
      userId: options.userId(0),
      startedAt: new Date().toISOString(),
      durationMs: 0,
      steps: [],
    };
  }
  const retries = dialogue.retries ?? options.retries;
  const earlier: AttemptResult[] = [];
  for (let n = 0; ; n++) {
    const attempt = await runDialogueAttempt(dialogue, options.userId(n), ctx);
    const last = earlier[earlier.length - 1];
    if (attempt.interrupted) {
      // a retry cut short leaves the earlier attempt's verdict standing
      if (last) return finish(identity, last, earlier.slice(0, -1));
      // cut short with no failure seen is not a pass: report it skipped, its steps so far kept
      if (attempt.status === 'passed')
        return { ...finish(identity, attempt, []), status: 'skipped', skipReason: INTERRUPTED_REASON };
      return finish(identity, attempt, []);
    }
    // an error that cannot fix itself (a rejected signature…) gets the same answer on a retry
    if (attempt.status === 'passed' || n >= retries || options.stopping() || fatalCause(attempt)) {
      const result = finish(identity, attempt, earlier);
      return attempt.status === 'passed' && earlier.length > 0 ? { ...result, status: 'flaky' } : result;
    }
    earlier.push(stripOutcome(attempt));
  }
}

type Identity = Pick<DialogueResult, 'id' | 'suite' | 'file' | 'name' | 'tags' | 'pos' | 'group'>;

/** One literal in the results file's key order (identity, verdict, attempt), not spreads: this runs per dialogue. */
function finish(identity: Identity, attempt: AttemptResult, earlier: AttemptResult[]): DialogueResult {
  const { id, suite, file, name, tags, pos, group } = identity;
  const { status, userId, steps } = attempt;
  const startedAt = earlier[0]?.startedAt ?? attempt.startedAt;
  // the whole time the dialogue took, retries included
  const durationMs = earlier.reduce((sum, a) => sum + a.durationMs, attempt.durationMs);
  const result: DialogueResult =
    group === undefined
      ? { id, suite, file, name, tags, pos, status, userId, startedAt, durationMs, steps }
      : { id, suite, file, name, tags, pos, group, status, userId, startedAt, durationMs, steps };
  if (earlier.length > 0) result.retries = earlier;
  return result;
}

function stripOutcome(outcome: AttemptOutcome | AttemptResult): AttemptResult {
  const { status, userId, startedAt, durationMs, steps } = outcome;
  return { status, userId, startedAt, durationMs, steps };
}
