/**
 * `--rps`: one limiter shared by every dialogue, awaited before each HTTP attempt (retries too).
 *
 * A token bucket of capacity one, kept as the time the next token falls due (GCRA). Each caller
 * reserves the next slot synchronously, then sleeps until it. Slots advance from the previous slot,
 * not from when a timer happened to fire, so a late timer never lowers the long-run rate; and an
 * idle spell does not bank tokens (capacity one), so a run never opens with a burst above the rate.
 */
import { sleep } from './backoff.js';

export interface RateLimiterOptions {
  /** Requests per second, > 0. */
  perSecond: number;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class RateLimiter {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private nextSlot = -Infinity;

  constructor(options: RateLimiterOptions) {
    if (!(options.perSecond > 0) || !Number.isFinite(options.perSecond)) throw new Error(`the request rate must be a positive number, not ${options.perSecond}`);
    this.intervalMs = 1000 / options.perSecond;
    this.now = options.now ?? (() => performance.now());
    this.wait = options.wait ?? sleep;
  }

  /** Resolves when this caller may send; at once when `signal` is aborted (the send is cancelled anyway). */
  take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    const delay = slot - now;
    // sub-millisecond waits would round to a 1 ms timer and drift; they are due now
    return delay < 1 ? Promise.resolve() : this.wait(delay, signal);
  }
}
