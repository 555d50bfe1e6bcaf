/**
 * Reading a file that a spec names (`utterances:`). A spec is code we run, often from a pull
 * request: a path in it must not read the machine. So a named file must resolve — after symlinks —
 * inside the folder the command runs from or the spec's own folder, must be a regular file (a
 * FIFO would hang the run, `/dev/zero` would fill the memory), and must be under a size cap.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';

/** The largest file a spec may name: far above any real utterance list. */
export const MAX_NAMED_FILE_BYTES = 10 * 1024 * 1024;

export type NamedFileRead = { ok: true; bytes: Buffer } | { ok: false; message: string };

/** `absolute` read if it lies inside one of `roots`; `shown` is how messages name it. */
export async function readNamedFile(absolute: string, shown: string, roots: readonly string[]): Promise<NamedFileRead> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    return { ok: false, message: failure(error, shown) };
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  if (!realRoots.some((root) => isInside(real, root))) {
    return {
      ok: false,
      message: `${shown} is outside the project: a spec may name files only under the folder it runs from or its own folder`,
    };
  }
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: failure(error, shown) };
  }
  try {
    // checked on the open file itself, so a swap after the check cannot slip a device in
    const info = await handle.stat();
    if (info.isDirectory()) return { ok: false, message: `${shown} is a folder, not an utterance file` };
    if (!info.isFile())
      return {
        ok: false,
        message: `${shown} is not a regular file (a device, FIFO or socket cannot be an utterance file)`,
      };
    if (info.size > MAX_NAMED_FILE_BYTES)
      return {
        ok: false,
        message: `${shown} is ${(info.size / 1024 / 1024).toFixed(1)} MB: an utterance file may be at most ${MAX_NAMED_FILE_BYTES / 1024 / 1024} MB`,
      };
    const bytes = await handle.readFile();
    if (bytes.length > MAX_NAMED_FILE_BYTES)
      return { ok: false, message: `${shown} grew past ${MAX_NAMED_FILE_BYTES / 1024 / 1024} MB while read` };
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, message: failure(error, shown) };
  } finally {
    await handle.close();
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function failure(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such utterance file: ${shown} (the path is relative to the spec)`;
  if (code === 'EISDIR') return `${shown} is a folder, not an utterance file`;
  return `cannot read ${shown}: ${code ?? (error as Error).message}`;
}
