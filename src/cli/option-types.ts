/**
 * The shape of an options-table entry, and the parsed-arguments types derived from the table:
 * a command's args type is computed from the entries that name it, so it cannot miss or mistype a
 * key (after Vitest's cli-config). Types only: nothing here runs.
 */

export const COMMAND_NAMES = ['run', 'mock', 'report', 'record', 'explore', 'merge', 'validate', 'init', 'coverage', 'schema'] as const;
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

type Scalar<E> = E extends { choices: readonly (infer C)[] } ? C : E extends { type: 'number' } ? number : E extends { type: 'boolean' } ? boolean : string;
type ValueOf<E> = E extends { array: true } ? Scalar<E>[] : E extends { repeatable: true } ? Scalar<E> | Scalar<E>[] : Scalar<E>;
type HasDefault<E, C extends string> = E extends { default: unknown } ? true : E extends { commands: Record<C, { default: unknown } | { demand: true }> } ? true : false;

/** The options of command C in a table T, by camelCase name: required when they have a default. */
export type OptionArgs<T extends Record<string, OptionEntry>, C extends CommandName> = {
  -readonly [K in keyof T & string as C extends keyof T[K]['commands'] ? (HasDefault<T[K], C> extends true ? Camel<K> : never) : never]: ValueOf<T[K]>;
} & {
  -readonly [K in keyof T & string as C extends keyof T[K]['commands'] ? (HasDefault<T[K], C> extends true ? never : Camel<K>) : never]?: ValueOf<T[K]> | undefined;
};

type PositionalValue<P> = P extends { choices: readonly (infer C)[] } ? C : P extends { array: true } ? string[] : string;

/** The positionals of a command, by name: always present (a default or demanded). */
export type PositionalArgs<P> = { -readonly [K in keyof P & string]: PositionalValue<P[K]> };
