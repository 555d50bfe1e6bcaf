/**
 * How many dialogues may be in flight, adapted to a bot that throttles (AIMD, as TCP does with
 * its window): each HTTP 429 halves the limit — at most once per cool-down, since one overload
 * answers many requests in flight at once — and every `limit` replies without throttling add one,
 * back up to the configured concurrency once the bot has recovered.
 *
 * Also the semaphore the scheduler's workers take a slot from before starting a dialogue.
 */

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
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private quietReplies = 0;
  private coolUntil = -Infinity;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  readonly record: ThrottleRecord;

  constructor(private readonly options: AdaptiveLimitOptions) {
    this.current = Math.max(1, Math.floor(options.max));
    this.coolDownMs = options.coolDownMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.record = { reductions: 0, lowest: this.current };
  }

  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Waits for a free slot. */
  acquire(): Promise<void> {
    if (this.active < this.current) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    this.active--;
    this.wake();
  }

  /** Wakes every waiter (the run is stopping: they check the stop flag and leave). */
  releaseAllWaiters(): void {
    for (const resolve of this.waiters.splice(0)) {
      this.active++;
      resolve();
    }
  }

  /** The bot said 429: halve, unless it was just lowered. */
  throttled(retryAfterMs?: number): void {
    const now = this.now();
    this.quietReplies = 0;
    if (now < this.coolUntil) return;
    this.coolUntil = now + Math.max(this.coolDownMs, retryAfterMs ?? 0);
    const lowered = Math.max(1, Math.floor(this.current / 2));
    if (lowered < this.current) {
      this.current = lowered;
      this.record.reductions++;
      this.record.lowest = Math.min(this.record.lowest, lowered);
    }
  }

  /** A reply that was not throttling: one step back up per `limit` of them. */
  answered(): void {
    if (this.current >= this.options.max) return;
    if (++this.quietReplies >= this.current) {
      this.quietReplies = 0;
      this.current++;
      this.wake();
    }
  }

  private wake(): void {
    while (this.active < this.current && this.waiters.length > 0) {
      this.active++;
      this.waiters.shift()!();
    }
  }
}
