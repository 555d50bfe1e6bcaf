/**
 * The flags that say which bot to talk to and how: shared by `run` and `record`, which send the
 * same requests, so their options, defaults and checks cannot drift apart.
 */
import type { Options } from 'yargs';
import { MAX_CONCURRENCY, MAX_RETRIES, MAX_TIMER_MS } from '../dialogues/bounds.js';

export interface TargetArgs {
  /** `--config <file>`: the config file, instead of searching for one. */
  config?: string;
  /** `--target NAME`: a bot named under the config file's `targets`. */
  target?: string;
  url?: string;
  mock?: string;
  concurrency: number;
  timeout: number;
  requestRetries: number;
}

export const targetFlagOptions = {
  // config file options (issue 14)
  target: { type: 'string', describe: 'Talk to this bot of the config file\'s `targets` (default: its `defaultTarget`); docs/config.md' },
  config: { type: 'string', describe: 'Read options from this config file (default: clova-regress.config.yaml here or in a folder above)' },
  url: { type: 'string', describe: 'The bot\'s API Gateway invoke URL (env CLOVA_INVOKE_URL); the secret key comes from env CLOVA_SECRET_KEY' },
  mock: { type: 'string', describe: 'Bot definition for the built-in mock bot, used when no URL is given (default: a bot.yaml beside the specs given, else specs/bot.yaml)' },
  concurrency: { alias: 'j', type: 'number', default: 8, describe: 'Dialogues in flight at once' },
  timeout: { type: 'number', default: 10_000, describe: 'Per-request timeout in ms' },
  'request-retries': { type: 'number', default: 2, describe: 'Retries of one request on HTTP 429/503/504 and network errors (exponential backoff, Retry-After honoured)' },
} as const satisfies Record<string, Options>;

/** Throws the usage error of the first bad target flag (for a yargs `.check`). */
export function checkTargetArgs(argv: Record<string, unknown>): void {
  const whole = (value: unknown, least: number, most: number) => Number.isInteger(value) && (value as number) >= least && (value as number) <= most;
  if (!whole(argv.concurrency, 1, MAX_CONCURRENCY)) throw new Error(`--concurrency must be a whole number ≥ 1 and at most ${MAX_CONCURRENCY}, not ${String(argv.concurrency)}`);
  if (!whole(argv.timeout, 1, MAX_TIMER_MS)) throw new Error(`--timeout must be a whole number of milliseconds ≥ 1 and at most ${MAX_TIMER_MS} (Node's timer limit), not ${String(argv.timeout)}`);
  if (!whole(argv['request-retries'], 0, MAX_RETRIES)) throw new Error(`--request-retries must be a whole number ≥ 0 and at most ${MAX_RETRIES}, not ${String(argv['request-retries'])}`);
}
