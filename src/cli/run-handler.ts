/** The run command's work, loaded only when `run` is the command (keeps --version fast). */
import { run, planRun, NoDialoguesError, type RunOptions } from '../run/run.js';
import { SelectionError, explainEmptySelection } from '../run/select.js';
import { LastRunRecorder } from '../run/last-run.js';
import { ProgressReporter, StatusTerminal } from '../reporters/progress.js';
import { progressMode, renderListing, selectionFromArgs, trapInterrupts } from './run-scale.js';
import { preferCompactHeap } from '../io/heap.js';
import { EXIT } from '../results/exit-code.js';
import { ConsoleReporter } from '../reporters/console.js';
import type { Reporter } from '../results/event-stream.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';
import { redactedWriter, wantsColor } from '../io/output.js';
import { registerSecret } from '../io/redact.js';
import { reportUnexpected } from './errors.js';
import { chooseTarget, type BotChoice } from './choose-target.js';
import { runFlagOptions, type RunArgs } from './run.js';
import { applyConfigFile, type Configured } from './config-wiring.js';
import { consoleStreamFor, prepareReports, reportPath, resultsOptions, settleReports } from './report-wiring.js';

/** `run` as typed: the config file's values laid under the typed flags, then the run. */
export async function runFromCli(
  typed: RunArgs,
  env: NodeJS.ProcessEnv = process.env,
  rawArgs: readonly string[] = process.argv.slice(2),
): Promise<number> {
  const configured = await configureRun(typed, env, rawArgs);
  if (!configured.ok) {
    redactedWriter(process.stderr)(configured.message);
    return configured.code;
  }
  return runConfigured(configured.argv, env, configured.bot);
}

/** The config file's values under the typed flags (once: `--watch` runs many times on the result). */
export function configureRun(
  typed: RunArgs,
  env: NodeJS.ProcessEnv,
  rawArgs: readonly string[],
): Promise<Configured<RunArgs>> {
  registerSecret(env.CLOVA_SECRET_KEY);
  return applyConfigFile(typed, { rawArgs, flags: runFlagOptions, positionalPaths: true, env, cwd: process.cwd() });
}

/** One run with its options final (flags and config file merged); `bot` is what the file chose. */
export async function runConfigured(argv: RunArgs, env: NodeJS.ProcessEnv, bot: BotChoice = {}): Promise<number> {
  const stderr = redactedWriter(process.stderr);
  registerSecret(env.CLOVA_SECRET_KEY);
  // a report on standard output (`--json -`) owns it: the console's lines go to stderr
  const consoleStream = consoleStreamFor(argv);
  const stdout = redactedWriter(consoleStream);
  preferCompactHeap();
  const cwd = process.cwd();

  const selected = await selectionFromArgs(argv, cwd);
  if (!selected.ok) {
    (selected.toStdout ? stdout : stderr)(`${selected.toStdout ? '' : 'clova-regress: '}${selected.message}\n`);
    return selected.code;
  }
  const selection = selected.value;
  if (argv.list) return listDialogues(argv, selection, stdout, stderr);

  const target = chooseTarget(argv, env, bot);
  if (typeof target === 'string') {
    stderr(`clova-regress: ${target}\n`);
    return EXIT.usage;
  }
  const mode = progressMode(argv.progress, consoleStream.isTTY === true, env);
  const terminal = new StatusTerminal(stdout, mode === 'live', () => consoleStream.columns || 80);
  const reporters: Reporter[] = [];
  // first, so its line is cleared before the console reporter prints the summary
  if (mode !== 'off') reporters.push(new ProgressReporter({ terminal }));
  reporters.push(new ConsoleReporter({ write: terminal.write, color: argv.color ?? wantsColor(consoleStream), listPassed: !argv.quiet }));
  if (argv.junit) {
    // loaded only with --junit: junit-report-builder costs more to load than a short run
    const { JunitReporter } = await import('../reporters/junit.js');
    reporters.push(new JunitReporter(reportPath(cwd, argv.junit)));
  }
  const wiring = { env, cwd, stdout: terminal.write, stderr, options: resultsOptions(argv), otherFiles: { '--junit': argv.junit } };
  const reports = await prepareReports(argv, wiring);
  if (typeof reports === 'number') return reports;
  reporters.push(...reports.reporters);
  const lastRun = new LastRunRecorder(cwd);
  reporters.push(lastRun);
  const interrupts = trapInterrupts(
    (text) => {
      terminal.clear();
      stderr(text);
    },
    () => terminal.clear(),
  );

  const options: RunOptions = {
    paths: argv.paths,
    target,
    concurrency: argv.concurrency,
    timeoutMs: argv.timeout,
    requestRetries: argv.requestRetries,
    reporters,
    annotators: reports.annotators,
    passWithNoDialogues: argv.passWithNoDialogues,
    selection,
    retries: argv.retries,
    failOnFlaky: argv.failOnFlaky,
    signal: interrupts.signal,
    ...(argv.maxFailures !== undefined ? { maxFailures: argv.maxFailures } : {}),
    ...(argv.rps !== undefined ? { rps: argv.rps } : {}),
  };
  try {
    const outcome = await run(options);
    for (const failure of outcome.reporterFailures) stderr(`clova-regress: report not written — ${failure.reporter}: ${failure.message}\n`);
    if (lastRun.warning) stderr(`clova-regress: warning: ${lastRun.warning}\n`);
    return await settleReports(reports, argv, outcome.exitCode, wiring);
  } catch (error) {
    if (error instanceof InputError) {
      stderr(`${renderInputError(error)}\n`);
      return EXIT.usage;
    }
    if (error instanceof NoDialoguesError) {
      stderr(`clova-regress: ${error.message}\n(Use --pass-with-no-dialogues to allow an empty selection.)\n`);
      return argv.passWithNoDialogues ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof SelectionError) {
      stderr(`clova-regress: ${error.message}\n`);
      return EXIT.usage;
    }
    reportUnexpected(error);
    return EXIT.internal;
  } finally {
    interrupts.dispose();
  }
}

/** `--list`: load and select, print, exit 0; nothing is sent and no bot is needed. */
async function listDialogues(argv: RunArgs, selection: RunOptions['selection'], stdout: (t: string) => void, stderr: (t: string) => void): Promise<number> {
  try {
    const plan = await planRun({ paths: argv.paths, selection: selection ?? {} });
    plan.dispose();
    stdout(renderListing(plan.planned, selection?.shard ? `${selection.shard.index}/${selection.shard.total}` : undefined));
    if (plan.matched === 0 && plan.found > 0) stderr(`clova-regress: ${explainEmptySelection(plan.all(), selection ?? {})}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      stderr(`${renderInputError(error)}\n`);
      return EXIT.usage;
    }
    if (error instanceof SelectionError) {
      stderr(`clova-regress: ${error.message}\n`);
      return EXIT.usage;
    }
    reportUnexpected(error);
    return EXIT.internal;
  }
}
