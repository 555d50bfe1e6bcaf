/**
 * `clova-regress record <specs..>`: run the dialogues and write what the bot answered into each
 * step's `expect` — scenarioName, chatType, description and buttons — keeping the files' comments
 * and layout. Authors bootstrap a suite from a live bot in one command, then edit (docs/record.md).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { descriptionOption, DESCRIPTION_CHOICES } from './report-flags.js';

export interface RecordArgs {
  paths: string[];
  url?: string;
  mock?: string;
  concurrency: number;
  timeout: number;
  requestRetries: number;
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
      .option('url', { describe: 'The bot\'s API Gateway invoke URL (env CLOVA_INVOKE_URL); the secret key comes from env CLOVA_SECRET_KEY', type: 'string' })
      .option('mock', { describe: 'Bot definition for the built-in mock bot, used when no URL is given (default specs/bot.yaml)', type: 'string' })
      .option('concurrency', { alias: 'j', describe: 'Dialogues in flight at once', type: 'number', default: 8 })
      .option('timeout', { describe: 'Per-request timeout in ms', type: 'number', default: 10_000 })
      .option('request-retries', { describe: 'Retries of one request on HTTP 429/503/504 and network errors', type: 'number', default: 2 })
      .option('missing-only', { describe: 'Only add the keys a step does not have yet; keep every value already written, even one that fails', type: 'boolean', default: false })
      .option('overwrite', { describe: 'Rewrite every recorded key, even one whose expectation holds (by default those are kept as written)', type: 'boolean', default: false })
      .option('description', descriptionOption)
      .option('dry-run', { describe: 'Print the changes as a diff instead of writing them', type: 'boolean', default: false })
      .check((argv) => {
        if (!Number.isInteger(argv.concurrency) || argv.concurrency < 1) throw new Error('--concurrency must be a whole number ≥ 1');
        if (!Number.isInteger(argv.timeout) || argv.timeout < 1) throw new Error('--timeout must be a whole number of milliseconds ≥ 1');
        if (argv['missing-only'] && argv.overwrite) throw new Error('--missing-only and --overwrite exclude each other: keep what is written, or rewrite it all');
        return true;
      }) as unknown as Argv<RecordArgs>,
  handler: async (argv: ArgumentsCamelCase<RecordArgs>) => {
    const { recordFromCli } = await import('./record-handler.js');
    process.exitCode = await recordFromCli(argv);
  },
};
