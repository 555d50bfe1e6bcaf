/**
 * Every option of every command, declared once: type, default, help line and group, alias, and
 * the check whose message the user sees. Commands take theirs by name (`commands:`), their args
 * types are derived from this table (option-types.ts), and a config file reads the same entries
 * (optionSpecs) so a key and its flag cannot drift apart. Light on purpose: the CLI loads it at
 * start-up; the checks use only the bounds.
 */
import { MAX_CONCURRENCY, MAX_RETRIES, MAX_RPS, MAX_TIMER_MS, MIN_RPS } from '../yaml/bounds.js';
import { passRateProblem, repeatEachProblem } from './run-habits.js';
import { specsOf, type CommandName, type OptionEntry, type OptionSpec } from './option-types.js';
import type { OptionArgs, PositionalArgs } from './option-types.js';
import { bot, consoleGroup, faults, network, other, outputs, reports, scale, select } from './option-parts.js';
import { descriptionHelp, DESCRIPTION_CHOICES, fault, whole, within } from './option-parts.js';
import { readsEnv, readsSpecs, talksToBot, writesReports } from './option-parts.js';
import { POSITIONALS } from './positionals.js';

export { DESCRIPTION_CHOICES, POSITIONALS, type OptionSpec };

export const OPTIONS = {
  // which bot; config file options (issue 14): docs/config.md
  target: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe: "Talk to this bot of the config file's `targets` (default: its `defaultTarget`)",
  },
  config: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe: 'Read options from this config file (default: clova-regress.config.yaml here or in a folder above)',
  },
  // which bot
  url: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe:
      "The bot's API Gateway invoke URL (env CLOVA_INVOKE_URL); " + 'the secret key comes from env CLOVA_SECRET_KEY',
  },
  mock: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe:
      'Bot definition for the built-in mock bot, used when no URL is given ' +
      '(default: a bot.yaml beside the specs given, else specs/bot.yaml)',
  },
  // how the bot is reached: checked and turned into the client's settings by client/network.ts
  proxy: {
    type: 'string',
    group: network,
    commands: talksToBot,
    describe:
      "Send the bot's requests through this proxy (http://[user:password@]host:port), instead of " +
      'HTTPS_PROXY / HTTP_PROXY; NO_PROXY still applies. --no-proxy: no proxy at all, whatever the environment says',
  },
  header: {
    type: 'string',
    array: true,
    group: network,
    commands: talksToBot,
    describe:
      "Add this header to every request to the bot: 'Name: value' (repeatable); ${env.NAME} in the value " +
      'reads the environment; values are masked in every output',
  },
  ca: {
    type: 'string',
    repeatable: true,
    group: network,
    commands: talksToBot,
    describe: 'Also trust the CA certificates in this PEM file for an https bot and proxy (repeatable)',
  },
  cert: {
    type: 'string',
    group: network,
    commands: talksToBot,
    describe: 'Client certificate (PEM) to present to an https bot; needs --key',
  },
  key: {
    type: 'string',
    group: network,
    commands: talksToBot,
    describe: 'Private key (PEM, unencrypted) of the --cert client certificate',
  },
  // reports
  junit: { type: 'string', group: reports, commands: writesReports, describe: 'Write a JUnit XML report to this file' },
  json: {
    type: 'string',
    group: reports,
    describe:
      'Write the JSON results file: the whole run, to rebuild any report or compare later ' +
      '(docs/results-format.md)',
    commands: {
      ...writesReports,
      coverage: { group: other, describe: 'Write the coverage as JSON to this file (to stdout when no file is given)' },
      explore: { group: outputs, describe: 'Write the tree as JSON to this file (coverage --results reads it)' },
    },
  },
  html: {
    type: 'string',
    group: reports,
    describe: 'Write a self-contained HTML report: transcripts, diffs, filters',
    commands: {
      ...writesReports,
      explore: { group: outputs, describe: 'Write the tree as an HTML page to this file' },
      coverage: {
        group: other,
        describe: 'Write the coverage as a self-contained HTML page to this file (untested scenarios first)',
      },
    },
  },
  markdown: {
    type: 'string',
    group: reports,
    describe: 'Write a Markdown summary sized for a PR comment',
    commands: {
      ...writesReports,
      coverage: {
        group: other,
        describe: 'Write the coverage as Markdown to this file (to stdout when no file is given)',
      },
      explore: { group: outputs, describe: 'Write the tree as Markdown to this file' },
    },
  },
  'step-summary': {
    type: 'boolean',
    group: reports,
    default: true,
    describe:
      'Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set (GitHub Actions); ' +
      '--no-step-summary turns it off',
    // a separate job runs `report`: it writes the step summary only when asked; `merge` is where a sharded run is whole
    commands: {
      run: true,
      merge: true,
      report: { default: false, describe: 'Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set' },
    },
  },
  baseline: {
    type: 'string',
    group: reports,
    commands: writesReports,
    describe: "A previous run's JSON results: report how every reply changed since (drift)",
  },
  'fail-on-drift': {
    type: 'boolean',
    group: reports,
    default: false,
    commands: writesReports,
    describe: 'Exit 1 when any reply drifted from the --baseline',
  },
  // links from the Markdown summary (reporters/markdown-links.ts checks them: no credentials, no query)
  'markdown-link-base': {
    type: 'string',
    group: reports,
    commands: writesReports,
    describe:
      'Link each failure in the Markdown summary to its spec line: the URL spec paths are appended to ' +
      '(https://github.com/o/r/blob/<sha>/); detected on GitHub Actions',
  },
  'markdown-html-url': {
    type: 'string',
    group: reports,
    commands: writesReports,
    describe:
      'Where the --html report will be published: the Markdown summary and step summary link each failure to it',
  },
  scenarios: {
    type: 'string',
    array: true,
    group: reports,
    describe:
      'A scenario inventory (bot definition, Builder CSV/.xlsx export, or a list): adds scenario coverage ' +
      'to the HTML and Markdown reports',
    commands: {
      ...writesReports,
      coverage: {
        group: other,
        describe:
          'The scenario inventory: a bot definition, a CSV/.xlsx conversation list exported from the CLOVA ' +
          'Chatbot Builder, or a YAML/text list (repeatable; default: the bot definition found among the paths)',
      },
    },
  },
  update: {
    type: 'boolean',
    group: reports,
    default: false,
    commands: { run: true },
    describe:
      'Rewrite the failed expectations of failing steps in the spec files with what the bot answered ' +
      '(comments and layout kept)',
  },
  'record-description': {
    type: 'string',
    group: reports,
    choices: DESCRIPTION_CHOICES,
    default: 'auto',
    commands: { run: true },
    describe: descriptionHelp,
  },
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
  // in no group of their own ("Options:"): after the groups above, before the mock's faults
  // not `--env-file` alone: Node 20 reads that flag itself even after the script name (a missing file stops it, exit 9)
  dotenv: {
    type: 'string',
    alias: 'env-file',
    commands: readsEnv,
    describe:
      'Load environment variables from this dotenv file first ' +
      '(variables already set win; values of secret-looking names are masked)',
  },
  'mask-env': {
    type: 'string',
    array: true,
    commands: readsSpecs,
    describe:
      'Mask the value of this environment variable in every output when a spec uses it as ${env.NAME}, ' +
      'whatever its name (repeatable; also CLOVA_REGRESS_MASK_ENV=A,B)',
  },
  // record and explore
  out: {
    type: 'string',
    describe: 'Write spec.schema.json, bot.schema.json and config.schema.json into this folder instead of printing',
    commands: {
      schema: true,
      explore: {
        demand: true,
        describe:
          'Folder to write the specs to, one file per top-level branch (or one .yaml file for all); ' +
          'paths already in it are not written again',
        check: (v) => (typeof v === 'string' && v !== '' ? undefined : '--out needs a folder or a .yaml file'),
      },
    },
  },
  'missing-only': {
    type: 'boolean',
    default: false,
    commands: { record: true },
    describe: 'Only add the keys a step does not have yet; keep every value already written, even one that fails',
  },
  overwrite: {
    type: 'boolean',
    default: false,
    commands: { record: true },
    describe: 'Rewrite every recorded key, even one whose expectation holds (by default those are kept as written)',
    check: (v, a) =>
      v === true && a.missingOnly === true
        ? '--missing-only and --overwrite exclude each other: keep what is written, or rewrite it all'
        : undefined,
  },
  description: {
    type: 'string',
    choices: DESCRIPTION_CHOICES,
    default: 'auto',
    commands: { record: true, explore: true },
    describe: descriptionHelp,
  },
  from: {
    type: 'string',
    array: true,
    commands: { explore: true },
    describe: 'Also start from this utterance, sent after open; repeat for several',
  },
  depth: {
    type: 'number',
    default: 4,
    commands: { explore: true },
    describe: 'Clicks from a start at most',
    check: whole(0, Infinity, '--depth must be a whole number ≥ 0', false),
  },
  'max-dialogues': {
    type: 'number',
    default: 200,
    commands: { explore: true },
    describe: 'Paths pressed at most (each one dialogue in its own session)',
    check: whole(1, Infinity, '--max-dialogues must be a whole number ≥ 1', false),
  },
  'dry-run': {
    type: 'boolean',
    default: false,
    describe: 'Print the changes as a diff instead of writing them',
    commands: {
      record: true,
      explore: { group: outputs, describe: 'Crawl and print the tree, but write no spec files' },
    },
  },
  // merge
  'allow-partial': {
    type: 'boolean',
    default: false,
    commands: { merge: true },
    describe:
      'Merge even when shards are missing (or from an older clova-regress): their dialogues count as ' +
      'not run, and the exit code is never 0',
  },
  // coverage
  column: {
    type: 'string',
    commands: { coverage: true },
    describe:
      'CSV/.xlsx: the column holding scenario names ' +
      '(default: the first header containing "scenario", "대화 이름" or "conversation")',
  },
  sheet: { type: 'string', commands: { coverage: true }, describe: '.xlsx: the sheet to read (default: the first)' },
  results: {
    type: 'string',
    array: true,
    commands: { coverage: true },
    describe: 'A JSON results file of a run (run --json); observed coverage. Repeatable, e.g. one per shard',
  },
  'min-coverage': {
    type: 'number',
    commands: { coverage: true },
    describe: 'Exit 1 when coverage is below this percentage (covered with --results, else expected by specs)',
    check: within(
      (v) => v >= 0 && v <= 100,
      () => '--min-coverage must be a percentage from 0 to 100',
    ),
  },
  // validate, init
  format: {
    type: 'string',
    choices: ['text', 'json', 'github'] as const,
    default: 'text',
    commands: { validate: true },
    describe: 'text (with the lines and carets), json, or github (workflow annotations on the PR diff)',
  },
  dir: { type: 'string', default: 'specs', commands: { init: true }, describe: 'The folder to create them in' },
  // the mock bot
  port: {
    type: 'number',
    default: 0,
    commands: { mock: true },
    describe: 'Port to listen on (0: any free port)',
    check: whole(0, 65535, '--port must be a whole number from 0 to 65535', false),
  },
  host: { type: 'string', default: '127.0.0.1', commands: { mock: true }, describe: 'Address to listen on' },
  path: {
    type: 'string',
    default: '/',
    commands: { mock: true },
    describe: "The invoke path that answers; other paths get the API Gateway's 404",
    check: (v) => (String(v).startsWith('/') ? undefined : '--path must start with /'),
  },
  seed: {
    type: 'number',
    default: 0,
    commands: { mock: true },
    describe: 'Seed of the fault decisions: the same seed, the same faults for the same userIds',
    check: (v) => (Number.isInteger(v) ? undefined : '--seed must be a whole number'),
  },
  'timestamp-window-ms': {
    type: 'number',
    default: 10_000,
    commands: { mock: true },
    describe:
      'Refuse request timestamps further than this from the clock (code 4032); 0 turns the check off, ' +
      'e.g. to replay one signed body in a benchmark',
    check: (v) => ((v as number) >= 0 ? undefined : '--timestamp-window-ms must be 0 or more'),
  },
  verbose: { type: 'boolean', default: false, commands: { mock: true }, describe: 'Print one line per request' },
  // the mock's faults, last in `run --help`; their ranges are checked by the mock's faultsFromFlags
  'mock-seed': {
    type: 'number',
    group: faults,
    commands: { run: true },
    describe: "Seed of the built-in mock's fault decisions (same seed, same faults)",
  },
  'fault-latency-ms': fault('Delay every reply by this many ms'),
  'fault-jitter-ms': fault('Add a seeded random 0..N ms to each delay'),
  'fault-error-rate': fault('Share of requests (0-1) answered with --fault-status'),
  'fault-status': fault(
    'Status for --fault-error-rate and --fault-fail-first: 500 sends a chatbot error body; ' +
      '429, 503, 504 send API Gateway bodies [default: 500]',
  ),
  'fault-retry-after': fault('Send Retry-After (seconds) with those errors'),
  'fault-fail-first': fault('Fail the first N requests of each userId with --fault-status, then recover'),
  'fault-malformed-rate': fault('Share of requests (0-1) answered with JSON cut in half'),
  'fault-html-rate': fault('Share of requests (0-1) answered with a 502 HTML page'),
  'fault-reset-rate': fault('Share of requests (0-1) whose connection is reset'),
  'fault-hang-rate': fault('Share of requests (0-1) never answered'),
} as const satisfies Record<string, OptionEntry>;

/** What command C's handler receives: its positionals and options, by camelCase name. */
export type ArgsOf<C extends CommandName> = PositionalArgs<(typeof POSITIONALS)[C]> & OptionArgs<typeof OPTIONS, C>;

/** The options a command takes, in table order (the order their checks run in): for flags and config keys alike. */
export function optionSpecs(command: CommandName): OptionSpec[] {
  return specsOf(OPTIONS, command);
}

/** The first usage problem among parsed values (camelCase keys; undefined ones are not checked), or undefined. */
export function checkOptions(command: CommandName, args: Readonly<Record<string, unknown>>): string | undefined {
  for (const spec of optionSpecs(command)) {
    const value = args[spec.key];
    if (value === undefined || spec.check === undefined) continue;
    const problem = spec.check(value, args);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
