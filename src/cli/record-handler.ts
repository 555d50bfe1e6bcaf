/** The record command's work, loaded only when `record` runs. */
import { run, NoDialoguesError } from '../run/run.js';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo } from '../results/model.js';
import { ObservationCollector, writeRecordings } from '../record/record.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';
import { ReportWriteError } from '../io/write-report.js';
import { redactedWriter } from '../io/output.js';
import { registerSecret } from '../io/redact.js';
import { EXIT } from '../results/exit-code.js';
import { formatDuration } from '../render/text.js';
import { reportUnexpected } from './errors.js';
import { chooseTarget } from './choose-target.js';
import { applyConfigFile } from './config-wiring.js';
import { CONNECTION_OPTIONS } from './config-options.js';
import { targetFlagOptions } from './target-flags.js';
import { maskEnvOption } from './mask-env-flag.js';
import { printRecording } from './record-output.js';
import type { RecordArgs } from './record.js';
import type { RunArgs } from './run.js';

export async function recordFromCli(typed: RecordArgs, env: NodeJS.ProcessEnv = process.env, rawArgs: readonly string[] = process.argv.slice(2)): Promise<number> {
  const stdout = redactedWriter(process.stdout);
  const stderr = redactedWriter(process.stderr);
  registerSecret(env.CLOVA_SECRET_KEY);
  // the config file's bot and how to reach it (record's paths are always typed)
  const configured = await applyConfigFile(typed, { rawArgs, flags: { ...targetFlagOptions, 'mask-env': maskEnvOption }, applies: CONNECTION_OPTIONS, env, cwd: process.cwd() });
  if (!configured.ok) {
    stderr(configured.message);
    return configured.code;
  }
  const argv = configured.argv;
  const target = chooseTarget(argv as unknown as RunArgs, env, configured.bot);
  if (typeof target === 'string') {
    stderr(`clova-regress: ${target}\n`);
    return EXIT.usage;
  }
  const collector = new ObservationCollector('record');
  try {
    const outcome = await run({ paths: argv.paths, target, concurrency: argv.concurrency, timeoutMs: argv.timeout, requestRetries: argv.requestRetries, reporters: [recordProgress(stdout), collector] });
    const written = await writeRecordings(collector, { cwd: process.cwd(), mode: { kind: 'record', rewrite: argv.missingOnly ? 'missing' : argv.overwrite ? 'all' : 'failing' }, description: argv.description, dryRun: argv.dryRun });
    printRecording(written, { verb: 'Recorded', none: 'Nothing to record.', write: stdout, dryRun: argv.dryRun });
    if (outcome.summary.interrupted) return EXIT.interrupted;
    // a step the bot did not answer could not be recorded: the run errored, as `run` would say
    return outcome.summary.counts.errored > 0 ? EXIT.errored : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      stderr(`${renderInputError(error)}\n`);
      return EXIT.usage;
    }
    if (error instanceof NoDialoguesError) {
      stderr(`clova-regress: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ReportWriteError) {
      stderr(`clova-regress: ${error.message}\n`);
      return EXIT.output;
    }
    reportUnexpected(error);
    return EXIT.internal;
  }
}

/** One line per dialogue: recording is not judging, so expectation failures are not listed. */
function recordProgress(write: (text: string) => void): Reporter {
  return {
    name: 'record progress',
    onBegin: (info: RunInfo) => write(`Target: ${info.target.description}\nRecording ${info.planned.length} dialogue${info.planned.length === 1 ? '' : 's'}\n`),
    onDialogueEnd: (d: DialogueResult) => {
      const error = d.steps.find((s) => s.status === 'errored');
      const mark = d.status === 'skipped' ? '-' : error ? '!' : '●';
      const note = error?.status === 'errored' ? `  error: ${error.cause.message}` : d.status === 'skipped' ? '  skipped' : `  ${formatDuration(d.durationMs)}`;
      write(`  ${mark} ${d.suite} › ${d.name}${note}\n`);
    },
  };
}
