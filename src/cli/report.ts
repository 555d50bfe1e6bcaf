/**
 * `clova-regress report <results.json>`: rebuild reports from a saved run, without the bot. The
 * saved events are replayed through the same reporters a run uses, so the files are the ones the
 * run would have written (and `--baseline` can compare two saved runs).
 */
import { replayResultsFile } from '../results/replay.js';
import { EXIT } from '../results/exit-code.js';
import { stopSuffix } from '../render/stop-note.js';
import { consoleStreamFor, createReporters, reportFailures, settleReports, wroteLines } from './reporters.js';
import type { ArgsOf } from './options.js';
import type { CommandIo, Handling } from './handle.js';

export async function main(args: ArgsOf<'report'>, io: CommandIo): Promise<number> {
  const flags = { ...args, otherFiles: { 'the results file': args.results } };
  const outputs = await createReporters(flags, 'report', io);
  if (typeof outputs === 'number') return outputs;
  const outcome = await replayResultsFile(args.results, outputs.reporters, outputs.annotators);
  const c = outcome.summary.counts;
  const counts = `${c.passed} passed, ${c.failed} failed, ${c.errored} errors${c.flaky ? `, ${c.flaky} flaky` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}`;
  const notRun = outcome.summary.notRun ? `, ${outcome.summary.notRun} not run` : '';
  const lines = [`Run ${outcome.header.info.runId} of ${outcome.header.info.startedAt}: ${counts}${notRun}${stopSuffix(outcome.summary)}`];
  io.stdout(`${[...lines, ...wroteLines(outputs.reporters, outcome.failures)].join('\n')}\n`);
  reportFailures(outcome.failures, io);
  return settleReports(outputs, flags, outcome.failures.length ? EXIT.output : EXIT.ok, io);
}

export const handling = (args: ArgsOf<'report'>): Handling => ({ consoleStream: consoleStreamFor(args) });
