/**
 * A second thread for loading a big plan. At 100,000 dialogues loading is seconds of one core,
 * while a run waits for its first request; on a machine with two cores a worker (plan-worker.ts)
 * loads every other spec file meanwhile and hands back its plan entries and dialogues as JSON
 * text, the same text the main thread would have made of them. The main thread takes the files
 * in their order, its own and the worker's alike, so the plan is the same whoever loaded what.
 *
 * Small plans are loaded in one thread as before (a worker costs ~50 ms to start); so is every
 * file the worker declines (see plan-file.ts), and everything after the worker fails.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PlanFileJob, PlanFileResult } from './plan-file.js';

/** Below this much YAML in all, one thread (~6,000 dialogues of the bench's shape). */
export const MIN_THREADED_BYTES = 2 * 1024 * 1024;
/** Files the worker is given ahead of the one the main thread waits for (what it buffers). */
const AHEAD = 3;

export interface ThreadedFile {
  path: string;
  shown: string;
  discovered: boolean;
}

export interface ThreadOptions {
  expectations: boolean;
  partChars?: number;
  /** The worker's module (tests name the built one); by default dist/run/plan-worker.js if present. */
  workerFile?: string;
  /** Threaded from this many bytes in all (tests lower it). */
  minBytes?: number;
}

/**
 * Starts a worker for `files` when they are worth it, and returns what the loader asks in file
 * order: for a file the worker took, its result (undefined: load it here); for the others, undefined.
 */
export function startPlanThreads(
  files: ThreadedFile[],
  options: ThreadOptions,
): { take(index: number): Promise<PlanFileResult | undefined> | undefined; close(): void } | undefined {
  const file = options.workerFile ?? defaultWorkerFile();
  if (!file || files.length < 2 || availableParallelism() < 2) return undefined;
  const sizes = files.map((f) => sizeOf(f.path));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < (options.minBytes ?? MIN_THREADED_BYTES)) return undefined;
  // every other file by bytes; a file big enough to load in parts stays here (it is loaded a part at a time)
  const partBytes = 2 * (options.partChars ?? 256 * 1024);
  const theirs: number[] = [];
  let here = 0;
  let there = 0;
  files.forEach((_, i) => {
    if (sizes[i]! < partBytes && there < here) {
      theirs.push(i);
      there += sizes[i]!;
    } else here += sizes[i]!;
  });
  let worker: Worker;
  try {
    worker = new Worker(file);
  } catch {
    return undefined;
  }
  worker.unref();
  const waiting = new Map<number, (result: PlanFileResult | undefined) => void>();
  const answers = new Map<number, Promise<PlanFileResult | undefined>>();
  let dead = false;
  const fail = () => {
    dead = true;
    for (const resolve of waiting.values()) resolve(undefined);
    waiting.clear();
  };
  worker.on('message', (answer: PlanFileResult | { index: number }) => {
    const resolve = waiting.get(answer.index);
    waiting.delete(answer.index);
    resolve?.('entries' in answer ? answer : undefined);
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  let sent = 0;
  const send = () => {
    const index = theirs[sent++]!;
    const f = files[index]!;
    const job: PlanFileJob = { index, ...f, expectations: options.expectations };
    if (options.partChars) job.partChars = options.partChars;
    answers.set(index, dead ? Promise.resolve(undefined) : new Promise((resolve) => waiting.set(index, resolve)));
    if (!dead) worker.postMessage(job);
  };
  while (sent < theirs.length && sent < AHEAD) send();
  return {
    take(index) {
      const answer = answers.get(index);
      if (!answer) return undefined;
      answers.delete(index);
      if (sent < theirs.length) send();
      return answer;
    },
    close() {
      dead = true;
      void worker.terminate();
    },
  };
}

/** tsc's dist/run/plan-worker.js, from this module unbundled (dist/run/) or bundled (dist/cli-*.js). */
function defaultWorkerFile(): string | undefined {
  for (const relative of ['./plan-worker.js', './run/plan-worker.js']) {
    const url = new URL(relative, import.meta.url);
    if (url.protocol !== 'file:') continue;
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return undefined;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
