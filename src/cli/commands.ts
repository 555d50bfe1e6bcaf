/**
 * The commands: the shape of each command line, its one-line help and its options (from the
 * table), with the handler file imported only when that command runs — so `run` loads nothing of
 * `explore`, and start-up stays the yargs parse.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { CommandName } from './option-types.js';
import type { ArgsOf } from './options.js';
import { declareOptions, type CommandCheck } from './declare-options.js';
import type { CommandMain, Handling } from './handle.js';

/** What a command file exports: its work, and how its errors and console are handled. */
export interface CommandFile<C extends CommandName> {
  main: CommandMain<ArgsOf<C>>;
  handling?: (args: ArgsOf<C>) => Handling;
}

interface Command<C extends CommandName> {
  name: C;
  command: string;
  describe: string;
  check?: CommandCheck;
  load: () => Promise<CommandFile<C>>;
}

const toStdout = (v: unknown) => v === '' || v === '-';

const COMMANDS: { [C in CommandName]: Command<C> }[CommandName][] = [
  {
    name: 'run',
    command: 'run [paths..]',
    load: () => import('./run.js'),
    describe: 'Run dialogue specs against a bot (the built-in mock bot when no URL is given)',
  },
  {
    name: 'mock',
    command: 'mock <bot>',
    load: () => import('./mock.js'),
    describe: 'Serve a bot definition as a local CLOVA Chatbot (the built-in mock bot)',
  },
  {
    name: 'report',
    command: 'report <results>',
    load: () => import('./report.js'),
    describe: 'Write reports (HTML, JUnit, Markdown, JSON) from a saved JSON results file, without re-running',
    check: (a) =>
      a.html || a.junit || a.markdown || a.json || a.stepSummary
        ? undefined
        : 'nothing to write: give --html, --junit, --markdown, --json or --step-summary',
  },
  {
    name: 'record',
    command: 'record <paths..>',
    load: () => import('./record.js'),
    describe:
      "Run dialogues and write the replies into each step's expect " + '(scenarioName, chatType, description, buttons)',
  },
  {
    name: 'explore',
    command: 'explore',
    load: () => import('./explore.js'),
    describe:
      'Crawl the bot from its welcome, pressing every button, and write the paths found as specs ' +
      '(the built-in mock bot when no URL is given)',
  },
  {
    name: 'merge',
    command: 'merge <results..>',
    load: () => import('./merge.js'),
    describe: 'Merge results files (e.g. the shards of a run) into one run and write its reports',
  },
  {
    name: 'validate',
    command: 'validate [paths..]',
    load: () => import('./validate.js'),
    describe: 'Check spec files and bot definitions without sending anything',
  },
  {
    name: 'init',
    command: 'init',
    load: () => import('./init.js'),
    describe: 'Create specs/ with an example bot and spec that run out of the box',
  },
  {
    name: 'coverage',
    command: 'coverage [paths..]',
    load: () => import('./coverage.js'),
    describe: 'Scenario coverage of the specs (and of a run, with --results)',
    check: (a) => {
      const wanting = (['json', 'markdown', 'html'] as const).filter((k) => toStdout(a[k]));
      return wanting.length > 1
        ? `${wanting.map((k) => `--${k}`).join(' and ')} both want stdout: give one of them a file`
        : undefined;
    },
  },
  {
    name: 'schema',
    command: 'schema [kind]',
    load: () => import('./schema.js'),
    describe: 'Print the JSON Schema of spec files (or of bot definitions, or of the config file) for editors',
  },
];

/** The yargs command modules, in the order `--help` lists them. */
export function commandModules(): CommandModule[] {
  return COMMANDS.map((c) => toModule(c as Command<CommandName>));
}

function toModule<C extends CommandName>(c: Command<C>): CommandModule {
  return {
    command: c.command,
    describe: c.describe,
    builder: (y: Argv) => declareOptions(y, c.name, c.check),
    handler: async (argv: ArgumentsCamelCase) => {
      const [file, { handle }] = await Promise.all([c.load(), import('./handle.js')]);
      // yargs parsed these from the same table the type is derived from: the one place they meet
      let args = argv as unknown as ArgsOf<C>;
      if (c.name === 'run' || c.name === 'record' || c.name === 'explore') {
        // the config file's values under the typed flags, once, before the console is chosen
        const { configureCommand } = await import('./config-wiring.js');
        const configured = await configureCommand(c.name, args as unknown as ArgsOf<'run' | 'record' | 'explore'>);
        if (typeof configured === 'number') return void (process.exitCode = configured);
        args = configured as unknown as ArgsOf<C>;
      }
      process.exitCode = await handle(file.main, args, file.handling?.(args));
    },
  };
}
