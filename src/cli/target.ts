/** Which bot `run`, `record` and `explore` talk to: a live one by URL, else the built-in mock. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NetworkOptionError, networkOptions, type ClientNetwork, type NetworkArgs } from '../client/network.js';
import { maskUrlCredentials, registerSecret, registerUrlSecrets } from '../io/redact.js';
import { FAULT_FLAG_NAMES, faultsFromFlags, type FaultFlags } from '../mock/fault-flags.js';
import type { TargetSpec } from '../run/target.js';
import type { ArgsOf } from './options.js';
import { camelName, type Camel } from './option-types.js';

const DEFAULT_BOT = 'specs/bot.yaml';

type FaultKey = Camel<(typeof FAULT_FLAG_NAMES)[number]>;
/** The flags that choose the bot; `record` and `explore` have no fault flags (always undefined there). */
export type TargetArgs = Pick<Partial<ArgsOf<'run'>>, 'url' | 'mock' | 'mockSeed' | FaultKey> &
  NetworkArgs & { paths?: readonly string[]; configBot?: BotChoice };

/** What the config file decided about the bot (set by config-wiring.ts; nothing without a file). */
export interface BotChoice {
  /** The environment variable holding a live target's secret (default CLOVA_SECRET_KEY). */
  secretEnv?: string;
  /** A target of the config file chose the bot: CLOVA_INVOKE_URL does not compete with it. */
  target?: string;
}

/** The fault flags given, by flag name, as the mock's faultsFromFlags reads them. */
export function faultFlagsOf(args: Partial<Record<FaultKey, number | undefined>>): FaultFlags {
  const flags: FaultFlags = {};
  for (const name of FAULT_FLAG_NAMES) {
    const value = args[camelName(name) as FaultKey];
    if (value !== undefined) flags[name] = value;
  }
  return flags;
}

/**
 * The mock's bot when none is named: a `bot.yaml` beside the specs run (in a folder given, or
 * beside a file given), as `init --dir` lays them out; else specs/bot.yaml.
 */
export function defaultBotFile(paths: readonly string[]): string {
  for (const path of paths) {
    const folder = existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
    const candidate = join(folder, 'bot.yaml');
    if (existsSync(candidate)) return candidate;
  }
  return DEFAULT_BOT;
}

/** A live bot when a URL is given (flag or env), else the built-in mock; a message when neither works. */
export function chooseTarget(args: TargetArgs, env: NodeJS.ProcessEnv): TargetSpec | string {
  const network = networkFromArgs(args, env);
  if (typeof network === 'string') return network;
  const spec = chooseBot(args, env);
  return typeof spec === 'string' ? spec : { ...spec, network };
}

/** Proxy, TLS and headers from the network flags and variables, their secrets registered first. */
function networkFromArgs(args: NetworkArgs, env: NodeJS.ProcessEnv): ClientNetwork | string {
  try {
    const { dispatcher, headers, secrets } = networkOptions(args, env);
    for (const url of secrets.urls) registerUrlSecrets(url);
    for (const value of secrets.values) registerSecret(value);
    return { dispatcher, headers };
  } catch (error) {
    if (error instanceof NetworkOptionError) return error.message;
    throw error;
  }
}

function chooseBot(args: TargetArgs, env: NodeJS.ProcessEnv): TargetSpec | string {
  const choice = args.configBot ?? {};
  const url = args.url ?? (choice.target !== undefined ? undefined : env.CLOVA_INVOKE_URL);
  const faults = faultFlagsOf(args);
  if (url) {
    // credentials in the URL are secrets like the key: masked wherever the URL or a part shows
    registerUrlSecrets(url);
    if (args.mock)
      return '--mock and --url (or CLOVA_INVOKE_URL) exclude each other: choose the mock bot or a live one';
    const faultFlag = FAULT_FLAG_NAMES.find((flag) => faults[flag] !== undefined);
    if (faultFlag || args.mockSeed !== undefined)
      return `--${faultFlag ?? 'mock-seed'} applies to the built-in mock bot only, not to a live bot (--url / CLOVA_INVOKE_URL)`;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return `the invoke URL must be http(s), not ${parsed.protocol}`;
    } catch {
      return `not a URL: ${maskUrlCredentials(url)}`;
    }
    const secretEnv = choice.secretEnv ?? 'CLOVA_SECRET_KEY';
    const secretKey = env[secretEnv];
    registerSecret(secretKey);
    if (!secretKey) {
      if (choice.secretEnv === undefined) {
        return 'a live bot needs its secret key in env CLOVA_SECRET_KEY (the Custom API secret from the CLOVA Chatbot builder)';
      }
      return `target ${choice.target ?? ''} needs its secret key in env ${secretEnv} (its \`secretEnv\`), not set`;
    }
    return { kind: 'live', url, secretKey, ...(choice.target !== undefined ? { name: choice.target } : {}) };
  }
  const botFile = args.mock ?? defaultBotFile(args.paths ?? []);
  if (!existsSync(resolve(botFile))) {
    return args.mock
      ? `bot definition not found: ${args.mock}`
      : `no bot to talk to: give --url (or CLOVA_INVOKE_URL) for a live bot, or --mock <bot.yaml> for the built-in mock (${DEFAULT_BOT} does not exist here)`;
  }
  let config;
  try {
    config = faultsFromFlags(faults);
  } catch (error) {
    return (error as Error).message;
  }
  const mock: TargetSpec = { kind: 'mock', botFile: resolve(botFile) };
  if (config) mock.faults = config;
  if (args.mockSeed !== undefined) mock.seed = args.mockSeed;
  if (choice.target !== undefined) mock.name = choice.target;
  return mock;
}
