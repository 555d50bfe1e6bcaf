/**
 * A second thread for loading a big plan. At 100,000 dialogues loading is seconds of one core,
 * while a run waits for its first request; on a machine with two cores a worker (plan-worker.ts)
 * loads every other spec file, or every other part of one big file, meanwhile and hands back its
 * plan entries and dialogues as JSON text, the same text the main thread would have made of them.
 * The main thread takes files and parts in their order, its own and the worker's alike, so the
 * plan is the same whoever loaded what.
 *
 * Small plans are loaded in one thread as before (a worker costs ~50 ms to start); so is all the
 * worker declines (see plan-file.ts), and everything after the worker fails.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PlanAnswer, PlanJob } from './plan-file.js';

/** Below this much YAML in all, one thread (~6,000 dialogues of the bench's shape). */
export const MIN_THREADED_BYTES = 2 * 1024 * 1024;
/** Files or parts the worker is given ahead of the one the main thread waits for (what it buffers). */
const AHEAD = 3;

export interface ThreadOptions {
  expectations: boolean;
  partChars?: number;
  /** The worker's module (tests name the built one); by default dist/run/plan-worker.js if present. */
  workerFile?: string;
  /** Threaded from this many bytes in all (tests lower it). */
  minBytes?: number;
}

type Job = PlanJob extends infer J ? (J extends unknown ? Omit<J, 'id' | 'expectations'> : never) : never;

/** The worker, started on first use; every answer `undefined` once it is gone. */
export class PlanThread {
  private worker?: Worker;
  private dead = false;
  private next = 0;
  private readonly waiting = new Map<number, (answer: PlanAnswer | undefined) => void>();

  private constructor(
    private readonly file: string,
    private readonly options: ThreadOptions,
  ) {}

  /** A thread when this machine and build can have one. */
  static usable(options: ThreadOptions): PlanThread | undefined {
    const file = options.workerFile ?? defaultWorkerFile();
    return file && availableParallelism() >= 2 ? new PlanThread(file, options) : undefined;
  }

  get minBytes(): number {
    return this.options.minBytes ?? MIN_THREADED_BYTES;
  }

  get partChars(): number | undefined {
    return this.options.partChars;
  }

  submit(job: Job): Promise<PlanAnswer | undefined> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    const id = this.next++;
    const answer = new Promise<PlanAnswer | undefined>((resolve) => this.waiting.set(id, resolve));
    worker.postMessage({ ...job, id, expectations: this.options.expectations });
    return answer;
  }

  close(): void {
    this.dead = true;
    if (this.worker) void this.worker.terminate();
  }

  private start(): Worker | undefined {
    if (this.dead) return undefined;
    if (this.worker) return this.worker;
    try {
      this.worker = new Worker(this.file);
    } catch {
      this.dead = true;
      return undefined;
    }
    this.worker.unref();
    const fail = () => {
      this.dead = true;
      for (const resolve of this.waiting.values()) resolve(undefined);
      this.waiting.clear();
    };
    this.worker.on('message', (answer: PlanAnswer | { id: number }) => {
      const resolve = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      resolve?.('entries' in answer ? answer : undefined);
    });
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
    return this.worker;
  }
}

/** Hands out jobs `AHEAD` at a time and gives their answers back by key, in whatever order asked. */
function ahead(
  thread: PlanThread,
  keys: number[],
  jobOf: (key: number) => Job,
): (key: number) => Promise<PlanAnswer | undefined> | undefined {
  const answers = new Map<number, Promise<PlanAnswer | undefined>>();
  let sent = 0;
  const send = () => {
    const key = keys[sent++]!;
    answers.set(key, thread.submit(jobOf(key)));
  };
  while (sent < keys.length && sent < AHEAD) send();
  return (key) => {
    const answer = answers.get(key);
    if (!answer) return undefined;
    answers.delete(key);
    if (sent < keys.length) send();
    return answer;
  };
}

export interface ThreadedFile {
  path: string;
  shown: string;
  discovered: boolean;
}

/**
 * Gives the worker every other file by bytes when there are enough of them, and returns what the
 * loader asks in file order: for a file the worker took, its answer (undefined: load it here).
 */
export function offloadFiles(
  thread: PlanThread,
  files: ThreadedFile[],
): ((index: number) => Promise<PlanAnswer | undefined> | undefined) | undefined {
  if (files.length < 2) return undefined;
  const sizes = files.map((f) => sizeOf(f.path));
  if (sizes.reduce((a, b) => a + b, 0) < thread.minBytes) return undefined;
  // a file big enough to load in parts stays here (its parts may be shared out in turn)
  const partBytes = 2 * (thread.partChars ?? 256 * 1024);
  const theirs: number[] = [];
  let here = 0;
  let there = 0;
  files.forEach((_, i) => {
    if (sizes[i]! < partBytes && there < here) {
      theirs.push(i);
      there += sizes[i]!;
    } else here += sizes[i]!;
  });
  const partChars = thread.partChars;
  return ahead(thread, theirs, (i) => ({ kind: 'file', ...files[i]!, ...(partChars ? { partChars } : {}) }));
}

/**
 * Gives the worker every other run of a big file's list (never the first: its parse says where the
 * list starts), once `places` can say where each run is.
 */
export function offloadParts(
  thread: PlanThread,
  shown: string,
  text: string,
  runs: Array<[number, number]>,
  headEnd: number,
):
  | {
      takes(run: number): boolean;
      start(place: (run: number) => PartPlaceOf): void;
      take: (run: number) => Promise<PlanAnswer | undefined> | undefined;
    }
  | undefined {
  if (text.length < thread.minBytes || runs.length < 3) return undefined;
  const theirs = runs.map((_, k) => k).filter((k) => k % 2 === 1);
  const headText = text.slice(0, headEnd);
  let take: ((run: number) => Promise<PlanAnswer | undefined> | undefined) | undefined;
  return {
    takes: (run) => run % 2 === 1,
    start(place) {
      take = ahead(thread, theirs, (k) => ({
        kind: 'part',
        shown,
        key: 'dialogues',
        headText,
        runText: text.slice(runs[k]![0], runs[k]![1]),
        place: place(k),
      }));
    },
    take: (run) => take?.(run),
  };
}

type PartPlaceOf = Extract<PlanJob, { kind: 'part' }>['place'];

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
