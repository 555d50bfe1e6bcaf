/**
 * `clova-regress report <results.json>`: rebuild reports from a saved run, without the bot. The
 * saved events are replayed through the same reporters a run uses, so the files are the ones the
 * run would have written (and `--baseline` can compare two saved runs).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { reportFlagOptions, type ReportFlags } from './report-flags.js';

export interface ReportArgs extends ReportFlags {
  results: string;
  junit?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results>',
  describe: 'Write reports (HTML, JUnit, Markdown, JSON) from a saved JSON results file, without re-running',
  builder: (y: Argv) =>
    y
      .positional('results', { describe: 'A results file written by `run --json`', type: 'string', demandOption: true })
      .option('junit', { type: 'string', group: 'Reports:', describe: 'Write a JUnit XML report' })
      .options(reportFlagOptions)
      // a separate job runs `report`: it writes the step summary only when asked
      .option('step-summary', { ...reportFlagOptions['step-summary'], default: false, describe: 'Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set' })
      .check((argv) => {
        if (!argv.html && !argv.junit && !argv.markdown && !argv.json && !argv['step-summary']) throw new Error('nothing to write: give --html, --junit, --markdown, --json or --step-summary');
        return true;
      }) as unknown as Argv<ReportArgs>,
  handler: async (argv: ArgumentsCamelCase<ReportArgs>) => {
    const { reportFromCli } = await import('./report-handler.js');
    process.exitCode = await reportFromCli(argv);
  },
};
