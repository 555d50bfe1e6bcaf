/**
 * A spec or bot definition file's bytes → its text, refused when it is not what a spec can be:
 * larger than the cap (a 50 MB file cost 2 GB and 14 s to be told nothing useful), invalid UTF-8
 * (decoded, it became U+FFFD and was sent to the bot), or holding a NUL byte. Each refusal is a
 * problem at the file, or at the offending byte's line and column.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Problem } from '../diagnostics/problem.js';

/** The largest spec or bot definition file read (docs/spec-format.md): 64 MiB, well above a 100,000-dialogue file (~35 MB). */
export const MAX_SPEC_BYTES = 64 * 1024 * 1024;

export type SpecText = { ok: true; text: string } | { ok: false; problem: Problem };

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** What readSpecText threw (ENOENT, EISDIR, EACCES…), as the problem of a spec file that cannot be read. */
export function unreadableProblem(shown: string, error: unknown): Problem {
  const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return { file: shown, line: 1, column: 1, code: 'unreadable', message: `cannot read the file: ${why}` };
}

/** Reads `absolute` (shown as `shown`); throws only what the file system throws (ENOENT, EISDIR…). */
export async function readSpecText(absolute: string, shown: string, limit = MAX_SPEC_BYTES): Promise<SpecText> {
  // A regular file is read at once, in this thread: open, stat, two reads and a close through the
  // thread pool took 0.3–0.5 ms a spec file, ten times the read itself, with the loader idle meanwhile.
  // Anything else (a FIFO, a device, a folder) is read the slow way, so a pipe nobody writes to
  // blocks an await, not the process and its signal handlers. (Looked at with stat, not opened:
  // opening a FIFO, even without waiting, would let a writer in to write to nobody.)
  if (statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
    const fd = openSync(absolute, 'r');
    try {
      return readRegularFile(fd, shown, limit);
    } finally {
      closeSync(fd);
    }
  }
  const handle = await open(absolute, 'r');
  let bytes: Buffer;
  try {
    const { size } = await handle.stat();
    if (size > limit) return { ok: false, problem: tooLarge(shown, size, limit) };
    // read at most one byte past the cap: a file that grows, or claims no size (a FIFO), is still bounded
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total) || 1);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { ok: false, problem: tooLarge(shown, total, limit, true) };
    }
    bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
  return decodeSpecText(shown, bytes);
}

/** A regular file's text, read from `fd` (the caller closes it). */
function readRegularFile(fd: number, shown: string, limit: number): SpecText {
  const { size } = fstatSync(fd);
  if (size > limit) return { ok: false, problem: tooLarge(shown, size, limit) };
  // a byte more than the size, so a file that grew since is seen to, and read on up to the cap
  let buffer = Buffer.allocUnsafe(size + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > limit) return { ok: false, problem: tooLarge(shown, total, limit, true) };
      const larger = Buffer.allocUnsafe(Math.min(2 * buffer.length, limit + 1));
      buffer.copy(larger, 0, 0, total);
      buffer = larger;
    }
    const bytesRead = readSync(fd, buffer, total, buffer.length - total, null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return decodeSpecText(shown, buffer.subarray(0, total));
}

function tooLarge(file: string, size: number, limit: number, atLeast = false): Problem {
  return {
    file,
    line: 1,
    column: 1,
    code: 'too-large',
    message: `the file is ${atLeast ? 'over ' : ''}${mb(size)}, over the ${mb(limit)} limit for a spec or bot definition`,
    hint: 'split it into several files (a folder of specs loads as one run)',
  };
}

/** One-shot decodes (no `stream`) leave a decoder as it was: one serves every file. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes → text (a BOM kept, as before), or the problem at the first invalid byte or NUL. */
export function decodeSpecText(file: string, bytes: Buffer): SpecText {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    return {
      ok: false,
      problem: {
        ...where(file, bytes, at),
        code: 'invalid-utf8',
        message: `invalid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at offset ${at})`,
        hint: 'save the file as UTF-8',
      },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    return {
      ok: false,
      problem: {
        ...where(file, bytes, nul),
        code: 'nul-byte',
        message: `a NUL byte (offset ${nul}): a spec is text`,
        hint: 'is this a binary file, or saved as UTF-16? save it as UTF-8',
      },
    };
  return { ok: true, text };
}

/** Line and column (UTF-16 units, as every other position) of a byte offset. */
function where(file: string, bytes: Buffer, offset: number): { file: string; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1 && nl < offset; nl = bytes.indexOf(0x0a, nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { file, line, column: bytes.toString('utf8', lineStart, offset).length + 1 };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}
