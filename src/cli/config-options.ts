/**
 * The config file's keys, from `run`'s own flags: every run option is a key (all but `--config`
 * and `--target`, which choose the file and the bot, and `--watch`, a way of working rather than
 * an option of the run), plus `paths` for the spec paths. The one
 * adapter between the CLI's option declarations and the config loader's ConfigOption shape.
 */
import type { Options } from 'yargs';
import { camelCase, type ConfigOption } from '../config/config-option.js';
import { closestName } from '../diagnostics/problem.js';
import { MAX_CONCURRENCY, MAX_RETRIES, MAX_RPS, MAX_TIMER_MS, MIN_RPS } from '../dialogues/bounds.js';
import { runFlagOptions } from './run.js';

/** Options read as paths relative to the config file's folder (`-` stays standard output). */
const PATH_OPTIONS = new Set(['paths', 'mock', 'junit', 'json', 'html', 'markdown', 'baseline', 'scenarios']);
/** Flags that are no config key. */
const FLAGS_ONLY = new Set(['config', 'target', 'watch']);
/** Repeatable flags that yargs declares as single strings. */
const REPEATABLE = new Set(['tag']);

function whole(least: number, most = Number.MAX_SAFE_INTEGER, unit = 'a whole number') {
  const bound = most < Number.MAX_SAFE_INTEGER ? ` and at most ${most}` : '';
  const fits = (value: unknown) => Number.isInteger(value) && (value as number) >= least && (value as number) <= most;
  return (value: unknown) => (fits(value) ? undefined : `must be ${unit} ≥ ${least}${bound}`);
}

function between(least: number, most: number) {
  const fits = (value: unknown) => typeof value === 'number' && value >= least && value <= most;
  return (value: unknown) => (fits(value) ? undefined : `must be a number from ${least} to ${most}`);
}

/** The checks the flags' `.check()` and the mock's fault parsing make, per value. */
const CHECKS: Record<string, (value: unknown) => string | undefined> = {
  concurrency: whole(1, MAX_CONCURRENCY),
  timeout: whole(1, MAX_TIMER_MS, 'a whole number of milliseconds'),
  'request-retries': whole(0, MAX_RETRIES),
  retries: whole(0, MAX_RETRIES),
  'max-failures': whole(1),
  rps: between(MIN_RPS, MAX_RPS),
  'fault-latency-ms': between(0, MAX_TIMER_MS),
  'fault-jitter-ms': between(0, MAX_TIMER_MS),
  'fault-retry-after': between(0, Math.floor(MAX_TIMER_MS / 1000)),
  'fault-status': whole(400, 599, 'an HTTP error status'),
  'fault-fail-first': whole(0),
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

/** A yargs option declaration as a config key. */
export function configOptionOf(name: string, option: Options): ConfigOption {
  const scalar = option.type === 'number' || option.type === 'boolean' ? option.type : 'string';
  const type = option.array === true || REPEATABLE.has(name) ? 'array' : scalar;
  const choices = option.choices as readonly string[] | undefined;
  const check = CHECKS[name] ?? (choices ? choicesCheck(choices) : undefined);
  const config: ConfigOption = { name, camel: camelCase(name), type, describe: option.describe ?? name };
  if (PATH_OPTIONS.has(name)) config.path = true;
  if (check) config.check = check;
  return config;
}

let cached: ConfigOption[] | undefined;

/** Every config key that is a run option, `paths` first. */
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
    ...Object.entries(runFlagOptions as Record<string, Options>)
      .filter(([name]) => !FLAGS_ONLY.has(name))
      .map(([name, option]) => configOptionOf(name, option)),
  ];
  return cached;
}

/** The config keys `explore` and `record` take: how to reach the bot (their other flags mean other things). */
export const CONNECTION_OPTIONS = ['url', 'mock', 'concurrency', 'timeout', 'request-retries', 'mask-env'] as const;
