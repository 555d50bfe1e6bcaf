/** The positionals of each command: not flags, they are named in the command line's shape (commands.ts). */
import type { CommandName, PositionalEntry } from './option-types.js';

const specPaths = {
  type: 'string',
  array: true,
  default: ['specs'],
  describe: 'Spec files or folders (searched for *.yaml, *.yml)',
} as const;
const resultsFiles = 'Results files written by `run --json`, one per shard';

export const POSITIONALS = {
  run: { paths: specPaths },
  mock: { bot: { type: 'string', demandOption: true, describe: 'The bot definition file (e.g. specs/bot.yaml)' } },
  report: { results: { type: 'string', demandOption: true, describe: 'A results file written by `run --json`' } },
  record: {
    paths: { type: 'string', array: true, demandOption: true, describe: 'Spec files or folders to record into' },
  },
  explore: {},
  merge: { results: { type: 'string', array: true, demandOption: true, describe: resultsFiles } },
  validate: { paths: { ...specPaths, describe: 'Spec and bot files or folders (searched for *.yaml, *.yml)' } },
  init: {},
  coverage: { paths: specPaths },
  schema: {
    kind: {
      type: 'string',
      choices: ['spec', 'bot', 'config'] as const,
      default: 'spec',
      describe: 'Which file format',
    },
  },
} as const satisfies Record<CommandName, Record<string, PositionalEntry>>;
