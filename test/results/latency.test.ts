import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/results/latency.js';
import { formatDuration } from '../../src/render/text.js';

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

  it('keeps sub-millisecond precision: steps against a local bot take well under 1 ms', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(0.42);
    const { p50, max } = h.summary();
    expect(p50).toBeGreaterThanOrEqual(0.41);
    expect(p50).toBeLessThanOrEqual(0.43);
    expect(max).toBe(0.42);
    expect(formatDuration(p50)).toMatch(/^0\.4\d ms$/);
  });

  it('shows fractional times under 10 ms with two decimals, whole ones as before', () => {
    expect(formatDuration(0.4213)).toBe('0.42 ms');
    expect(formatDuration(7.5)).toBe('7.50 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(12.34)).toBe('12 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
  });
});
