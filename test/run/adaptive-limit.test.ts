import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../src/run/adaptive-limit.js';

describe('AdaptiveLimit', () => {
  it('halves on a 429, once per cool-down, and climbs back one per limit of quiet replies', () => {
    let now = 0;
    const limit = new AdaptiveLimit({ max: 16, coolDownMs: 1000, now: () => now });
    limit.throttled();
    limit.throttled(); // the same overload answering several requests in flight
    expect(limit.limit).toBe(8);
    now = 1500;
    limit.throttled();
    expect(limit.limit).toBe(4);
    for (let i = 0; i < 4; i++) limit.answered();
    expect(limit.limit).toBe(5);
    for (let i = 0; i < 200; i++) limit.answered();
    expect(limit.limit).toBe(16);
    expect(limit.record).toEqual({ reductions: 2, lowest: 4 });
  });

  it('waits out a Retry-After longer than the cool-down before lowering again', () => {
    let now = 0;
    const limit = new AdaptiveLimit({ max: 8, coolDownMs: 100, now: () => now });
    limit.throttled(5000);
    now = 3000;
    limit.throttled();
    expect(limit.limit).toBe(4);
    now = 5001;
    limit.throttled();
    expect(limit.limit).toBe(2);
  });

  it('never goes below one', () => {
    let now = 0;
    const limit = new AdaptiveLimit({ max: 2, coolDownMs: 1, now: () => now });
    for (let i = 0; i < 5; i++) {
      now += 10;
      limit.throttled();
    }
    expect(limit.limit).toBe(1);
  });

  it('admits at most `limit` holders; a lowered limit holds back new ones until enough leave', async () => {
    let now = 0;
    const limit = new AdaptiveLimit({ max: 4, now: () => now });
    for (let i = 0; i < 4; i++) await limit.acquire();
    limit.throttled(); // limit 2 with 4 in flight
    let admitted = false;
    const waiting = limit.acquire().then(() => (admitted = true));
    limit.release();
    limit.release();
    await Promise.resolve();
    expect(admitted).toBe(false);
    limit.release();
    await waiting;
    expect(admitted).toBe(true);
    expect(limit.inFlight).toBe(2);
  });
});
