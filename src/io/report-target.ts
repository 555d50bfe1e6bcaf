/**
 * Where a report's bytes go. A report path names one of three things, and each is written its own
 * way: `-` is standard output; an existing character device or FIFO (`/dev/null`, `/dev/full`, a
 * pipe to another tool) is written through, never replaced; anything else is a regular file,
 * replaced atomically — through a symlink to the file it points at, so the link stays a link.
 * Renaming a temporary file over `/dev/null` would destroy the device for every process on the
 * machine; that is why the kind is decided before the first byte.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

export const STDOUT_PATH = '-';

/**
 * How a device or FIFO is opened: non-blocking, so a FIFO nobody reads fails at once (ENXIO)
 * instead of pinning a libuv thread in open(2) — which process.exit then waits on forever, so not
 * even a signal could end the run. A full pipe answers EAGAIN, and writeAll waits and retries.
 */
export const STREAM_FLAGS = constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND;

export type ReportTarget =
  /** standard output (`-`) */
  | { kind: 'stdout' }
  /** an existing character device or FIFO: opened and written, never renamed over */
  | { kind: 'stream'; path: string }
  /** a regular file (or a new path): a temporary file beside `path`, renamed over it */
  | { kind: 'file'; path: string };

const MAX_LINKS = 40; // as the kernel's own ELOOP limit

/** What `path` names now; a symlink resolves to the file it points at, even one not yet there. */
export async function resolveTarget(path: string): Promise<ReportTarget> {
  if (path === STDOUT_PATH) return { kind: 'stdout' };
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'file', path: current };
      throw error;
    }
    if (info.isSymbolicLink()) {
      current = resolve(dirname(current), await readlink(current));
      continue;
    }
    if (info.isCharacterDevice() || info.isFIFO()) return { kind: 'stream', path: current };
    if (info.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    if (!info.isFile())
      throw Object.assign(new Error('it is not a regular file, a device or a FIFO'), { code: 'EINVAL' });
    // a regular file: replace the real file, in its real folder (rename works within one file system)
    return { kind: 'file', path: await realpath(current) };
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdir({recursive: true})`
 * spins forever where a parent exists but refuses children with ENOENT (`/proc/nope/x`); a walk
 * of our own fails at once with the real cause.
 */
export async function ensureFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(current);
      if (parent === current) throw error;
      missing.push(current);
      current = parent;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A temporary file's name beside `path`: hidden, unique to this process and call. */
export function tempPathFor(path: string): string {
  const name = path.slice(dirname(path).length + 1);
  return join(dirname(path), `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes all of `data`, checking what each write took: a short write is continued, a write that
 * takes nothing is a full device. (`FileHandle.write` reports a short write as a smaller
 * `bytesWritten`, not as an error: ignoring it is how a full disk once left a truncated report.)
 */
export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    let bytesWritten;
    try {
      ({ bytesWritten } = await handle.write(data, offset, data.length - offset, null));
    } catch (error) {
      // a non-blocking pipe that is full: wait for its reader (a signal can still end the run)
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      await new Promise((done) => setTimeout(done, 5));
      continue;
    }
    if (bytesWritten <= 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}

/** Writes `text` to standard output and waits until it is handed to the system (or fails). */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (process.stdout.destroyed || !process.stdout.writable) {
      reject(Object.assign(new Error('standard output is closed'), { code: 'EPIPE' }));
      return;
    }
    process.stdout.write(text, (error) => (error ? reject(error) : resolvePromise()));
  });
}
