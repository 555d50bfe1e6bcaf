/**
 * How many dialogues may be in flight, adapted to a bot that throttles (AIMD, as TCP does with
 * its window): each HTTP 429 halves the limit — at most once per cool-down, since one overload
 * answers many requests in flight at once — and every `limit` replies without throttling add one,
 * back up to the configured concurrency once the bot has recovered.
 *
 * The limit is enforced by `gate`, a p-limit function whose concurrency follows it: dialogues
 * already running finish when it drops, new ones wait until enough have.
 */
import pLimit, { type LimitFunction } from 'p-limit';

export interface AdaptiveLimitOptions {
  max: number;
  /** The shortest time between two decreases, in ms (a Retry-After longer than it wins). */
  coolDownMs?: number;
  now?: () => number;
}

export interface ThrottleRecord {
  /** Times the limit was lowered. */
  reductions: number;
  /** The lowest the limit went. */
  lowest: number;
}

export class AdaptiveLimit {
  private current: number;
  private quietReplies = 0;
  private coolUntil = -Infinity;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  readonly record: ThrottleRecord;
  /** Runs a dialogue when fewer than `limit` are running. */
  readonly gate: LimitFunction;

  constructor(private readonly options: AdaptiveLimitOptions) {
    this.current = Math.max(1, Math.floor(options.max));
    this.coolDownMs = options.coolDownMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.record = { reductions: 0, lowest: this.current };
    this.gate = pLimit(this.current);
  }

  get limit(): number {
    return this.current;
  }

  /** The bot said 429: halve, unless it was just lowered. */
  throttled(retryAfterMs?: number): void {
    const now = this.now();
    this.quietReplies = 0;
    if (now < this.coolUntil) return;
    this.coolUntil = now + Math.max(this.coolDownMs, retryAfterMs ?? 0);
    const lowered = Math.max(1, Math.floor(this.current / 2));
    if (lowered < this.current) {
      this.set(lowered);
      this.record.reductions++;
      this.record.lowest = Math.min(this.record.lowest, lowered);
    }
  }

  /** A reply that was not throttling: one step back up per `limit` of them. */
  answered(): void {
    if (this.current >= this.options.max) return;
    if (++this.quietReplies >= this.current) {
      this.quietReplies = 0;
      this.set(this.current + 1);
    }
  }

  private set(limit: number): void {
    this.current = limit;
    this.gate.concurrency = limit;
  }
}
