import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/run/latency.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within 2 % of the exact ones', () => {
    const h = new LatencyHistogram();
    const values = Array.from({ length: 10_000 }, (_, i) => 5 + ((i * 7919) % 1000));
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (q: number) => sorted[Math.ceil(q * sorted.length) - 1]!;
    for (const q of [0.5, 0.95, 0.99]) {
      expect(h.quantile(q)).toBeGreaterThanOrEqual(exact(q) * 0.98 - 1);
      expect(h.quantile(q)).toBeLessThanOrEqual(exact(q) * 1.02 + 1);
    }
    expect(h.summary()).toMatchObject({ count: 10_000, max: 1004 });
  });

  it('is all zeros when nothing was recorded', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});
