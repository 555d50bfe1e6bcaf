/**
 * The config file in a command's flags: found (or `--config`), loaded and validated, its target
 * chosen, and its values laid under the flags — a flag typed on the command line always wins,
 * then the chosen target's options, then the file's top level, then the flags' defaults.
 */
import { relative, resolve } from 'node:path';
import { findConfigFile } from '../config/find-config.js';
import { loadConfig } from '../config/load-config.js';
import { ConfigUsageError, resolveConfig, type TargetChoice } from '../config/resolve-config.js';
import { camelCase } from '../config/config-option.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';
import { EXIT } from '../results/exit-code.js';
import { redactedWriter } from '../io/output.js';
import type { BotChoice } from './target.js';
import { configKeysOf, runConfigOptions } from './config-options.js';
import { givenFlags, type FlagShape } from './given-flags.js';
import { applyMaskEnv } from './env-setup.js';
import { checkOptions, optionSpecs, type ArgsOf } from './options.js';

/** A command's options as the command line is read: by flag name, with type and alias. */
export function flagShapesOf(command: ConfiguredCommand): Record<string, FlagShape> {
  const flags: Record<string, FlagShape> = {};
  for (const spec of optionSpecs(command)) {
    flags[spec.name] = { type: spec.type, array: spec.array, ...(spec.alias ? { alias: spec.alias } : {}) };
  }
  return flags;
}

/** What the config file needs of a command's parsed arguments. */
interface TargetArgs {
  config?: string | undefined;
  target?: string | undefined;
}

type ConfiguredCommand = 'run' | 'record' | 'explore';

/**
 * A command's parsed arguments with the config file's values laid under the typed flags, and
 * the file's choice of bot in `configBot` (for chooseTarget); or the exit code after saying why not.
 */
export async function configureCommand<C extends ConfiguredCommand>(
  command: C,
  args: ArgsOf<C>,
): Promise<ArgsOf<C> | number> {
  const flags = flagShapesOf(command);
  const applies = configKeysOf(command);
  const configured = await applyConfigFile(args as ArgsOf<C> & TargetArgs, {
    rawArgs: process.argv.slice(2),
    flags,
    ...(applies ? { applies } : {}),
    positionalPaths: command === 'run',
    env: process.env,
    cwd: process.cwd(),
    ...(command === 'explore' ? { consequence: 'nothing explored' } : {}),
  });
  const stderr = redactedWriter(process.stderr);
  if (!configured.ok) {
    stderr(configured.message);
    return configured.code;
  }
  // the table's checks again, now that values came from the file too (`bail` with `maxFailures`)
  const merged = configured.argv as Record<string, unknown>;
  const problem = configured.file !== undefined ? checkOptions(command, merged) : undefined;
  if (problem !== undefined) {
    stderr(`clova-regress: ${problem} (with ${configured.file})\n`);
    return EXIT.usage;
  }
  return { ...configured.argv, configBot: configured.bot };
}

export interface ConfigContext {
  /** The command line as typed, after the program name. */
  rawArgs: readonly string[];
  /** The command's options by flag name (to read the command line as yargs does). */
  flags: Record<string, FlagShape>;
  /** The config keys this command takes (flag names); `run` takes them all. */
  applies?: readonly string[];
  /** Whether the command has positional spec paths a config `paths` stands in for. */
  positionalPaths?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** What a broken config stopped: "nothing was run". */
  consequence?: string;
}

export type Configured<A> =
  { ok: true; argv: A; bot: BotChoice; file?: string } | { ok: false; code: number; message: string };

export async function applyConfigFile<A extends TargetArgs>(argv: A, context: ConfigContext): Promise<Configured<A>> {
  const { env, cwd } = context;
  const absolute = argv.config !== undefined ? resolve(cwd, argv.config) : findConfigFile(cwd);
  if (absolute === undefined) {
    if (argv.target === undefined) return { ok: true, argv, bot: {} };
    const message =
      `clova-regress: --target ${argv.target} needs a config file with \`targets\`, and none was found` +
      ' (clova-regress.config.yaml here or in a folder above; or --config <file>)\n';
    return { ok: false, code: EXIT.usage, message };
  }
  const shown = relative(cwd, absolute) || absolute;
  const options = runConfigOptions();
  try {
    const config = await loadConfig(absolute, shown, options);
    // names to mask come first: they decide which `${env.X}` values below are secrets
    const optionSets = [config.options, ...[...config.targets.values()].map((t) => t.options)];
    applyMaskEnv(
      optionSets.flatMap((o) => [o.get('mask-env')?.value ?? []].flat()),
      {},
    );
    const given = givenFlags(context.rawArgs, context.flags);
    const botOnCommandLine = given.flags.has('url') || given.flags.has('mock');
    // CLOVA_INVOKE_URL names the bot as a flag would, unless a target is asked for by name
    const choice: TargetChoice = { useDefault: !botOnCommandLine && !env.CLOVA_INVOKE_URL };
    if (argv.target !== undefined) choice.name = argv.target;
    const resolved = resolveConfig(config, choice, env, cwd);
    // the file's bot stands aside for one the command line (or, without a target, CLOVA_INVOKE_URL) names
    const botElsewhere = botOnCommandLine || (resolved.bot === undefined && env.CLOVA_INVOKE_URL !== undefined);
    const applies = context.applies ? new Set(context.applies) : undefined;
    const merged: Record<string, unknown> = { ...(argv as object) };
    for (const [name, value] of resolved.values) {
      if (applies && !applies.has(name)) continue;
      if (given.flags.has(name)) continue;
      if (name === 'paths' && (!context.positionalPaths || given.positionals)) continue;
      if ((name === 'url' || name === 'mock') && botElsewhere) continue;
      const option = options.find((o) => o.name === name);
      const shaped = option?.type === 'array' && !Array.isArray(value) ? [value] : value;
      merged[name] = shaped;
      merged[camelCase(name)] = shaped;
    }
    const bot: BotChoice = {};
    if (resolved.bot && !botOnCommandLine) {
      bot.target = resolved.target!;
      if (resolved.bot.kind === 'live') bot.secretEnv = resolved.bot.secretEnv;
    }
    return { ok: true, argv: merged as A, bot, file: shown };
  } catch (error) {
    const usage = (message: string): Configured<A> => ({ ok: false, code: EXIT.usage, message });
    if (error instanceof ConfigUsageError) return usage(`clova-regress: ${error.message}\n`);
    const consequence = context.consequence ?? 'nothing was run';
    if (error instanceof InputError) return usage(`${renderInputError(error, consequence)}\n`);
    throw error;
  }
}
