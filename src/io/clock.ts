/**
 * Milliseconds on a monotonic clock, fractional: what `performance.now()` gives, but the global
 * `performance` loads Node's perf_hooks on first use (~2 ms of a start-up), and only differences
 * and deadlines are taken here. Values come from one origin, so they compare among themselves
 * only, never with `performance.now()`.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
