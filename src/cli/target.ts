/** Which bot `run`, `record` and `explore` talk to: a live one by URL, else the built-in mock. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { maskUrlCredentials, registerUrlSecrets } from '../io/redact.js';
import { FAULT_FLAG_NAMES, faultsFromFlags, type FaultFlags } from '../mock/fault-flags.js';
import type { TargetSpec } from '../run/target.js';
import type { ArgsOf } from './options.js';
import { camelName, type Camel } from './option-types.js';

const DEFAULT_BOT = 'specs/bot.yaml';

type FaultKey = Camel<(typeof FAULT_FLAG_NAMES)[number]>;
/** The flags that choose the bot; `record` and `explore` have no fault flags (always undefined there). */
export type TargetArgs = Pick<Partial<ArgsOf<'run'>>, 'url' | 'mock' | 'mockSeed' | FaultKey>;

/** The fault flags given, by flag name, as the mock's faultsFromFlags reads them. */
export function faultFlagsOf(args: Partial<Record<FaultKey, number | undefined>>): FaultFlags {
  const flags: FaultFlags = {};
  for (const name of FAULT_FLAG_NAMES) {
    const value = args[camelName(name) as FaultKey];
    if (value !== undefined) flags[name] = value;
  }
  return flags;
}

/** A live bot when a URL is given (flag or env), else the built-in mock; a message when neither works. */
export function chooseTarget(args: TargetArgs, env: NodeJS.ProcessEnv): TargetSpec | string {
  const url = args.url ?? env.CLOVA_INVOKE_URL;
  const faults = faultFlagsOf(args);
  if (url) {
    // credentials in the URL are secrets like the key: masked wherever the URL or a part shows
    registerUrlSecrets(url);
    if (args.mock) return '--mock and --url (or CLOVA_INVOKE_URL) exclude each other: choose the mock bot or a live one';
    const faultFlag = FAULT_FLAG_NAMES.find((flag) => faults[flag] !== undefined);
    if (faultFlag || args.mockSeed !== undefined) return `--${faultFlag ?? 'mock-seed'} applies to the built-in mock bot only, not to a live bot (--url / CLOVA_INVOKE_URL)`;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `the invoke URL must be http(s), not ${parsed.protocol}`;
    } catch {
      return `not a URL: ${maskUrlCredentials(url)}`;
    }
    const secretKey = env.CLOVA_SECRET_KEY;
    if (!secretKey) return 'a live bot needs its secret key in env CLOVA_SECRET_KEY (the Custom API secret from the CLOVA Chatbot builder)';
    return { kind: 'live', url, secretKey };
  }
  const botFile = args.mock ?? DEFAULT_BOT;
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
  return { kind: 'mock', botFile: resolve(botFile), ...(config ? { faults: config } : {}), ...(args.mockSeed !== undefined ? { seed: args.mockSeed } : {}) };
}
