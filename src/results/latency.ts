/**
 * Step latency percentiles in constant memory: a log-scale histogram (2 % wide buckets) instead of
 * every sample, so a run of a million steps costs the same few kilobytes as a run of ten.
 */

const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 1024; // 1.02^1023 ms is far beyond any timeout

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private max = 0;

  record(ms: number): void {
    const value = Math.max(0, ms);
    const bucket = Math.min(BUCKETS - 1, Math.floor(Math.log(value + 1) / LOG_GROWTH));
    this.counts[bucket]!++;
    this.total++;
    if (value > this.max) this.max = value;
  }

  get count(): number {
    return this.total;
  }

  /** The `q` quantile (0–1), as the upper edge of its bucket (at most 2 % high), capped at the max seen. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, hundredths(GROWTH ** (i + 1) - 1));
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: hundredths(this.max),
    };
  }
}

/** Fractional milliseconds, to a hundredth: a step against a local bot takes well under one. */
const hundredths = (ms: number): number => Math.round(ms * 100) / 100;
