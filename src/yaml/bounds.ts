/**
 * The ranges numeric settings must fall in, shared by flags, specs and bot definitions. Node's
 * timers hold at most 2^31 − 1 ms (about 24.8 days): a larger delay silently becomes 1 ms, so a
 * `--timeout 2147483648` would time every request out at once. Documented in docs/reliability.md.
 */
export const MAX_TIMER_MS = 2_147_483_647;
/** Dialogues in flight at once: each holds a connection and a session. */
export const MAX_CONCURRENCY = 10_000;
/** Re-runs of a dialogue, and retries of one request. */
export const MAX_RETRIES = 100;
/** `--rps`: below 0.01 (one request per 100 s) the limiter's interval overflows the timer. */
export const MIN_RPS = 0.01;
export const MAX_RPS = 1_000_000;
/** `--repeat-each`: every run of a dialogue is kept in the results, so a bound keeps them readable. */
export const MAX_REPEAT_EACH = 1000;
