/**
 * Why a run did not run every planned dialogue, in the words every output shares: the console's
 * closing line, JUnit's not-run testcases and property, `report`'s summary line.
 */
import type { RunSummary } from '../results/model.js';

/** The error that stopped the run, in one line: `3 dialogues in a row: signature rejected …`. */
function fatalText(summary: RunSummary): string {
  const f = summary.fatalError;
  return f
    ? `${f.message} (${f.dialogues} dialogue${f.dialogues === 1 ? '' : 's'} in a row; it cannot fix itself during the run)`
    : 'an error that cannot fix itself during the run';
}

/** The console's line, or undefined when every planned dialogue ran. */
export function stopHeadline(summary: RunSummary): string | undefined {
  const notRun = `${summary.notRun} dialogue${summary.notRun === 1 ? '' : 's'} not run`;
  if (summary.stopReason === 'max-failures') return `Stopped early: --max-failures reached; ${notRun}.`;
  if (summary.stopReason === 'fatal-error') return `Stopped early: ${fatalText(summary)}; ${notRun}.`;
  if (summary.missingShards?.length)
    return `Partial merge: shard${summary.missingShards.length === 1 ? '' : 's'} ${summary.missingShards.join(', ')} missing; ${notRun}.`;
  if (summary.interrupted) return 'Interrupted: the run stopped before every dialogue ran.';
  return undefined;
}

/** The file reports' note (HTML, Markdown): the console's headline, with the count when a signal stopped it. */
export function stopNote(summary: RunSummary): string {
  const headline = stopHeadline(summary);
  if (
    summary.stopReason === 'signal' ||
    (summary.interrupted && !summary.stopReason && !summary.missingShards?.length)
  ) {
    return `Interrupted: ${summary.notRun} planned dialogue${summary.notRun === 1 ? '' : 's'} did not run.`;
  }
  return headline ?? `${summary.notRun} planned dialogue${summary.notRun === 1 ? '' : 's'} did not run.`;
}

/** The message of a JUnit `<skipped>` testcase for a planned dialogue that never started. */
export function notRunMessage(summary: RunSummary): string {
  if (summary.stopReason === 'max-failures') return 'not run: the run stopped after --max-failures';
  if (summary.stopReason === 'fatal-error') return `not run: the run stopped: ${fatalText(summary)}`;
  return 'not run: the run was interrupted';
}

/** The value of JUnit's `interrupted` property. */
export function stopProperty(summary: RunSummary): string {
  if (summary.stopReason === 'max-failures') return 'stopped after --max-failures';
  if (summary.stopReason === 'fatal-error') return `stopped: ${fatalText(summary)}`;
  return 'stopped by a signal before every dialogue ran';
}

/** `report`'s suffix: ` (stopped early: --max-failures)`. */
export function stopSuffix(summary: RunSummary): string {
  if (summary.stopReason === 'max-failures') return ' (stopped early: --max-failures)';
  if (summary.stopReason === 'fatal-error')
    return ` (stopped early: ${summary.fatalError?.message ?? 'an error that cannot fix itself'})`;
  if (summary.missingShards?.length)
    return ` (partial: shard${summary.missingShards.length === 1 ? '' : 's'} ${summary.missingShards.join(', ')} missing)`;
  return summary.interrupted ? ' (interrupted)' : '';
}
