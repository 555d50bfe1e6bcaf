/**
 * `run --watch`: run once, then again whenever a spec or the bot changes, until the user quits.
 * An edited spec file re-runs that file only; anything else the run reads (the mock's bot file,
 * a phrasing table, a config) re-runs everything, because which dialogues it touches is not
 * known without loading them all. Keys (a terminal) or lines (a pipe) choose what to run next.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { emitKeypressEvents } from 'node:readline';

/** What one cycle runs: some spec files, everything, or the previous run's failures. */
export type WatchRequest = { kind: 'all' } | { kind: 'files'; files: string[] } | { kind: 'failed' };

export interface WatchSession {
  /** The spec paths the run was given (files or folders), as the user wrote them. */
  roots: string[];
  /** Other files a run reads (the mock's bot definition): a change re-runs everything. */
  extraFiles: string[];
  /** One run with the given request; resolves to its exit code. */
  runOnce(request: WatchRequest): Promise<number>;
  write(text: string): void;
  input: NodeJS.ReadStream | NodeJS.ReadableStream;
  /** Clear the screen before each run (a terminal). */
  clearScreen: boolean;
  /** Quiet time after the last file event before a run starts: editors write a file in bursts. */
  debounceMs?: number;
}

export const WATCH_HELP = 'Watching for changes — press a to run all, f to run failed, Enter to re-run, q to quit.\n';
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

const isSpecFile = (path: string) => ['.yaml', '.yml'].includes(extname(path).toLowerCase());

/** Runs until q (or Ctrl-C, or an interrupted run); resolves to the last run's exit code. */
export async function watchRuns(session: WatchSession): Promise<number> {
  const debounceMs = session.debounceMs ?? 150;
  const extra = new Set(session.extraFiles.map((f) => resolve(f)));
  let lastCode = 0;
  let last: WatchRequest = { kind: 'all' };
  let running: Promise<void> | undefined;
  let queued: WatchRequest | undefined;
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let quit: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (quit = r));
  let stopped = false;

  const cycle = async (request: WatchRequest) => {
    if (session.clearScreen) session.write(CLEAR);
    session.write(describeRequest(request));
    last = request;
    lastCode = await session.runOnce(request);
    // an interrupted run (Ctrl-C while it ran) ends the watch, as it would end a plain run
    if (lastCode === 130) return stop();
    session.write(`\n${WATCH_HELP}`);
  };
  const schedule = (request: WatchRequest) => {
    if (stopped) return;
    if (running) {
      queued = merge(queued, request);
      return;
    }
    running = cycle(request).finally(() => {
      running = undefined;
      const next = queued;
      queued = undefined;
      if (next) schedule(next);
    });
  };
  const onFileEvent = (path: string) => {
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };
  const flush = async () => {
    const paths = [...changed];
    changed = new Set();
    const request = await requestFor(paths, extra);
    if (request) schedule(request);
  };

  const watchers = await startWatchers(session.roots, [...extra], onFileEvent);
  const detach = listenForCommands(session.input, (command) => {
    if (command === 'quit') return stop();
    schedule(command === 'failed' ? { kind: 'failed' } : command === 'all' ? { kind: 'all' } : last);
  });
  const onSigint = () => stop();
  process.on('SIGINT', onSigint);

  function stop() {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const w of watchers) w.close();
    detach();
    process.off('SIGINT', onSigint);
    // a run in flight finishes (and writes its reports) before the watch ends
    void (running ?? Promise.resolve()).then(() => quit(lastCode));
  }

  schedule({ kind: 'all' });
  return done;
}

function describeRequest(request: WatchRequest): string {
  if (request.kind === 'files') {
    const names = request.files.map((f) => relative(process.cwd(), f) || f);
    return `Changed: ${names.join(', ')} — running ${names.length === 1 ? 'that file' : 'those files'}\n`;
  }
  return request.kind === 'failed' ? 'Running the dialogues that failed last time\n' : 'Running all dialogues\n';
}

