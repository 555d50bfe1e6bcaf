/**
 * `--rps`: one limiter shared by every dialogue, awaited before each HTTP attempt (retries too).
 *
 * GCRA, the token bucket kept as the time the next token falls due. Each caller reserves the next
 * slot synchronously, then sleeps until it. Slots advance from the previous slot, not from when a
 * timer happened to fire, so a late timer never lowers the long-run rate. A caller that comes late
 * (every dialogue was waiting on the bot, or the process was descheduled) may use slots up to
 * `slackMs` in the past: the bucket holds that much, no more, so a stall is made up rather than
 * lost, while no window of T ms ever sees more than (T + slackMs) × R / 1000 + 1 requests. The
 * first caller starts the schedule, so a run never opens with a burst.
 */
import { sleep } from './backoff.js';
import { monotonicMs } from '../io/clock.js';

export interface RateLimiterOptions {
  /** Requests per second, > 0. */
  perSecond: number;
  /** How far behind the schedule a late caller may catch up, in ms (default 50; 0: slots missed are lost). */
  slackMs?: number;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RATE_SLACK_MS = 50;

export class RateLimiter {
  private readonly intervalMs: number;
  private readonly slackMs: number;
  private readonly now: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private nextSlot: number | undefined;

  constructor(options: RateLimiterOptions) {
    if (!(options.perSecond > 0) || !Number.isFinite(options.perSecond))
      throw new Error(`the request rate must be a positive number, not ${options.perSecond}`);
    this.intervalMs = 1000 / options.perSecond;
    this.slackMs = Math.max(0, options.slackMs ?? DEFAULT_RATE_SLACK_MS);
    this.now = options.now ?? monotonicMs;
    this.wait = options.wait ?? sleep;
  }

  /** Resolves when this caller may send; at once when `signal` is aborted (the send is cancelled anyway). */
  take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const slot = Math.max(now - this.slackMs, this.nextSlot ?? now);
    this.nextSlot = slot + this.intervalMs;
    const delay = slot - now;
    // sub-millisecond waits would round to a 1 ms timer and drift; they are due now
    return delay < 1 ? Promise.resolve() : this.wait(delay, signal);
  }
}
