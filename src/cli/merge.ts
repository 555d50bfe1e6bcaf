/**
 * `clova-regress merge <results.json…>`: the shards of a run (or any runs) rebuilt into one, and
 * the same reports a single run writes — JUnit, JSON, HTML, Markdown — written from it, with the
 * failures and the totals on the console.
 */
import { resolve } from 'node:path';
import { mergeResultsFiles, MergeError } from '../results/merge.js';
import { EXIT, exitCodeFor } from '../results/exit-code.js';
import { preferCompactHeap } from '../io/heap.js';
import { consoleStreamFor, createReporters, reportFailures, settleReports, wroteLines } from './reporters.js';
import type { ArgsOf } from './options.js';
import type { CommandIo, Handling } from './handle.js';

/** Exit codes as for a run over the same dialogues (0, 1, 3), 4 when a report was not written, 2 for unusable files or an incomplete set of shards; a partial merge is at best 3. */
export async function main(args: ArgsOf<'merge'>, io: CommandIo): Promise<number> {
  preferCompactHeap();
  const given = new Map<string, string>();
  for (const path of args.results) {
    const full = resolve(io.cwd, path);
    if (given.has(full)) {
      io.stderr(`clova-regress: ${path} is given twice: its dialogues would count twice\n`);
      return EXIT.usage;
    }
    given.set(full, path);
  }
  const flags = { ...args, otherFiles: Object.fromEntries(args.results.map((r, i) => [`results file ${i + 1}`, r])) };
  const outputs = await createReporters(flags, 'merge', io);
  if (typeof outputs === 'number') return outputs;
  const merged = await mergeResultsFiles(args.results, outputs.reporters, outputs.annotators, { allowPartial: args.allowPartial });
  for (const note of merged.notes) io.stderr(`clova-regress: note: ${note}\n`);
  const written = wroteLines(outputs.reporters, merged.failures);
  const files = `${args.results.length} results file${args.results.length === 1 ? '' : 's'}`;
  io.stdout(`Merged ${files} into run ${merged.info.runId}${written.length ? `\n${written.join('\n')}` : ''}\n`);
  reportFailures(merged.failures, io);
  const code = exitCodeFor({ summary: merged.summary, reporterFailures: merged.failures.length, failOnFlaky: args.failOnFlaky });
  return settleReports(outputs, flags, code, io);
}

export const handling = (args: ArgsOf<'merge'>): Handling => ({
  consoleStream: consoleStreamFor(args),
  onError: (error, io) => {
    if (!(error instanceof MergeError)) return undefined;
    io.stderr(`clova-regress: ${error.message}\n`);
    return EXIT.usage;
  },
});
