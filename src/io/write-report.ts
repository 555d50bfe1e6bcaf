/**
 * Report files are written whole or not at all: redacted, written to a temporary file beside the
 * target, every write checked, flushed, closed, then renamed over it. A failure leaves no half file
 * and the previous one as it was, and says what happened. `-`, devices and FIFOs are written
 * through instead (report-target.ts).
 */
import { rmSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redact } from './redact.js';
import { ensureFolder, resolveTarget, STREAM_FLAGS, tempPathFor, writeAll, writeStdout } from './report-target.js';

export class ReportWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`cannot write ${path}: ${detail}`);
    this.name = 'ReportWriteError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a parent is not a folder',
  // mkdir -p through an existing file fails with EEXIST, not ENOTDIR
  EEXIST: 'a parent is not a folder',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many levels of symbolic links',
  EPIPE: 'the reader closed the pipe',
  ENXIO: 'no process is reading it',
  EIO: 'input/output error',
};

export interface WriteOptions {
  /**
   * false for a file that is the user's own input edited in place (record mode's spec files): its
   * text is not ours to mask — a secret's value may be an ordinary word there — and the values
   * inserted into it were masked already, as data, by the reporter multiplexer.
   */
  redact?: boolean;
  /**
   * false for a record that only serves a later run (`.clova-regress/last-run.json`): it is not
   * flushed to the disk before the rename (an fsync: 2-3 ms of every run's wall time here), so a
   * power cut may lose it. Every write, the close and the rename are still checked.
   */
  durable?: boolean;
}

export async function writeReportFile(path: string, content: string, options: WriteOptions = {}): Promise<void> {
  const text = options.redact === false ? content : redact(content);
  let target;
  try {
    target = await resolveTarget(path);
  } catch (error) {
    throw reportWriteError(path, error);
  }
  if (target.kind === 'stdout') {
    try {
      await writeStdout(text);
    } catch (error) {
      throw reportWriteError(path, error);
    }
    return;
  }
  if (target.kind === 'stream') {
    // a device or a FIFO is written through: renaming over it would replace it for everyone
    try {
      const handle = await open(target.path, STREAM_FLAGS);
      try {
        await writeAll(handle, Buffer.from(text, 'utf8'));
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw reportWriteError(path, error);
    }
    return;
  }
  const temp = tempPathFor(target.path);
  try {
    await ensureFolder(dirname(target.path));
    const handle = await open(temp, 'wx', 0o644);
    trackTemp(temp);
    try {
      await writeAll(handle, Buffer.from(text, 'utf8'));
      if (options.durable !== false) await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    // a close error (NFS, quota) means the bytes may not be there: it fails the write too
    await handle.close();
    await rename(temp, target.path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw reportWriteError(path, error);
  } finally {
    untrackTemp(temp);
  }
}

/** Temporary report files not yet renamed or removed: an exiting process removes them. */
const pendingTemps = new Set<string>();
let exitHookInstalled = false;

/**
 * Marks a temporary file (or folder) for removal should the process exit before it is renamed — a second
 * Ctrl-C exits at once, mid-write. (SIGKILL cannot be caught: its temp files, named `.name.*.tmp`
 * beside the report, stay.)
 */
export function trackTemp(path: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers run synchronously; unlinking a file still open is fine on POSIX
    process.on('exit', () => {
      for (const temp of pendingTemps) {
        try {
          // a file, or a private folder of temporary files (spill-file.ts)
          rmSync(temp, { recursive: true, force: true });
        } catch {
          // already gone
        }
      }
    });
  }
  pendingTemps.add(path);
}

export function untrackTemp(path: string): void {
  pendingTemps.delete(path);
}

/** A file system error as a ReportWriteError with a reason a human reads ("read-only file system"). */
export function reportWriteError(path: string, error: unknown): ReportWriteError {
  const code = (error as NodeJS.ErrnoException).code;
  return new ReportWriteError(path, code, (code && REASONS[code]) ?? (error as Error).message);
}

/**
 * Appends to a file others write too (`$GITHUB_STEP_SUMMARY`): every byte checked, and a failed
 * append cut back to the length the file had, so no half summary is left at its end.
 */
export async function appendReportFile(path: string, content: string): Promise<void> {
  try {
    const handle = await open(path, 'a');
    const before = (await handle.stat()).size;
    try {
      await writeAll(handle, Buffer.from(redact(content), 'utf8'));
    } catch (error) {
      if ((await handle.stat()).isFile()) await handle.truncate(before).catch(() => undefined);
      throw error;
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw reportWriteError(path, error);
  }
}
