/**
 * Which thread loads what: items (files, or runs of a big file's list) are taken in order by the
 * main thread; the worker, whenever it has room, takes the farthest item not yet decided within a
 * window just ahead of the main thread. The main thread loads every item it reaches undecided.
 *
 * So neither thread waits on a share being right. A worker slower than the main thread gets fewer
 * items, a faster one more, and its answers are ready by the time the main thread arrives, since
 * they were started a window ahead. Answers waiting to be taken stay within the window.
 *
 * Before this, a share of the bytes was kept and nudged after each answer, ready or not. The nudge
 * came a few items late, so the share swung between its bounds. With one big file, the main thread
 * waited on the worker for 15–17 % of the loading (now 1 %), and the worker sat idle for 10 %.
 */

/** Items the worker is doing at once: one to work on, one queued so it never idles between them. */
const AHEAD = 2;
/** The window: this many bytes of items ahead of the main thread, and at most this many items. */
const WINDOW_BYTES = 4 * 1024 * 1024;
const WINDOW_ITEMS = 64;

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
  /** The main thread has reached every item before this one: each of those is decided. */
  let reached = 0;
  const queued = new Map<number, Submitted<T>>();
  const unfinished = () => {
    let n = 0;
    for (const entry of queued.values()) if (!entry.ready()) n++;
    return n;
  };
  /** The farthest undecided item the worker may take, or -1: never the main thread's next one. */
  const farthest = () => {
    let end = reached;
    for (let bytes = 0; end < weights.length && end - reached < WINDOW_ITEMS; end++) {
      bytes += weights[end] ?? 0;
      if (bytes > WINDOW_BYTES && end > reached) break;
    }
    for (let k = end - 1; k > reached; k--) if (weights[k] !== undefined && !queued.has(k)) return k;
    return -1;
  };
  const fill = () => {
    while (unfinished() < AHEAD) {
      const k = farthest();
      if (k < 0) return;
      queued.set(k, submit(k));
    }
  };
  // the worker starts on the far end of the first window while the main thread reads its first item
  fill();
  return {
    takes(k) {
      reached = Math.max(reached, k + 1);
      fill();
      return queued.has(k);
    },
    take(k) {
      reached = Math.max(reached, k + 1);
      const entry = queued.get(k);
      queued.delete(k);
      fill();
      return entry?.answer;
    },
  };
}
