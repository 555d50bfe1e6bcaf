/** How record mode tells what it wrote: one line per file, then every step it could not record. */
import type { RecordingOutcome } from '../record/record.js';

export function printRecording(outcome: RecordingOutcome, options: { verb: string; none: string; write: (text: string) => void; dryRun?: boolean }): void {
  const lines: string[] = [''];
  const changed = outcome.files.filter((f) => f.changed);
  for (const f of changed) {
    lines.push(`${options.dryRun ? `Would have ${options.verb.toLowerCase()}` : options.verb} ${f.file}: ${f.written} value${f.written === 1 ? '' : 's'} in ${f.steps} step${f.steps === 1 ? '' : 's'}`);
    if (options.dryRun) lines.push(f.patch.trimEnd());
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
