/**
 * `clova-regress record <specs..>`: run the dialogues and write what the bot answered into each
 * step's `expect` — scenarioName, chatType, description and buttons — keeping the files' comments
 * and layout. Authors bootstrap a suite from a live bot in one command, then edit (docs/record.md).
 */
import { run, NoDialoguesError } from '../run/run.js';
import { writeRecordings } from '../record/record.js';
import { ReportWriteError } from '../io/write-report.js';
import { EXIT } from '../results/exit-code.js';
import { chooseTarget } from './target.js';
import { createReporters } from './reporters.js';
import { readPlannedExpectations } from '../results/event-stream.js';
import { printRecording } from './record-output.js';
import type { ArgsOf } from './options.js';
import type { CommandIo, Handling } from './handle.js';

export async function main(args: ArgsOf<'record'>, io: CommandIo): Promise<number> {
  const target = chooseTarget(args, io.env);
  if (typeof target === 'string') {
    io.stderr(`clova-regress: ${target}\n`);
    return EXIT.usage;
  }
  const outputs = await createReporters({}, 'record', io);
  if (typeof outputs === 'number') return outputs;
  const { paths, concurrency, timeout: timeoutMs, requestRetries, description, dryRun } = args;
  const { reporters } = outputs;
  const plannedExpectations = readPlannedExpectations(reporters);
  const outcome = await run({ paths, target, concurrency, timeoutMs, requestRetries, reporters, plannedExpectations });
  const rewrite = args.missingOnly ? 'missing' : args.overwrite ? 'all' : 'failing';
  const mode = { kind: 'record', rewrite } as const;
  const written = await writeRecordings(outputs.collector!, { cwd: io.cwd, mode, description, dryRun });
  printRecording(written, { verb: 'Recorded', none: 'Nothing to record.', write: io.stdout, dryRun });
  if (outcome.summary.interrupted) return EXIT.interrupted;
  // a step the bot did not answer could not be recorded: the run errored, as `run` would say
  return outcome.summary.counts.errored > 0 ? EXIT.errored : EXIT.ok;
}

export const handling = (): Handling => ({
  onError: (error, io) => {
    if (!(error instanceof NoDialoguesError || error instanceof ReportWriteError)) return undefined;
    io.stderr(`clova-regress: ${error.message}\n`);
    return error instanceof ReportWriteError ? EXIT.output : EXIT.usage;
  },
});
