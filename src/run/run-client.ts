/**
 * The client a run talks to the bot through, made one way for every command that sends (`run`,
 * `explore`): the same signing, timeouts, request retries, rate limit, and response to
 * throttling — a 429 lowers the adaptive concurrency, any answer lets it grow back.
 */
import { BotClient } from '../client/bot-client.js';
import { RateLimiter } from '../client/rate-limit.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import type { ClientNetwork } from '../client/network.js';

export interface RunClientOptions {
  url: string;
  secretKey: string;
  concurrency: number;
  timeoutMs: number;
  requestRetries: number;
  rps?: number;
  /** Proxy, TLS and extra headers (client/network.ts). */
  network?: ClientNetwork;
}

export interface RunClient {
  client: BotClient;
  limit: AdaptiveLimit;
  /** Requests sent (retries included) and how many of them were throttled (429). */
  stats: { requests: number; throttled: number };
}

export function createRunClient(options: RunClientOptions): RunClient {
  const stats = { requests: 0, throttled: 0 };
  const limit = new AdaptiveLimit({ max: options.concurrency });
  const rate = options.rps !== undefined ? new RateLimiter({ perSecond: options.rps }) : undefined;
  const client = new BotClient({
    url: options.url,
    secretKey: options.secretKey,
    timeoutMs: options.timeoutMs,
    connections: options.concurrency,
    retry: { retries: options.requestRetries },
    ...(options.network?.dispatcher ? { network: options.network.dispatcher } : {}),
    ...(options.network?.headers ? { headers: options.network.headers } : {}),
    ...(rate ? { beforeAttempt: (signal?: AbortSignal) => rate.take(signal) } : {}),
    onAttempt: (outcome) => {
      stats.requests++;
      if (outcome.status === 429) {
        stats.throttled++;
        limit.throttled(outcome.cause?.retryAfterMs);
      } else if (outcome.status !== undefined) {
        limit.answered();
      }
    },
  });
  return { client, limit, stats };
}
