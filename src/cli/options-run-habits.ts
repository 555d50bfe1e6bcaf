/** Options table entries (see options.ts): how a run goes: which dialogues, the console, and at scale. */
import { MAX_CONCURRENCY, MAX_RETRIES, MAX_RPS, MAX_TIMER_MS, MIN_RPS } from '../yaml/bounds.js';
import { passRateProblem, repeatEachProblem } from './run-habits.js';
import { consoleGroup, other, scale, select, talksToBot, whole, within } from './option-parts.js';
import type { OptionEntry } from './option-types.js';

export const RUN_HABIT_OPTIONS = {
  // choosing dialogues
  grep: {
    type: 'string',
    repeatable: true,
    alias: 'g',
    group: select,
    commands: { run: true },
    describe:
      'Only dialogues whose title ("file › suite › name @tags") matches this regular expression ' +
      '(case-insensitive unless given as /re/flags)',
  },
  'grep-invert': {
    type: 'string',
    repeatable: true,
    group: select,
    commands: { run: true },
    describe: 'Only dialogues whose title does not match this regular expression',
  },
  tag: {
    type: 'string',
    repeatable: true,
    group: select,
    commands: { run: true },
    describe: 'Only dialogues with this tag; repeat for any of several; "!tag" excludes',
  },
  'last-failed': {
    type: 'boolean',
    default: false,
    group: select,
    commands: { run: true },
    describe: 'Only the dialogues that failed or errored in the previous run here (.clova-regress/last-run.json)',
  },
  shard: {
    type: 'string',
    repeatable: true,
    group: select,
    commands: { run: true },
    describe:
      'Run shard i of n (e.g. 2/4): a deterministic, step-balanced part of the selection; "auto" reads it ' +
      'from the CI job (GitLab, CircleCI, Buildkite; auto/N for a Kubernetes indexed Job)',
  },
  // run habits (issue 14): `only:` in specs, and N runs of each dialogue gated on a pass rate
  'forbid-only': {
    type: 'boolean',
    group: select,
    commands: { run: true },
    describe:
      '`only: true` in a spec is an error (exit 2) instead of running just those dialogues ' +
      '(default: on when env CI is set; --no-forbid-only allows it)',
  },
  list: {
    type: 'boolean',
    default: false,
    group: select,
    commands: { run: true },
    describe: 'Print the dialogues that would run, then exit',
  },
  'pass-with-no-dialogues': {
    type: 'boolean',
    default: false,
    group: select,
    commands: { run: true },
    describe: 'Exit 0 when no dialogue is selected (default: exit 2)',
  },
  // the console
  quiet: {
    type: 'boolean',
    alias: 'q',
    default: false,
    group: consoleGroup,
    commands: { run: true },
    describe: 'Print only problems and the summary',
  },
  color: {
    type: 'boolean',
    group: consoleGroup,
    commands: { run: true, merge: true, coverage: true },
    describe: 'Colour the console output (default: when it is a terminal and NO_COLOR is unset)',
  },
  progress: {
    type: 'boolean',
    group: consoleGroup,
    commands: { run: true },
    describe:
      'Show progress: a live line on a terminal, a plain line every 10 s otherwise ' +
      '(default: on; --no-progress turns it off)',
  },
  watch: {
    type: 'boolean',
    alias: 'w',
    default: false,
    group: consoleGroup,
    commands: { run: true },
    describe:
      'Run, then re-run on every change to a spec (that file) or the bot (everything); ' +
      'keys: a all, f failed, Enter again, q quit',
  },
  // at scale (the order of the checks is the order of the messages)
  concurrency: {
    type: 'number',
    alias: 'j',
    default: 8,
    group: scale,
    commands: talksToBot,
    describe: 'Dialogues in flight at once',
    check: whole(1, MAX_CONCURRENCY, `--concurrency must be a whole number ≥ 1 and at most ${MAX_CONCURRENCY}`),
  },
  timeout: {
    type: 'number',
    default: 10_000,
    group: scale,
    commands: talksToBot,
    describe: 'Per-request timeout in ms',
    check: whole(
      1,
      MAX_TIMER_MS,
      `--timeout must be a whole number of milliseconds ≥ 1 and at most ${MAX_TIMER_MS} (Node's timer limit)`,
    ),
  },
  'request-retries': {
    type: 'number',
    default: 2,
    group: scale,
    commands: talksToBot,
    describe:
      'Retries of one request on HTTP 429/503/504 and network errors ' + '(exponential backoff, Retry-After honoured)',
    check: whole(0, MAX_RETRIES, `--request-retries must be a whole number ≥ 0 and at most ${MAX_RETRIES}`),
  },
  retries: {
    type: 'number',
    default: 0,
    group: scale,
    commands: { run: true },
    describe:
      'Re-run a failed or errored dialogue up to N times, whole, with a fresh userId; ' +
      'passing on a retry is "flaky"',
    check: whole(0, MAX_RETRIES, `--retries must be a whole number ≥ 0 and at most ${MAX_RETRIES}`, false),
  },
  'fail-on-flaky': {
    type: 'boolean',
    default: false,
    group: scale,
    commands: { run: true, merge: { group: other } },
    describe: 'Exit 1 when a dialogue passed only on a retry',
  },
  'repeat-each': {
    type: 'number',
    group: scale,
    commands: { run: true },
    check: repeatEachProblem,
    describe:
      'Run every dialogue N times, each in its own session (and with its own --retries); ' +
      'reports show passed runs as "9/10"',
  },
  'min-pass-rate': {
    type: 'string',
    repeatable: true,
    group: scale,
    commands: { run: true },
    check: passRateProblem,
    describe: 'With --repeat-each: a dialogue passes when this share of its runs pass, as 0.7 or 70% (default 1: all)',
  },
  'max-failures': {
    type: 'number',
    group: scale,
    commands: { run: true },
    describe: 'Stop starting dialogues after N failed or errored; the rest are reported as not run',
    check: whole(1, Number.MAX_SAFE_INTEGER, '--max-failures must be a whole number ≥ 1', false),
  },
  bail: {
    type: 'boolean',
    group: scale,
    commands: { run: true },
    describe: 'Stop after the first failed or errored dialogue: --max-failures 1',
    check: (v, a) => {
      if (v !== true || a.maxFailures === undefined || a.maxFailures === 1) return undefined;
      return `--bail is --max-failures 1: it cannot go with --max-failures ${String(a.maxFailures)}`;
    },
  },
  rps: {
    type: 'number',
    group: scale,
    describe:
      'At most R requests per second over all dialogues (retries included); ' +
      '429s also lower the concurrency until the bot recovers',
    check: within(
      (v) => v >= MIN_RPS && v <= MAX_RPS,
      (v) => `--rps must be a number of requests per second from ${MIN_RPS} to ${MAX_RPS}, not ${String(v)}`,
    ),
    commands: {
      run: true,
      explore: {
        group: other,
        describe: 'At most R requests per second over all paths (retries included)',
        check: within(
          (v) => v > 0 && Number.isFinite(v),
          () => '--rps must be a number of requests per second > 0',
        ),
      },
    },
  },
} as const satisfies Record<string, OptionEntry>;
