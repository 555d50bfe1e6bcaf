/**
 * `--repeat-each N`: one dialogue run N times, each run in its own session with its own retries,
 * to one result gated on the pass rate — NLU answers drift, so a team asks "did it pass 9 times in
 * 10?", not "did it pass once?". The runs of a dialogue go one after another in its slot: the
 * concurrency limit still counts sessions, and the bot sees them as the users they stand for.
 *
 * The verdict: passed runs (first time or on a retry) / N ≥ the rate → passed, or flaky when some
 * run failed or needed a retry; below it → failed (errored when every run that did not pass
 * errored). A run stopped early (Ctrl-C, --max-failures) leaves the verdict standing only when the
 * runs done decide it either way; otherwise the dialogue is skipped as interrupted, never passed.
 */
import type { Dialogue } from '../dialogues/types.js';
import type { DialogueContext } from './dialogue.js';
import { INTERRUPTED_REASON, runDialogue } from './retries.js';
import { fatalCause } from './run-breaker.js';
import { runsNeeded } from '../results/model.js';
import type { DialogueResult, DialogueStatus, RepeatSetting, RepetitionResult } from '../results/model.js';

export interface RepeatOptions extends RepeatSetting {
  /** Re-runs of a failing run (`--retries`; the spec's `retries:` overrides it). */
  retries: number;
  /** The userId of one attempt of one run (repetition 1-based, attempt 0-based). */
  userId: (repetition: number, attempt: number) => string;
  /** True once the run is stopping: no further repetition starts then. */
  stopping: () => boolean;
}

export async function runRepeated(
  dialogue: Dialogue,
  ctx: DialogueContext,
  options: RepeatOptions,
): Promise<DialogueResult> {
  const single = (repetition: number) => ({
    retries: options.retries,
    stopping: options.stopping,
    userId: (attempt: number) => options.userId(repetition, attempt),
  });
  // skipped in its spec: skipped once, not N times
  if (dialogue.skip !== undefined) return runDialogue(dialogue, ctx, single(1));
  const runs: RepetitionResult[] = [];
  let first: DialogueResult | undefined;
  let fatal = false;
  for (let r = 1; r <= options.each; r++) {
    if (r > 1 && options.stopping()) break;
    const result = await runDialogue(dialogue, ctx, single(r));
    first ??= result;
    if (result.status === 'skipped') break; // cut short by a stop: not a run
    runs.push(repetition(r, result));
    // a rejected signature gets the same answer every time: the rest would only spend quota
    if (result.status === 'errored' && fatalCause(result)) {
      fatal = true;
      break;
    }
  }
  return aggregate(first!, runs, options, fatal);
}

function aggregate(
  first: DialogueResult,
  runs: RepetitionResult[],
  setting: RepeatSetting,
  fatal: boolean,
): DialogueResult {
  const passing = (r: RepetitionResult) => r.status === 'passed' || r.status === 'flaky';
  const passed = runs.filter(passing).length;
  const needed = runsNeeded(setting);
  // runs never started count as failing when an error stopped them, and as unknown otherwise
  const open = fatal ? 0 : setting.each - runs.length;
  let status: DialogueStatus;
  if (passed >= needed) status = runs.every((r) => r.status === 'passed') ? 'passed' : 'flaky';
  else if (passed + open >= needed) status = 'skipped';
  else status = runs.filter((r) => !passing(r)).every((r) => r.status === 'errored') ? 'errored' : 'failed';
  const shown = representative(runs, status) ?? first;
  const durationMs = runs.reduce((sum, r) => sum + r.durationMs, 0);
  const result: DialogueResult = {
    ...identityOf(first),
    status,
    userId: shown.userId,
    startedAt: runs[0]?.startedAt ?? first.startedAt,
    durationMs,
    steps: shown.steps,
    ...(shown.retries ? { retries: shown.retries } : {}),
    repeats: { each: setting.each, minPassRate: setting.minPassRate, passed, runs },
  };
  if (status === 'skipped') result.skipReason = INTERRUPTED_REASON;
  return result;
}

/** The run whose steps the dialogue shows: the first that did not pass when it failed or was flaky, else the last. */
function representative(runs: RepetitionResult[], status: DialogueStatus): RepetitionResult | undefined {
  if (status === 'failed' || status === 'errored') {
    return runs.find((r) => r.status === status) ?? runs.find((r) => r.status !== 'passed');
  }
  if (status === 'flaky') return runs.find((r) => r.status !== 'passed');
  return runs[runs.length - 1];
}

function repetition(n: number, result: DialogueResult): RepetitionResult {
  return {
    repetition: n,
    status: result.status,
    userId: result.userId,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    steps: result.steps,
    ...(result.retries ? { retries: result.retries } : {}),
  };
}

type Identity = Pick<DialogueResult, 'id' | 'suite' | 'file' | 'name' | 'tags' | 'pos' | 'group'>;

function identityOf(result: DialogueResult): Identity {
  const { id, suite, file, name, tags, pos, group } = result;
  return { id, suite, file, name, tags, pos, ...(group ? { group } : {}) };
}
