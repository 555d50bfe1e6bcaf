/**
 * `clova-regress record <specs..>`: run the dialogues and write what the bot answered into each
 * step's `expect` — scenarioName, chatType, description and buttons — keeping the files' comments
 * and layout. Authors bootstrap a suite from a live bot in one command, then edit (docs/record.md).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { descriptionOption, DESCRIPTION_CHOICES } from './report-flags.js';
import { checkTargetArgs, targetFlagOptions, type TargetArgs } from './target-flags.js';
import { maskEnvOption } from './mask-env-flag.js';

export interface RecordArgs extends TargetArgs {
  paths: string[];
  missingOnly: boolean;
  overwrite: boolean;
  description: (typeof DESCRIPTION_CHOICES)[number];
  dryRun: boolean;
}

export const recordCommand: CommandModule<object, RecordArgs> = {
  command: 'record <paths..>',
  describe: 'Run dialogues and write the replies into each step\'s expect (scenarioName, chatType, description, buttons)',
  builder: (y: Argv) =>
    y
      .positional('paths', { describe: 'Spec files or folders to record into', type: 'string', array: true, demandOption: true })
      .options(targetFlagOptions)
      .option('mask-env', maskEnvOption)
      .option('missing-only', { describe: 'Only add the keys a step does not have yet; keep every value already written, even one that fails', type: 'boolean', default: false })
      .option('overwrite', { describe: 'Rewrite every recorded key, even one whose expectation holds (by default those are kept as written)', type: 'boolean', default: false })
      .option('description', descriptionOption)
      .option('dry-run', { describe: 'Print the changes as a diff instead of writing them', type: 'boolean', default: false })
      .check((argv) => {
        checkTargetArgs(argv);
        if (argv['missing-only'] && argv.overwrite) throw new Error('--missing-only and --overwrite exclude each other: keep what is written, or rewrite it all');
        return true;
      }) as unknown as Argv<RecordArgs>,
  handler: async (argv: ArgumentsCamelCase<RecordArgs>) => {
    const { recordFromCli } = await import('./record-handler.js');
    process.exitCode = await recordFromCli(argv);
  },
};
