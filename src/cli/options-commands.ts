/** Options table entries (see options.ts): those in no group of their own, and the other commands' options. */
import { descriptionHelp, DESCRIPTION_CHOICES, outputs, readsEnv, readsSpecs, whole, within } from './option-parts.js';
import type { OptionEntry } from './option-types.js';

export const COMMAND_OPTIONS = {
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
} as const satisfies Record<string, OptionEntry>;
