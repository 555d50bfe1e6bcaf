/**
 * `clova-regress coverage [paths..] --scenarios <inventory>`: which scenarios the specs expect
 * (static) and, with `--results`, which the bot answered with (observed); a table per scenario
 * and per chat type. `--min-coverage` turns it into a CI gate (exit 1 below the bar).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { maskEnvOption } from './mask-env-flag.js';

export interface CoverageArgs {
  paths: string[];
  scenarios?: string[];
  column?: string;
  sheet?: string;
  results?: string[];
  json?: string;
  markdown?: string;
  // coverage page option (issue 14)
  html?: string;
  minCoverage?: number;
  color?: boolean;
}

export const coverageCommand: CommandModule<object, CoverageArgs> = {
  command: 'coverage [paths..]',
  describe: 'Scenario coverage of the specs (and of a run, with --results)',
  builder: (y: Argv) =>
    y
      .positional('paths', { describe: 'Spec files or folders (searched for *.yaml, *.yml)', type: 'string', array: true, default: ['specs'] })
      .option('mask-env', maskEnvOption)
      .option('scenarios', { describe: 'The scenario inventory: a bot definition, a CSV/.xlsx conversation list exported from the CLOVA Chatbot Builder, or a YAML/text list (repeatable; default: the bot definition found among the paths)', type: 'string', array: true })
      .option('column', { describe: 'CSV/.xlsx: the column holding scenario names (default: the first header containing "scenario", "대화 이름" or "conversation")', type: 'string' })
      .option('sheet', { describe: '.xlsx: the sheet to read (default: the first)', type: 'string' })
      .option('results', { describe: 'A JSON results file of a run (run --json); observed coverage. Repeatable, e.g. one per shard', type: 'string', array: true })
      .option('json', { describe: 'Write the coverage as JSON to this file (to stdout when no file is given)', type: 'string' })
      .option('markdown', { describe: 'Write the coverage as Markdown to this file (to stdout when no file is given)', type: 'string' })
      // coverage page option (issue 14)
      .option('html', { describe: 'Write the coverage as a self-contained HTML page to this file (untested scenarios first)', type: 'string' })
      .option('min-coverage', { describe: 'Exit 1 when coverage is below this percentage (covered with --results, else expected by specs)', type: 'number' })
      .option('color', { describe: 'Colour the console output (default: when it is a terminal and NO_COLOR is unset)', type: 'boolean' })
      // a string returned (not an Error thrown) is what yargs reports as a usage mistake
      .check((argv) => {
        const min = argv['min-coverage'] as number | undefined;
        if (min !== undefined && !(min >= 0 && min <= 100)) return '--min-coverage must be a percentage from 0 to 100';
        const toStdout = (v: unknown) => v === '' || v === '-';
        const wanting = (['json', 'markdown', 'html'] as const).filter((k) => toStdout(argv[k]));
        if (wanting.length > 1) return `${wanting.map((k) => `--${k}`).join(' and ')} both want stdout: give one of them a file`;
        return true;
      }) as unknown as Argv<CoverageArgs>,
  handler: async (argv: ArgumentsCamelCase<CoverageArgs>) => {
    const { coverageFromCli } = await import('./coverage-handler.js');
    process.exitCode = await coverageFromCli(argv);
  },
};
