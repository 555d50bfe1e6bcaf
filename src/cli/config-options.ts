/**
 * The config file's keys are `run`'s options from the one options table: every entry `run`
 * takes is a key (all but `--config` and `--target`, which choose the file and the bot, `--watch`,
 * a way of working rather than an option of the run, and `--dotenv`, read before any command
 * starts), plus `paths` for the spec paths. The one adapter from the table to the loader's shape.
 */
import { camelCase, type ConfigOption } from '../config/config-option.js';
import { closestName } from '../diagnostics/problem.js';
import { MAX_TIMER_MS } from '../yaml/bounds.js';
import { optionSpecs, type OptionSpec } from './options.js';
import type { CommandName } from './option-types.js';

/** Flags that are no config key. */
const FLAGS_ONLY = new Set(['config', 'target', 'watch', 'dotenv']);
/** Options read as paths relative to the config file's folder (`-` stays standard output). */
const PATH_OPTIONS = new Set(['paths', 'mock', 'junit', 'json', 'html', 'markdown', 'baseline', 'scenarios']);
for (const tls of ['ca', 'cert', 'key']) PATH_OPTIONS.add(tls);

function between(least: number, most: number) {
  const fits = (value: unknown) => typeof value === 'number' && value >= least && value <= most;
  return (value: unknown) => (fits(value) ? undefined : `must be a number from ${least} to ${most}`);
}

/** The mock's fault ranges, which the table leaves to the mock's own parsing: checked here with a position. */
const FAULT_CHECKS: Record<string, (value: unknown) => string | undefined> = {
  'fault-latency-ms': between(0, MAX_TIMER_MS),
  'fault-jitter-ms': between(0, MAX_TIMER_MS),
  'fault-retry-after': between(0, Math.floor(MAX_TIMER_MS / 1000)),
  'fault-status': (v) => {
    const status = Number.isInteger(v) && (v as number) >= 400 && (v as number) <= 599;
    return status ? undefined : 'must be an HTTP error status (400-599)';
  },
  'fault-fail-first': (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be a whole number ≥ 0'),
  'fault-error-rate': between(0, 1),
  'fault-malformed-rate': between(0, 1),
  'fault-html-rate': between(0, 1),
  'fault-reset-rate': between(0, 1),
  'fault-hang-rate': between(0, 1),
};

function choicesCheck(choices: readonly string[]): (value: unknown) => string | undefined {
  return (value) => {
    if (choices.includes(String(value))) return undefined;
    const guess = closestName(String(value), choices);
    return `must be one of ${choices.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`;
  };
}

/** A table entry as a config key; its check's "--name must …" said of the key ("must …"). */
export function configOptionOf(spec: OptionSpec): ConfigOption {
  const type = spec.array || spec.repeatable ? 'array' : spec.type;
  const own = spec.check;
  const check =
    own !== undefined
      ? (value: unknown) => own(value, {})?.replace(/^--[a-z0-9-]+ /, '')
      : spec.choices
        ? choicesCheck(spec.choices)
        : FAULT_CHECKS[spec.name];
  const option: ConfigOption = { name: spec.name, camel: camelCase(spec.name), type, describe: spec.describe };
  if (PATH_OPTIONS.has(spec.name)) option.path = true;
  if (check) option.check = check;
  return option;
}

let cached: ConfigOption[] | undefined;

/** Every config key: `paths`, then `run`'s options in table order. */
export function runConfigOptions(): ConfigOption[] {
  cached ??= [
    {
      name: 'paths',
      camel: 'paths',
      type: 'array',
      describe: 'Spec files or folders to run (the positional paths; default specs)',
      path: true,
      positional: true,
    },
    ...optionSpecs('run')
      .filter((spec) => !FLAGS_ONLY.has(spec.name))
      .map(configOptionOf),
  ];
  return cached;
}

/** The config keys a command takes: `run` all; `explore` and `record` how to reach the bot (other flags differ). */
export function configKeysOf(command: CommandName): readonly string[] | undefined {
  if (command === 'run') return undefined;
  const reach = ['url', 'mock', 'concurrency', 'timeout', 'request-retries', 'proxy', 'header', 'ca', 'cert', 'key'];
  return command === 'explore' ? [...reach, 'rps'] : [...reach, 'mask-env'];
}
