import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/client/rate-limit.js';

/** A clock the limiter reads and a wait that advances it, late by `lateMs` each time, as busy timers are. */
function virtualClock(lateMs = 0) {
  let now = 1_000;
  const sends: number[] = [];
  return {
    now: () => now,
    wait: async (ms: number) => {
      now += ms + lateMs;
    },
    sends,
    mark: () => sends.push(now),
  };
}

describe('RateLimiter', () => {
  it('spaces requests 1/R apart from the first, with no opening burst', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 100, now: clock.now, wait: clock.wait });
    for (let i = 0; i < 200; i++) {
      await limiter.take();
      clock.mark();
    }
    const span = clock.sends[199]! - clock.sends[0]!;
    expect(span).toBeCloseTo(1990, 5);
  });

  it('keeps the long-run rate when timers fire late: slots follow the schedule, not the wake-ups', async () => {
    const clock = virtualClock(3);
    const limiter = new RateLimiter({ perSecond: 100, now: clock.now, wait: clock.wait });
    for (let i = 0; i < 200; i++) {
      await limiter.take();
      clock.mark();
    }
    // every send is 3 ms late, none later than that: the rate over the run is still 100/s
    expect(clock.sends[199]! - clock.sends[0]!).toBeCloseTo(1990 + 3, 5);
  });

  it('reserves one slot per caller even when they all arrive at once', async () => {
    const waits: number[] = [];
    const limiter = new RateLimiter({ perSecond: 10, now: () => 0, wait: async (ms) => void waits.push(ms) });
    await Promise.all(Array.from({ length: 5 }, () => limiter.take()));
    expect(waits).toEqual([100, 200, 300, 400]);
  });

  it('does not bank tokens while idle', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter({ perSecond: 10, now: () => now, wait: async (ms) => void waits.push(ms) });
    await limiter.take();
    now = 10_000;
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    expect(waits).toEqual([100, 200]);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new RateLimiter({ perSecond: 0 })).toThrow(/positive/);
    expect(() => new RateLimiter({ perSecond: Number.NaN })).toThrow(/positive/);
  });
});
