/** `clova-regress run [paths..]`: run dialogue specs against a bot, report, set the exit code. */
import { run, planRun, NoDialoguesError, type RunOptions } from '../run/run.js';
import { explainEmptySelection, type Selection } from '../run/select.js';
import type { TargetSpec } from '../run/target.js';
import { readPlannedExpectations, type Annotator, type Reporter } from '../results/event-stream.js';
import { preferCompactHeap } from '../io/heap.js';
import { EXIT } from '../results/exit-code.js';
import { renderListing, selectionFromArgs, trapInterrupts } from './run-scale.js';
import { chooseTarget } from './target.js';
import { consoleStreamFor, createReporters, reportFailures, resultsOptions, settleReports } from './reporters.js';
import type { ArgsOf } from './options.js';
import { handle, type CommandIo, type Handling } from './handle.js';
import { runHabitSettings } from './run-habits.js';

export type RunArgs = ArgsOf<'run'>;

/** What a run needs besides its flags: made by the handler from them. */
export interface RunWiring {
  target: TargetSpec;
  selection: Selection;
  reporters: Reporter[];
  annotators: Annotator[];
  signal: AbortSignal;
}

/** `--bail` is `--max-failures 1` (the table's check refuses it with any other number). */
export function maxFailuresOf(args: Pick<RunArgs, 'maxFailures' | 'bail'>): number | undefined {
  return args.maxFailures ?? (args.bail ? 1 : undefined);
}

/** The run's flags as the library's options: the one place they are converted. */
export function toRunOptions(args: RunArgs, wiring: RunWiring): RunOptions {
  const maxFailures = maxFailuresOf(args);
  return {
    paths: args.paths,
    concurrency: args.concurrency,
    timeoutMs: args.timeout,
    requestRetries: args.requestRetries,
    passWithNoDialogues: args.passWithNoDialogues,
    retries: args.retries,
    failOnFlaky: args.failOnFlaky,
    ...wiring,
    plannedExpectations: readPlannedExpectations(wiring.reporters),
    ...(maxFailures !== undefined ? { maxFailures } : {}),
    ...(args.rps !== undefined ? { rps: args.rps } : {}),
    ...runHabitSettings(args),
  };
}

export async function main(args: RunArgs, io: CommandIo): Promise<number> {
  if (args.watch && !args.list) return watch(args, io);
  preferCompactHeap();
  const selected = await selectionFromArgs(args, io.cwd, io.env);
  if (!selected.ok) {
    (selected.toStdout ? io.stdout : io.stderr)(`${selected.toStdout ? '' : 'clova-regress: '}${selected.message}\n`);
    return selected.code;
  }
  const selection = selected.value;
  if (args.list) return listDialogues(args, selection, io);

  const target = chooseTarget(args, io.env);
  if (typeof target === 'string') {
    io.stderr(`clova-regress: ${target}\n`);
    return EXIT.usage;
  }
  const flags = { ...args, resultsOptions: resultsOptions({ ...args, maxFailures: maxFailuresOf(args) }) };
  const outputs = await createReporters(flags, 'run', io);
  if (typeof outputs === 'number') return outputs;
  const terminal = outputs.terminal!;
  const interrupts = trapInterrupts(
    (text) => {
      terminal.clear();
      io.stderr(text);
    },
    () => terminal.clear(),
  );
  try {
    const { reporters, annotators } = outputs;
    const { signal } = interrupts;
    const outcome = await run(toRunOptions(args, { target, selection, reporters, annotators, signal }));
    reportFailures(outcome.reporterFailures, io);
    if (outputs.lastRun?.warning) io.stderr(`clova-regress: warning: ${outputs.lastRun.warning}\n`);
    return await settleReports(outputs, flags, outcome.exitCode, io);
  } finally {
    interrupts.dispose();
  }
}

export const handling = (args: RunArgs): Handling => ({
  consoleStream: consoleStreamFor(args),
  onError: (error, io) => {
    if (!(error instanceof NoDialoguesError)) return undefined;
    io.stderr(`clova-regress: ${error.message}\n(Use --pass-with-no-dialogues to allow an empty selection.)\n`);
    return args.passWithNoDialogues ? EXIT.ok : EXIT.usage;
  },
});

/** `--list`: load and select, print, exit 0; nothing is sent and no bot is needed. */
async function listDialogues(args: RunArgs, selection: Selection, io: CommandIo): Promise<number> {
  const plan = await planRun({ paths: args.paths, selection });
  plan.dispose();
  const shard = selection.shard ? `${selection.shard.index}/${selection.shard.total}` : undefined;
  io.stdout(renderListing(plan.planned, shard, plan.onlyMarked));
  if (plan.matched === 0 && plan.found > 0)
    io.stderr(`clova-regress: ${explainEmptySelection(plan.all(), selection)}\n`);
  return EXIT.ok;
}

/** `--watch`: each cycle is a whole `run` (its reports, its last-run record, its errors) on some paths. */
async function watch(args: RunArgs, io: CommandIo): Promise<number> {
  const once = (cycle: RunArgs) => handle(main, { ...cycle, watch: false }, handling(cycle));
  const target = chooseTarget(args, io.env);
  // a bad target is reported by the first run, as without --watch; the watch then ends
  if (typeof target === 'string') return once(args);
  const { watchRuns } = await import('./watch.js');
  return watchRuns({
    roots: args.paths,
    extraFiles: target.kind === 'mock' ? [target.botFile] : [],
    clearScreen: process.stdout.isTTY === true,
    input: process.stdin,
    write: (text) => void process.stdout.write(text),
    runOnce: (request) => {
      if (request.kind === 'files') return once({ ...args, paths: request.files, lastFailed: false });
      return once({ ...args, lastFailed: request.kind === 'failed' });
    },
  });
}
