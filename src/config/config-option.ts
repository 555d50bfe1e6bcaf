/**
 * What the config loader needs to know of one command-line option to accept it as a config key:
 * its flag name, its camelCase key, its type and its check. Written against this small shape so
 * the CLI's options table plugs in through one adapter (src/cli/config-options.ts).
 */

export type ConfigOptionType = 'string' | 'number' | 'boolean' | 'array';

export interface ConfigOption {
  /** The flag's kebab-case name, without dashes: `max-failures`. */
  name: string;
  /** The camelCase key docs show: `maxFailures`. */
  camel: string;
  type: ConfigOptionType;
  /** One line for editors (the flag's --help text). */
  describe: string;
  /** Given on the command line as positional arguments, not as a flag (`paths`). */
  positional?: boolean;
  /** A path read relative to the config file's folder (reports, the mock bot, spec paths). */
  path?: boolean;
  /** The value's problem, as a phrase after the key ("must be a whole number ≥ 1"), or undefined. */
  check?(value: unknown): string | undefined;
}

/** `max-failures` → `maxFailures`. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
