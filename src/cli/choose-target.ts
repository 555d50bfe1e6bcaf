/**
 * Which bot a command talks to, from its flags, the environment and the config file's target:
 * shared by `run`, `explore` and `record`, so they choose the same way and say the same things.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { maskUrlCredentials, registerSecret, registerUrlSecrets } from '../io/redact.js';
import { faultsFromFlags, mockFaultFlags } from '../mock/fault-flags.js';
import type { TargetSpec } from '../run/target.js';
import type { RunArgs } from './run.js';

const DEFAULT_BOT = 'specs/bot.yaml';

/** What the config file decided about the bot (nothing without one). */
export interface BotChoice {
  /** The environment variable holding a live target's secret (default CLOVA_SECRET_KEY). */
  secretEnv?: string;
  /** A target of the config file chose the bot: CLOVA_INVOKE_URL does not compete with it. */
  target?: string;
}

/** A live bot when a URL is given (flag, config or env), else the built-in mock; a message when neither works. */
export function chooseTarget(argv: RunArgs, env: NodeJS.ProcessEnv, choice: BotChoice = {}): TargetSpec | string {
  const url = argv.url ?? (choice.target !== undefined ? undefined : env.CLOVA_INVOKE_URL);
  if (url) {
    // credentials in the URL are secrets like the key: masked wherever the URL or a part shows
    registerUrlSecrets(url);
    if (argv.mock) {
      return '--mock and --url (or CLOVA_INVOKE_URL) exclude each other: choose the mock bot or a live one';
    }
    const faultFlag = Object.keys(mockFaultFlags).find((f) => argv[f as keyof typeof mockFaultFlags] !== undefined);
    if (faultFlag || argv.mockSeed !== undefined) {
      const flag = faultFlag ?? 'mock-seed';
      return `--${flag} applies to the built-in mock bot only, not to a live bot (--url / CLOVA_INVOKE_URL)`;
    }
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        return `the invoke URL must be http(s), not ${parsed.protocol}`;
      }
    } catch {
      return `not a URL: ${maskUrlCredentials(url)}`;
    }
    const secretEnv = choice.secretEnv ?? 'CLOVA_SECRET_KEY';
    const secretKey = env[secretEnv];
    registerSecret(secretKey);
    if (!secretKey) {
      if (choice.secretEnv === undefined) {
        return 'a live bot needs its secret key in env CLOVA_SECRET_KEY ' +
          '(the Custom API secret from the CLOVA Chatbot builder)';
      }
      return `target ${choice.target ?? ''} needs its secret key in env ${secretEnv} (its \`secretEnv\`), not set`;
    }
    return { kind: 'live', url, secretKey, ...(choice.target !== undefined ? { name: choice.target } : {}) };
  }
  // explore has no spec paths: only specs/bot.yaml then
  const botFile = argv.mock ?? defaultBotFile(argv.paths ?? []);
  if (!existsSync(resolve(botFile))) {
    return argv.mock
      ? `bot definition not found: ${argv.mock}`
      : 'no bot to talk to: give --url (or CLOVA_INVOKE_URL) for a live bot, ' +
          `or --mock <bot.yaml> for the built-in mock (${DEFAULT_BOT} does not exist here)`;
  }
  let faults;
  try {
    faults = faultsFromFlags(argv);
  } catch (error) {
    return (error as Error).message;
  }
  const mock: TargetSpec = { kind: 'mock', botFile: resolve(botFile) };
  if (faults) mock.faults = faults;
  if (argv.mockSeed !== undefined) mock.seed = argv.mockSeed;
  if (choice.target !== undefined) mock.name = choice.target;
  return mock;
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
