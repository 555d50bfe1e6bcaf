/**
 * A second thread for loading a big plan. At 100,000 dialogues loading is seconds of one core,
 * while a run waits for its first request; on a machine with two cores a worker (plan-worker.ts)
 * loads some of the spec files, or of the parts of one big file (plan-share.ts), meanwhile and hands back its
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
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { DEFAULT_PARTS_FROM_CHARS } from '../dialogues/load-parts.js';
import type { PlanAnswer, PlanJob } from './plan-file.js';
import { shareOut, type Sharing, type Submitted } from './plan-share.js';

/**
 * Below this much YAML in all, one thread (~25,000 dialogues of the bench's shape): for 3 MB a
 * worker's start and its modules cost about what it saves (bench/load.mjs figure 1, load 2–3).
 */
export const MIN_THREADED_BYTES = 8 * 1024 * 1024;

export interface ThreadOptions {
  expectations: boolean;
  /** Files of at least this many characters are loaded in parts, by the main thread (load-parts.ts). */
  partsFrom?: number;
  /** The worker's module (tests name the built one); by default dist/run/plan-worker.js if present. */
  workerFile?: string;
  /** Threaded from this many bytes in all (tests lower it). */
  minBytes?: number;
}

type Job = PlanJob extends infer J ? (J extends unknown ? Omit<J, 'id' | 'expectations'> : never) : never;

/** The worker, started on first use; every answer `undefined` once it is gone. */
export class PlanThread {
  private worker?: Worker;
  /** Where the answers come: polled without waiting too (`ready`), as the main thread seldom yields while loading. */
  private answers?: MessagePort;
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

  get partsFrom(): number | undefined {
    return this.options.partsFrom;
  }

  submit(job: Job): Submitted<PlanAnswer> {
    const worker = this.start();
    if (!worker) return { answer: Promise.resolve(undefined), ready: () => true };
    const id = this.next++;
    const answer = new Promise<PlanAnswer | undefined>((resolve) => this.waiting.set(id, resolve));
    worker.postMessage({ ...job, id, expectations: this.options.expectations });
    return { answer, ready: () => this.ready(id) };
  }

  /** Whether job `id` is answered, taking the answers that came meanwhile. */
  private ready(id: number): boolean {
    for (let m = this.answers && receiveMessageOnPort(this.answers); m; m = receiveMessageOnPort(this.answers!))
      this.answered(m.message as PlanAnswer | { id: number });
    return !this.waiting.has(id);
  }

  private answered(answer: PlanAnswer | { id: number }): void {
    const resolve = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    resolve?.('entries' in answer ? answer : undefined);
  }

  close(): void {
    this.dead = true;
    this.answers?.close();
    if (this.worker) void this.worker.terminate();
  }

  private start(): Worker | undefined {
    if (this.dead) return undefined;
    if (this.worker) return this.worker;
    const { port1, port2 } = new MessageChannel();
    try {
      this.worker = new Worker(this.file, {
        workerData: { answers: port2 },
        transferList: [port2],
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      });
    } catch {
      this.dead = true;
      return undefined;
    }
    this.worker.unref();
    this.answers = port1;
    port1.on('message', (answer: PlanAnswer | { id: number }) => this.answered(answer));
    // held open (so the process waits for answers) until close(), which buildRunPlan always calls
    const fail = () => {
      this.dead = true;
      for (const resolve of this.waiting.values()) resolve(undefined);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
    return this.worker;
  }
}

export interface ThreadedFile {
  path: string;
  shown: string;
  discovered: boolean;
}

/**
 * Shares the files out with the worker (plan-share.ts) when there are enough bytes of them, and
 * returns what the loader asks in file order: for a file the worker took, its answer (undefined:
 * load it here).
 */
export function offloadFiles(
  thread: PlanThread,
  files: ThreadedFile[],
): ((index: number) => Promise<PlanAnswer | undefined> | undefined) | undefined {
  if (files.length < 2) return undefined;
  const sizes = files.map((f) => sizeOf(f.path));
  if (sizes.reduce((a, b) => a + b, 0) < thread.minBytes) return undefined;
  // a file big enough to load in parts stays here (its parts may be shared out in turn)
  const partsFrom = thread.partsFrom;
  const partBytes = partsFrom ?? DEFAULT_PARTS_FROM_CHARS;
  const sharing = shareOut(
    sizes.map((size) => (size < partBytes ? size : undefined)),
    (i) => thread.submit({ kind: 'file', ...files[i]!, ...(partsFrom ? { partsFrom } : {}) }),
  );
  return (i) => sharing.take(i);
}

/**
 * Shares out the runs of a big file's list (never the first: its parse says where the list
 * starts), once `start` can say where each run is.
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
  const headText = text.slice(0, headEnd);
  let sharing: Sharing<PlanAnswer> | undefined;
  return {
    takes: (run) => sharing?.takes(run) ?? false,
    start(place) {
      sharing = shareOut(
        runs.map(([start, end], k) => (k === 0 ? undefined : end - start)),
        (k) =>
          thread.submit({
            kind: 'part',
            shown,
            key: 'dialogues',
            headText,
            runText: text.slice(runs[k]![0], runs[k]![1]),
            place: place(k),
          }),
      );
    },
    take: (run) => sharing?.take(run),
  };
}

type PartPlaceOf = Extract<PlanJob, { kind: 'part' }>['place'];

/**
 * The worker's file: from the bundle (dist/cli-bundle.cjs), the worker's own bundle beside it
 * (dist/plan-worker.cjs); from tsc's modules (dist/run/), tsc's dist/run/plan-worker.js.
 */
function defaultWorkerFile(): string | undefined {
  for (const relative of ['./plan-worker.cjs', './plan-worker.js', './run/plan-worker.js']) {
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
