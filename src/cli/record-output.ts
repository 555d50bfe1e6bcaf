/** How record mode tells what it does: a line per dialogue recorded, then per file written. */
import type { RecordingOutcome } from '../record/record.js';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo } from '../results/model.js';
import { formatDuration } from '../render/text.js';

/** One line per dialogue: recording is not judging, so expectation failures are not listed. */
export function recordProgress(write: (text: string) => void): Reporter {
  return {
    name: 'record progress',
    onBegin: (info: RunInfo) =>
      write(
        `Target: ${info.target.description}\nRecording ${info.planned.length} dialogue${info.planned.length === 1 ? '' : 's'}\n`,
      ),
    onDialogueEnd: (d: DialogueResult) => {
      const error = d.steps.find((s) => s.status === 'errored');
      const mark = d.status === 'skipped' ? '-' : error ? '!' : '●';
      const note =
        error?.status === 'errored'
          ? `  error: ${error.cause.message}`
          : d.status === 'skipped'
            ? '  skipped'
            : `  ${formatDuration(d.durationMs)}`;
      write(`  ${mark} ${d.suite} › ${d.name}${note}\n`);
    },
  };
}

/** Every file written (one line each), the matchers rewritten, then every step that could not be recorded. */
export function printRecording(
  outcome: RecordingOutcome,
  options: { verb: string; none: string; write: (text: string) => void; dryRun?: boolean; showPatch?: boolean },
): void {
  const lines: string[] = [''];
  const changed = outcome.files.filter((f) => f.changed);
  for (const f of changed) {
    lines.push(
      `${options.dryRun ? `Would have ${options.verb.toLowerCase()}` : options.verb} ${f.file}: ${f.written} value${f.written === 1 ? '' : 's'} in ${f.steps} step${f.steps === 1 ? '' : 's'}`,
    );
    if (options.dryRun || options.showPatch) lines.push(f.patch.trimEnd());
  }
  if (outcome.changes.length) {
    // a rewritten matcher that pins more (or less) than the author's is said, never done silently
    lines.push('', 'Matchers rewritten:');
    for (const { where, change } of outcome.changes) {
      lines.push(
        `  ${where} ${change.field}: ${change.from} → ${change.to}${change.strictness ? ` (${change.strictness})` : ''}`,
      );
    }
  }
  for (const f of outcome.files.filter((x) => !x.changed)) lines.push(`${f.file}: already up to date`);
  if (outcome.files.length === 0) lines.push(options.none);
  if (outcome.unrecorded.length) {
    lines.push('', `Not written (${outcome.unrecorded.length}):`);
    for (const u of outcome.unrecorded) lines.push(`  ${u.where}`, `    ${u.reason}`);
  }
  if (changed.length && !options.dryRun) lines.push('', 'Review the change (git diff) before committing it.');
  options.write(`${lines.join('\n')}\n`);
}
