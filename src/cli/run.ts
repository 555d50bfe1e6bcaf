/** `clova-regress run [paths..]`: run dialogue specs against a bot, report, set the exit code. */
import type { ArgumentsCamelCase, Argv, CommandModule, Options } from 'yargs';
import { mockFaultFlags, type FaultFlags } from '../mock/fault-flags.js';
import { reportFlagOptions, updateFlagOptions, type ReportFlags, type UpdateFlags } from './report-flags.js';
import { checkTargetArgs, targetFlagOptions, type TargetArgs } from './target-flags.js';
import { maskEnvOption } from './mask-env-flag.js';
import { MAX_RETRIES, MAX_RPS, MIN_RPS } from '../dialogues/bounds.js';

export interface RunArgs extends TargetArgs, FaultFlags, ReportFlags, UpdateFlags {
  mockSeed?: number;
  paths: string[];
  junit?: string;
  quiet: boolean;
  color?: boolean;
  passWithNoDialogues: boolean;
  shard?: string;
  grep?: string;
  grepInvert?: string;
  tag?: string | string[];
  list: boolean;
  lastFailed: boolean;
  retries: number;
  failOnFlaky: boolean;
  maxFailures?: number;
  rps?: number;
  progress?: boolean;
  watch: boolean;
}

const selectGroup = 'Choosing dialogues:';
const scaleGroup = 'At scale:';

/** Every flag of `run`, in --help order: also the config file's keys (src/cli/config-options.ts). */
export const runFlagOptions = {
  ...targetFlagOptions,
  'mask-env': maskEnvOption,
  junit: { describe: 'Write a JUnit XML report to this file', type: 'string' },
  quiet: { alias: 'q', describe: 'Print only problems and the summary', type: 'boolean', default: false },
  color: { describe: 'Colour the console output (default: when it is a terminal and NO_COLOR is unset)', type: 'boolean' },
  'mock-seed': { describe: 'Seed of the built-in mock\'s fault decisions (same seed, same faults)', type: 'number', group: 'Mock bot faults:' },
  ...mockFaultFlags,
  ...reportFlagOptions,
  ...updateFlagOptions,
  'pass-with-no-dialogues': { describe: 'Exit 0 when no dialogue is selected (default: exit 2)', type: 'boolean', default: false },
  grep: { alias: 'g', group: selectGroup, describe: 'Only dialogues whose title ("file › suite › name @tags") matches this regular expression (case-insensitive unless given as /re/flags)', type: 'string' },
  'grep-invert': { group: selectGroup, describe: 'Only dialogues whose title does not match this regular expression', type: 'string' },
  tag: { group: selectGroup, describe: 'Only dialogues with this tag; repeat for any of several; "!tag" excludes', type: 'string' },
  'last-failed': { group: selectGroup, describe: 'Only the dialogues that failed or errored in the previous run here (.clova-regress/last-run.json)', type: 'boolean', default: false },
  shard: { group: selectGroup, describe: 'Run shard i of n (e.g. 2/4): a deterministic, step-balanced part of the selection', type: 'string' },
  list: { group: selectGroup, describe: 'Print the dialogues that would run, then exit', type: 'boolean', default: false },
  retries: { group: scaleGroup, describe: 'Re-run a failed or errored dialogue up to N times, whole, with a fresh userId; passing on a retry is "flaky"', type: 'number', default: 0 },
  'fail-on-flaky': { group: scaleGroup, describe: 'Exit 1 when a dialogue passed only on a retry', type: 'boolean', default: false },
  'max-failures': { group: scaleGroup, describe: 'Stop starting dialogues after N failed or errored; the rest are reported as not run', type: 'number' },
  rps: { group: scaleGroup, describe: 'At most R requests per second over all dialogues (retries included); 429s also lower the concurrency until the bot recovers', type: 'number' },
  progress: { group: scaleGroup, describe: 'Show progress: a live line on a terminal, a plain line every 10 s otherwise (default: on; --no-progress turns it off)', type: 'boolean' },
  // watch options (issue 14)
  watch: { alias: 'w', describe: 'Run, then re-run on every change to a spec (that file) or the bot (everything); keys: a all, f failed, Enter again, q quit', type: 'boolean', default: false },
} as const satisfies Record<string, Options>;

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [paths..]',
  describe: 'Run dialogue specs against a bot (the built-in mock bot when no URL is given)',
  builder: (y: Argv) =>
    y
      .positional('paths', { describe: 'Spec files or folders (searched for *.yaml, *.yml)', type: 'string', array: true, default: ['specs'] })
      .options(runFlagOptions)
      .check((argv) => {
        checkTargetArgs(argv);
        if (!Number.isInteger(argv.retries) || (argv.retries as number) < 0 || (argv.retries as number) > MAX_RETRIES) throw new Error(`--retries must be a whole number ≥ 0 and at most ${MAX_RETRIES}`);
        const maxFailures = argv['max-failures'] as number | undefined;
        if (maxFailures !== undefined && (!Number.isSafeInteger(maxFailures) || maxFailures < 1)) throw new Error('--max-failures must be a whole number ≥ 1');
        const rps = argv.rps as number | undefined;
        if (rps !== undefined && !(rps >= MIN_RPS && rps <= MAX_RPS)) throw new Error(`--rps must be a number of requests per second from ${MIN_RPS} to ${MAX_RPS}, not ${rps}`);
        return true;
      }) as unknown as Argv<RunArgs>,
  handler: async (argv: ArgumentsCamelCase<RunArgs>) => {
    if (argv.watch && !argv.list) {
      const { watchFromCli } = await import('./watch-handler.js');
      process.exitCode = await watchFromCli(argv);
      return;
    }
    const { runFromCli } = await import('./run-handler.js');
    process.exitCode = await runFromCli(argv);
  },
};
