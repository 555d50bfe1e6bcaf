/**
 * The shape of an options-table entry, the parsed-arguments types derived from a table, and the
 * entries a command takes (specsOf): a command's args type is computed from the entries that name
 * it, so it cannot miss or mistype a key (after Vitest's cli-config).
 */

export const COMMAND_NAMES = [
  'run',
  'mock',
  'report',
  'record',
  'explore',
  'merge',
  'validate',
  'init',
  'coverage',
  'schema',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Parsed values of the other options, by camelCase name (what a check may look at). */
export type ArgsRecord = Readonly<Record<string, unknown>>;

/** A usage message for a bad value (said as today: "--retries must be …"), or undefined when it is fine. */
export type Check = (value: unknown, args: ArgsRecord) => string | undefined;

/** What a command may change of an entry: its help line, default, group or check. */
export interface Variant {
  describe?: string;
  default?: string | number | boolean;
  group?: string;
  /** Required for this command (yargs reports it missing). */
  demand?: true;
  check?: Check;
}

export interface OptionEntry {
  type: 'string' | 'number' | 'boolean';
  /** Every value given is collected into a list (`--tag a --tag b`, `--scenarios a b`). */
  array?: true;
  /** Given twice, yargs hands a list; the command takes the last (or all) values. */
  repeatable?: true;
  choices?: readonly string[];
  default?: string | number | boolean;
  describe: string;
  /** The --help heading it is listed under; none: "Options:". */
  group?: string;
  alias?: string;
  /** Only for a value given (or defaulted): never called with undefined. */
  check?: Check;
  /** The commands that take it: `true`, or what differs for that command. */
  commands: Partial<Record<CommandName, true | Variant>>;
}

export interface PositionalEntry {
  type: 'string';
  array?: true;
  choices?: readonly string[];
  default?: string | readonly string[];
  describe: string;
  demandOption?: true;
}

/** kebab-case → camelCase, as yargs names the parsed value: `request-retries` → `requestRetries`. */
export type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;

type Scalar<E> = E extends { choices: readonly (infer C)[] }
  ? C
  : E extends { type: 'number' }
    ? number
    : E extends { type: 'boolean' }
      ? boolean
      : string;
type ValueOf<E> = E extends { array: true }
  ? Scalar<E>[]
  : E extends { repeatable: true }
    ? Scalar<E> | Scalar<E>[]
    : Scalar<E>;
type HasDefault<E, C extends string> = E extends { default: unknown }
  ? true
  : E extends { commands: Record<C, { default: unknown } | { demand: true }> }
    ? true
    : false;
/** Whether command C takes option K, and must have a value (a default, or demanded). */
type Takes<
  T extends Record<string, OptionEntry>,
  K extends keyof T,
  C extends string,
> = C extends keyof T[K]['commands'] ? true : false;
type Presence<T extends Record<string, OptionEntry>, K extends keyof T & string, C extends string> =
  Takes<T, K, C> extends true ? (HasDefault<T[K], C> extends true ? 'required' : 'optional') : 'absent';

/** The options of command C in a table T, by camelCase name: required when they have a default. */
export type OptionArgs<T extends Record<string, OptionEntry>, C extends CommandName> = {
  -readonly [K in keyof T & string as Presence<T, K, C> extends 'required' ? Camel<K> : never]: ValueOf<T[K]>;
} & {
  -readonly [K in keyof T & string as Presence<T, K, C> extends 'optional' ? Camel<K> : never]?:
    ValueOf<T[K]> | undefined;
};

type PositionalValue<P> = P extends { choices: readonly (infer C)[] }
  ? C
  : P extends { array: true }
    ? string[]
    : string;

/** The positionals of a command, by name: always present (a default or demanded). */
export type PositionalArgs<P> = { -readonly [K in keyof P & string]: PositionalValue<P[K]> };

/** One option as a command takes it: what a config loader needs to accept `key: value` and check it. */
export interface OptionSpec {
  /** The flag's name, kebab-case: `request-retries`. */
  name: string;
  /** The parsed value's key (and a config file's): `requestRetries`. */
  key: string;
  type: OptionEntry['type'];
  array: boolean;
  repeatable: boolean;
  choices?: readonly string[];
  default?: string | number | boolean;
  describe: string;
  group?: string;
  alias?: string;
  demand: boolean;
  check?: Check;
}

export function camelName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The entries of a table that command takes, each with that command's variant applied. */
export function specsOf(table: Readonly<Record<string, OptionEntry>>, command: CommandName): OptionSpec[] {
  const specs: OptionSpec[] = [];
  for (const [name, entry] of Object.entries(table)) {
    const taken = entry.commands[command];
    if (taken === undefined) continue;
    const variant = taken === true ? {} : taken;
    const { commands: _, array, repeatable, ...common } = entry;
    const flags = { array: array === true, repeatable: repeatable === true, demand: variant.demand === true };
    specs.push({ name, key: camelName(name), ...common, ...variant, ...flags });
  }
  return specs;
}
