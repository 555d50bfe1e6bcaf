/** A command's positionals and options, from the table, declared to yargs with their checks. */
import type { Argv, Options, PositionalOptions } from 'yargs';
import type { CommandName } from './option-types.js';
import { checkOptions, optionSpecs, POSITIONALS } from './options.js';

/** A check across options of one command: a usage message, or undefined. */
export type CommandCheck = (args: Readonly<Record<string, unknown>>) => string | undefined;

export function declareOptions(y: Argv, command: CommandName, extraCheck?: CommandCheck): Argv {
  const positionals: Readonly<Record<string, PositionalOptions>> = POSITIONALS[command];
  for (const [name, positional] of Object.entries(positionals)) y = y.positional(name, { ...positional });
  const options: Record<string, Options> = {};
  for (const spec of optionSpecs(command)) {
    options[spec.name] = {
      type: spec.type,
      describe: spec.describe,
      ...(spec.array ? { array: true } : {}),
      ...(spec.choices ? { choices: spec.choices } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      // every option in a group, "Options:" too: yargs lists the groups in the order they are first named
      group: spec.group ?? 'Options:',
      ...(spec.alias ? { alias: spec.alias } : {}),
      ...(spec.demand ? { demandOption: true } : {}),
    };
  }
  // a string returned (not an Error thrown) is what yargs reports as a usage mistake
  return y.options(options).check((argv) => checkOptions(command, argv) ?? extraCheck?.(argv) ?? true);
}
