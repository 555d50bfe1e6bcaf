/**
 * Which thread loads what: items (files, or runs of a big file's list) are taken in order by the
 * main thread, and each is decided, a few ahead of it, to be loaded there or by the worker. The
 * worker gets about `share` of the bytes, and the share follows what the threads do: when the main
 * thread must wait for an answer the worker gets less, when the answer was ready it gets more. A
 * few items are queued with the worker at a time, so that answers waiting to be taken stay few
 * (each is a few MB).
 *
 * The share is kept item by item (what the worker is owed is carried to the next item, as in
 * error diffusion), not as a running total of the whole plan: with a total, every fall of the share
 * handed the main thread hundreds of items in a row to bring the total down, and the worker idled
 * through them (76 % idle at 100,000 dialogues in 1,000 files).
 */
/** Items queued with the worker at once (and twice as many answers waiting to be taken, at most). */
const AHEAD = 3;
const STEP = 0.04;
const MIN_SHARE = 0.2;
const MAX_SHARE = 0.8;

/** An item sent to the worker: its answer, and whether it has come (asked without waiting). */
export interface Submitted<T> {
  answer: Promise<T | undefined>;
  ready(): boolean;
}

export interface Sharing<T> {
  /** Whether the worker loads item `k` (decided now if not yet). */
  takes(k: number): boolean;
  /** The worker's answer for item `k`, or undefined when it is the main thread's. */
  take(k: number): Promise<T | undefined> | undefined;
}

/**
 * `weights[k]`: item k's size, or undefined when only the main thread may load it. `submit` sends
 * an item to the worker; its promise settles with the answer (undefined: load it here after all).
 */
export function shareOut<T>(weights: Array<number | undefined>, submit: (k: number) => Submitted<T>): Sharing<T> {
  let share = 0.5;
  /** Bytes the worker is owed at the share so far, carried over: never more than the item at hand. */
  let owed = 0;
  let first = true;
  let decided = 0;
  const queued = new Map<number, Submitted<T>>();
  const unfinished = () => {
    let n = 0;
    for (const entry of queued.values()) if (!entry.ready()) n++;
    return n;
  };
  /** `now`: the main thread needs item k now, so it is the main thread's (the worker would only make it wait). */
  const decide = (now: boolean) => {
    const k = decided++;
    const weight = weights[k];
    if (weight === undefined) return;
    // the first item is always here: the worker is still starting
    const room = !first && !now && queued.size < 2 * AHEAD && unfinished() < AHEAD;
    first = false;
    owed = Math.min(owed + share * weight, weight);
    if (room && owed >= weight / 2) {
      owed -= weight;
      queued.set(k, submit(k));
    }
  };
  // decide ahead of the main thread, so the worker always has something queued
  const fill = () => {
    while (decided < weights.length && queued.size < 2 * AHEAD && unfinished() < AHEAD) decide(false);
  };
  fill();
  return {
    takes(k) {
      while (decided <= k) decide(true);
      fill();
      return queued.has(k);
    },
    take(k) {
      while (decided <= k) decide(true);
      const entry = queued.get(k);
      if (!entry) {
        fill();
        return undefined;
      }
      queued.delete(k);
      // an answer not ready yet: the worker is behind; ready: it is ahead (or just in time)
      share = entry.ready() ? Math.min(MAX_SHARE, share + STEP) : Math.max(MIN_SHARE, share - STEP);
      fill();
      return entry.answer;
    },
  };
}
