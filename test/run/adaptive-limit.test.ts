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

  it('runs at most `limit` dialogues; a lowered limit holds back new ones until enough finish', async () => {
    const limit = new AdaptiveLimit({ max: 4, now: () => 0 });
    const finishers: Array<() => void> = [];
    const hold = () => limit.gate(() => new Promise<void>((resolve) => finishers.push(resolve)));
    const running = Array.from({ length: 4 }, hold);
    await Promise.resolve();
    expect(limit.gate.activeCount).toBe(4);
    limit.throttled(); // limit 2 with 4 running
    let started = false;
    const late = limit.gate(async () => void (started = true));
    finishers.shift()!();
    finishers.shift()!();
    await Promise.all(running.slice(0, 2));
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(false);
    finishers.shift()!();
    await late;
    expect(started).toBe(true);
    expect(limit.gate.activeCount).toBe(1);
  });
});