/** Two requests waiting for the same slot: the wider one wins. */
function merge(a: WatchRequest | undefined, b: WatchRequest): WatchRequest {
  if (!a) return b;
  if (a.kind === 'all' || b.kind === 'all') return { kind: 'all' };
  if (a.kind === 'files' && b.kind === 'files') return { kind: 'files', files: [...new Set([...a.files, ...b.files])] };
  return b;
}

/** Changed paths → what to run: the spec files that still exist, or everything. */
async function requestFor(paths: string[], extra: Set<string>): Promise<WatchRequest | undefined> {
  const specs: string[] = [];
  for (const path of paths) {
    if (extra.has(path)) return { kind: 'all' };
    const info = await stat(path).catch(() => undefined);
    // a deleted or renamed-away file: its dialogues are gone, the others may have used it
    if (!info) {
      if (isSpecFile(path)) continue;
      return { kind: 'all' };
    }
    if (info.isDirectory()) continue;
    if (!isSpecFile(path)) return { kind: 'all' };
    specs.push(path);
  }
  return specs.length > 0 ? { kind: 'files', files: specs } : undefined;
}

/**
 * Folders are watched recursively; a file is watched through its folder, because editors save by
 * writing a temp file and renaming it over the old one, which ends a watch on the file itself.
 */
async function startWatchers(roots: string[], files: string[], onEvent: (path: string) => void): Promise<FSWatcher[]> {
  const watchers: FSWatcher[] = [];
  const byFolder = new Map<string, Set<string>>();
  for (const root of roots) {
    const abs = resolve(root);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isDirectory()) {
      watchers.push(
        watch(abs, { recursive: true }, (_event, name) => {
          if (
            name &&
            !String(name)
              .split(sep)
              .some((part) => part.startsWith('.'))
          )
            onEvent(join(abs, String(name)));
        }),
      );
    } else {
      files.push(abs);
    }
  }
  for (const file of files) {
    const folder = dirname(file);
    if (!byFolder.has(folder)) byFolder.set(folder, new Set());
    byFolder.get(folder)!.add(basename(file));
  }
  for (const [folder, names] of byFolder) {
    const info = await stat(folder).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    watchers.push(
      watch(folder, (_event, name) => {
        if (name && names.has(String(name))) onEvent(join(folder, String(name)));
      }),
    );
  }
  return watchers;
}

type Command = 'all' | 'failed' | 'again' | 'quit';

const COMMANDS: Record<string, Command> = { a: 'all', f: 'failed', q: 'quit', '': 'again', r: 'again' };

/** Keys on a terminal (raw mode), lines on a pipe: the same commands either way. */
function listenForCommands(input: WatchSession['input'], onCommand: (c: Command) => void): () => void {
  const tty = input as NodeJS.ReadStream;
  if (tty.isTTY && typeof tty.setRawMode === 'function') {
    emitKeypressEvents(tty);
    tty.setRawMode(true);
    const onKey = (_text: string, key: { name?: string; ctrl?: boolean; sequence?: string }) => {
      if (key.ctrl && key.name === 'c') return onCommand('quit');
      const name = key.name === 'return' ? '' : (key.name ?? '');
      const command = COMMANDS[name];
      if (command) onCommand(command);
    };
    tty.on('keypress', onKey);
    tty.resume();
    return () => {
      tty.off('keypress', onKey);
      tty.setRawMode(false);
      release(tty);
    };
  }
  let buffered = '';
  const onData = (chunk: Buffer | string) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const command = COMMANDS[buffered.slice(0, nl).trim().toLowerCase()];
      buffered = buffered.slice(nl + 1);
      if (command) onCommand(command);
    }
  };
  input.on('data', onData);
  // a closed stdin (a job with no terminal) leaves only file changes and Ctrl-C: keep watching
  input.on('error', () => {});
  return () => {
    input.off('data', onData);
    release(input);
  };
}

/** Stop reading, and let the process exit although the pipe or terminal stays open. */
function release(input: WatchSession['input']): void {
  input.pause();
  (input as { unref?: () => void }).unref?.();
}
