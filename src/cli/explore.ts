/**
 * `clova-regress explore --out <dir>`: crawl the bot breadth-first from the welcome, pressing every
 * button, and write what it found as a spec suite and a tree (docs/explore.md).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { descriptionOption, DESCRIPTION_CHOICES } from './report-flags.js';
import { checkTargetArgs, targetFlagOptions, type TargetArgs } from './target-flags.js';

export interface ExploreArgs extends TargetArgs {
  out: string;
  from?: string[];
  depth: number;
  maxDialogues: number;
  rps?: number;
  description: (typeof DESCRIPTION_CHOICES)[number];
  markdown?: string;
  html?: string;
  json?: string;
  dryRun: boolean;
}

const outputGroup = 'Outputs:';

export const exploreCommand: CommandModule<object, ExploreArgs> = {
  command: 'explore',
  describe: 'Crawl the bot from its welcome, pressing every button, and write the paths found as specs (the built-in mock bot when no URL is given)',
  builder: (y: Argv) =>
    y
      .option('out', { describe: 'Folder to write the specs to, one file per top-level branch (or one .yaml file for all); paths already in it are not written again', type: 'string', demandOption: true })
      .options(targetFlagOptions)
      .option('from', { describe: 'Also start from this utterance, sent after open; repeat for several', type: 'string', array: true })
      .option('depth', { describe: 'Clicks from a start at most', type: 'number', default: 4 })
      .option('max-dialogues', { describe: 'Paths pressed at most (each one dialogue in its own session)', type: 'number', default: 200 })
      .option('rps', { describe: 'At most R requests per second over all paths (retries included)', type: 'number' })
      .option('description', descriptionOption)
      .option('markdown', { group: outputGroup, describe: 'Write the tree as Markdown to this file', type: 'string' })
      .option('html', { group: outputGroup, describe: 'Write the tree as an HTML page to this file', type: 'string' })
      .option('json', { group: outputGroup, describe: 'Write the tree as JSON to this file (coverage --results reads it)', type: 'string' })
      .option('dry-run', { group: outputGroup, describe: 'Crawl and print the tree, but write no spec files', type: 'boolean', default: false })
      .check((argv) => {
        checkTargetArgs(argv);
        const whole = (v: unknown, least: number) => Number.isInteger(v) && (v as number) >= least;
        if (!whole(argv.depth, 0)) throw new Error('--depth must be a whole number ≥ 0');
        if (!whole(argv['max-dialogues'], 1)) throw new Error('--max-dialogues must be a whole number ≥ 1');
        const rps = argv.rps as number | undefined;
        if (rps !== undefined && !(rps > 0 && Number.isFinite(rps))) throw new Error('--rps must be a number of requests per second > 0');
        if (typeof argv.out !== 'string' || argv.out === '') throw new Error('--out needs a folder or a .yaml file');
        return true;
      }) as unknown as Argv<ExploreArgs>,
  handler: async (argv: ArgumentsCamelCase<ExploreArgs>) => {
    const { exploreFromCli } = await import('./explore-handler.js');
    process.exitCode = await exploreFromCli(argv);
  },
};
