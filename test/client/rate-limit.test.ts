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

  it('banks no more than its slack while idle: a stall is made up, never turned into a burst', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter({
      perSecond: 100,
      slackMs: 50,
      now: () => now,
      wait: async (ms) => void waits.push(ms),
    });
    await limiter.take();
    now = 10_000;
    // 50 ms of slack at 10 ms a slot: six go at once (slots 9950…10000), then one every 10 ms
    await Promise.all(Array.from({ length: 9 }, () => limiter.take()));
    expect(waits).toEqual([10, 20, 30]);
  });

  it('with no slack, a late caller loses the slots it missed', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter({
      perSecond: 10,
      slackMs: 0,
      now: () => now,
      wait: async (ms) => void waits.push(ms),
    });
    await limiter.take();
    now = 10_000;
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    expect(waits).toEqual([100, 200]);
  });

  it('holds any window to its rate plus the slack, whatever the callers do', async () => {
    // callers arrive at random times, sometimes in crowds, sometimes after long gaps
    let now = 0;
    const sends: number[] = [];
    const limiter = new RateLimiter({ perSecond: 100, now: () => now, wait: async (ms) => void (now += ms) });
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      if (random() < 0.1) now += random() * 300;
      await limiter.take();
      sends.push(now);
    }
    for (let i = 0; i < sends.length; i++) {
      let j = i;
      while (j + 1 < sends.length && sends[j + 1]! - sends[i]! < 1000) j++;
      expect(j - i + 1).toBeLessThanOrEqual(100 + 5 + 1);
    }
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new RateLimiter({ perSecond: 0 })).toThrow(/positive/);
    expect(() => new RateLimiter({ perSecond: Number.NaN })).toThrow(/positive/);
  });
});
