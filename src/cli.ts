#!/usr/bin/env node
/**
 * The command line: yargs commands only. Each command parses its flags, calls the library and sets
 * the exit code; nothing here decides a verdict.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { TOOL_VERSION } from './version.js';
import { runCommand } from './commands/run.js';
import { mockCommand } from './commands/mock.js';
import { reportUsageError } from './commands/errors.js';

await yargs(hideBin(process.argv))
  .scriptName('clova-regress')
  .usage('$0 <command> [options]\n\nConversation regression tests for CLOVA Chatbot.')
  .command(runCommand)
  .command(mockCommand)
  .demandCommand(1, 'Name a command: run, mock, …')
  .recommendCommands()
  .strict()
  .version(TOOL_VERSION)
  .alias('v', 'version')
  .help()
  .alias('h', 'help')
  .wrap(Math.min(100, process.stdout.columns || 100))
  .fail(reportUsageError)
  .parseAsync();
