/** The run command's work, loaded only when `run` is the command (keeps --version fast). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
import { maskUrlCredentials, registerSecret, registerUrlSecrets } from '../io/redact.js';
import type { TargetSpec } from '../run/target.js';
import { reportUnexpected } from './errors.js';
import { faultsFromFlags, mockFaultFlags } from '../mock/fault-flags.js';
import type { RunArgs } from './run.js';
import { consoleStreamFor, prepareReports, reportPath, resultsOptions, settleReports } from './report-wiring.js';

const DEFAULT_BOT = 'specs/bot.yaml';

export async function runFromCli(argv: RunArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stderr = redactedWriter(process.stderr);
  // a report on standard output (`--json -`) owns it: the console's lines go to stderr
  const consoleStream = consoleStreamFor(argv);
  const stdout = redactedWriter(consoleStream);
  registerSecret(env.CLOVA_SECRET_KEY);
  preferCompactHeap();
  const cwd = process.cwd();

  const selected = await selectionFromArgs(argv, cwd);
  if (!selected.ok) {
    (selected.toStdout ? stdout : stderr)(`${selected.toStdout ? '' : 'clova-regress: '}${selected.message}\n`);
    return selected.code;
  }
  const selection = selected.value;
  if (argv.list) return listDialogues(argv, selection, stdout, stderr);

  const target = chooseTarget(argv, env);
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
    // loaded only with --junit, like every report
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

/** A live bot when a URL is given (flag or env), else the built-in mock; a message when neither works. */
export function chooseTarget(argv: RunArgs, env: NodeJS.ProcessEnv): TargetSpec | string {
  const url = argv.url ?? env.CLOVA_INVOKE_URL;
  if (url) {
    // credentials in the URL are secrets like the key: masked wherever the URL or a part shows
    registerUrlSecrets(url);
    if (argv.mock) return '--mock and --url (or CLOVA_INVOKE_URL) exclude each other: choose the mock bot or a live one';
    const faultFlag = Object.keys(mockFaultFlags).find((flag) => argv[flag as keyof typeof mockFaultFlags] !== undefined);
    if (faultFlag || argv.mockSeed !== undefined) return `--${faultFlag ?? 'mock-seed'} applies to the built-in mock bot only, not to a live bot (--url / CLOVA_INVOKE_URL)`;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `the invoke URL must be http(s), not ${parsed.protocol}`;
    } catch {
      return `not a URL: ${maskUrlCredentials(url)}`;
    }
    const secretKey = env.CLOVA_SECRET_KEY;
    if (!secretKey) return 'a live bot needs its secret key in env CLOVA_SECRET_KEY (the Custom API secret from the CLOVA Chatbot builder)';
    return { kind: 'live', url, secretKey };
  }
  const botFile = argv.mock ?? DEFAULT_BOT;
  if (!existsSync(resolve(botFile))) {
    return argv.mock
      ? `bot definition not found: ${argv.mock}`
      : `no bot to talk to: give --url (or CLOVA_INVOKE_URL) for a live bot, or --mock <bot.yaml> for the built-in mock (${DEFAULT_BOT} does not exist here)`;
  }
  let faults;
  try {
    faults = faultsFromFlags(argv);
  } catch (error) {
    return (error as Error).message;
  }
  return { kind: 'mock', botFile: resolve(botFile), ...(faults ? { faults } : {}), ...(argv.mockSeed !== undefined ? { seed: argv.mockSeed } : {}) };
}
