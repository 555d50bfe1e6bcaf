/**
 * Who loads what (src/run/plan-share.ts): taken in order, every item is loaded exactly once, by the
 * main thread or by the worker, whatever the worker's pace; an item only the main thread may load
 * never goes to the worker; and the worker's answers come back for the items they belong to.
 */
import { describe, expect, it } from 'vitest';
import { shareOut, type Submitted } from '../../src/run/plan-share.js';

/** A worker that answers item k with `answer-k`, `lag` takes after it was sent (0: at once). */
function fakeWorker(lag: number) {
  const sent: number[] = [];
  const pending: Array<{ k: number; due: number; resolve: (v: string) => void; done: boolean }> = [];
  let clock = 0;
  const submit = (k: number): Submitted<string> => {
    sent.push(k);
    let resolve!: (v: string) => void;
    const answer = new Promise<string | undefined>((r) => (resolve = r));
    const job = { k, due: clock + lag, resolve, done: false };
    pending.push(job);
    return { answer, ready: () => job.done };
  };
  const tick = () => {
    clock++;
    for (const job of pending) {
      if (job.done || job.due > clock) continue;
      job.done = true;
      job.resolve(`answer-${job.k}`);
    }
  };
  return { submit, sent, tick };
}

describe('sharing items out between the main thread and the worker', () => {
  for (const lag of [0, 1, 3, 10]) {
    it(`every item once, in order, with the worker ${lag} takes behind`, async () => {
      const weights = Array.from({ length: 60 }, (_, k) => (k === 0 || k % 7 === 0 ? undefined : 100 + k));
      const worker = fakeWorker(lag);
      const sharing = shareOut(weights, worker.submit);
      const loadedHere: number[] = [];
      const fromWorker: number[] = [];
      for (let k = 0; k < weights.length; k++) {
        const answer = sharing.take(k);
        worker.tick();
        if (answer) {
          for (let t = 0; t < lag; t++) worker.tick();
          expect(await answer).toBe(`answer-${k}`);
          fromWorker.push(k);
        } else loadedHere.push(k);
      }
      expect([...loadedHere, ...fromWorker].sort((a, b) => a - b)).toEqual(weights.map((_, k) => k));
      expect(worker.sent.sort((a, b) => a - b)).toEqual(fromWorker);
      for (const k of fromWorker) expect(weights[k]).toBeDefined();
      expect(fromWorker.length).toBeGreaterThan(0);
    });
  }
});
