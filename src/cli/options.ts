/**
 * Every option of every command, declared once: type, default, help line and group, alias, and
 * the check whose message the user sees. Commands take theirs by name (`commands:`), their args
 * types are derived from this table (option-types.ts), and a config file reads the same entries
 * (optionSpecs) so a key and its flag cannot drift apart. Light on purpose: the CLI loads it at
 * start-up; the checks use only the bounds.
 */
import { specsOf, type CommandName, type OptionEntry, type OptionSpec } from './option-types.js';
import type { OptionArgs, PositionalArgs } from './option-types.js';
import { DESCRIPTION_CHOICES } from './option-parts.js';
import { BOT_OPTIONS } from './options-bot.js';
import { COMMAND_OPTIONS } from './options-commands.js';
import { FAULT_OPTIONS } from './options-faults.js';
import { REPORT_OPTIONS } from './options-reports.js';
import { RUN_HABIT_OPTIONS } from './options-run-habits.js';
import { POSITIONALS } from './positionals.js';

export { DESCRIPTION_CHOICES, POSITIONALS, type OptionSpec };

/**
 * The whole table. Its key order is the `--help` order (and so the group order: a group's first
 * option places its heading) and the order the checks run in: keep the parts in this order.
 */
export const OPTIONS = {
  ...BOT_OPTIONS,
  ...REPORT_OPTIONS,
  ...RUN_HABIT_OPTIONS,
  // in no group of their own ("Options:"): after the groups above, before the mock's faults
  ...COMMAND_OPTIONS,
  // last in `run --help`
  ...FAULT_OPTIONS,
} as const satisfies Record<string, OptionEntry>;

/** What command C's handler receives: its positionals and options, by camelCase name. */
export type ArgsOf<C extends CommandName> = PositionalArgs<(typeof POSITIONALS)[C]> & OptionArgs<typeof OPTIONS, C>;

/** The options a command takes, in table order (the order their checks run in): for flags and config keys alike. */
export function optionSpecs(command: CommandName): OptionSpec[] {
  return specsOf(OPTIONS, command);
}

/** The first usage problem among parsed values (camelCase keys; undefined ones are not checked), or undefined. */
export function checkOptions(command: CommandName, args: Readonly<Record<string, unknown>>): string | undefined {
  for (const spec of optionSpecs(command)) {
    const value = args[spec.key];
    if (value === undefined || spec.check === undefined) continue;
    const problem = spec.check(value, args);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
