/**
 * A report file written as it goes, yet whole or not at all: appended to a temporary file beside
 * the target (every chunk redacted, every write checked), flushed, closed, then renamed over the
 * target at `commit`. A run that dies leaves the previous report untouched; `discard` removes the
 * temporary file, and so does process exit (a second Ctrl-C exits at once, mid-run), except on
 * SIGKILL. `-` (standard output), a device or a FIFO is written through as the run goes instead:
 * there is no previous file to keep there.
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redactParts } from './redact-parts.js';
import { reportWriteError, trackTemp, untrackTemp } from './write-report.js';
import {
  ensureFolder,
  resolveTarget,
  STREAM_FLAGS,
  tempPathFor,
  writeAll,
  writeStdout,
  type ReportTarget,
} from './report-target.js';

/** Chunks are gathered up to this size before a write: one syscall per many dialogues. */
const BUFFER_CHARS = 256 * 1024;
/** Bytes of the buffer a chunk is encoded into, reused write after write (UTF-8 takes ≤ 3 bytes a char). */
const POOL_BYTES = 3 * BUFFER_CHARS + 64 * 1024;

export class AtomicStreamFile {
  private handle: FileHandle | undefined;
  private target: ReportTarget | undefined;
  private temp: string | undefined;
  /** Texts to redact and encode, and bytes redacted already (spilled text read back), in order. */
  private buffer: Array<string | Buffer> = [];
  private buffered = 0;
  /** The writes in flight, chained: dialogues end concurrently, and chunks must land in order. */
  private writing: Promise<void> = Promise.resolve();
  private pool: Buffer | undefined;

  constructor(readonly path: string) {}

  async open(): Promise<void> {
    try {
      this.target = await resolveTarget(this.path);
      if (this.target.kind === 'stream') {
        this.handle = await open(this.target.path, STREAM_FLAGS);
      } else if (this.target.kind === 'file') {
        await ensureFolder(dirname(this.target.path));
        this.temp = tempPathFor(this.target.path);
        this.handle = await open(this.temp, 'wx', 0o644);
        trackTemp(this.temp);
      }
    } catch (error) {
      throw reportWriteError(this.path, error);
    }
  }

  /**
   * Queues text, or texts that follow one another (a line in pieces, so it is never joined into one
   * string: each piece is masked and encoded on its own); writes when enough has gathered.
   */
  async write(text: string | readonly string[]): Promise<void> {
    if (typeof text === 'string') {
      this.buffer.push(text);
      this.buffered += text.length;
    } else {
      for (const piece of text) {
        this.buffer.push(piece);
        this.buffered += piece.length;
      }
    }
    if (this.buffered >= BUFFER_CHARS) await this.flush();
  }

  /**
   * Queues UTF-8 bytes that were redacted when they were made (SpillFile masks what it spills):
   * they are written as they are, not decoded, masked and encoded again.
   */
  async writeRedacted(bytes: Buffer): Promise<void> {
    this.buffer.push(bytes);
    this.buffered += bytes.length;
    if (this.buffered >= BUFFER_CHARS) await this.flush();
  }

  async commit(): Promise<void> {
    try {
      await this.flush();
      if (this.target?.kind === 'file') await this.handle?.sync();
      const handle = this.handle;
      this.handle = undefined;
      // a close error means the bytes may not be there: it fails the report too
      await handle?.close();
      if (this.temp && this.target?.kind === 'file') {
        await rename(this.temp, this.target.path);
        untrackTemp(this.temp);
        this.temp = undefined;
      }
    } catch (error) {
      await this.discard();
      throw error instanceof Error && error.name === 'ReportWriteError' ? error : reportWriteError(this.path, error);
    }
  }

  async discard(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    if (this.temp) {
      await unlink(this.temp).catch(() => undefined);
      untrackTemp(this.temp);
      this.temp = undefined;
    }
  }

  /** Queues the gathered parts behind the writes in flight; a failed write fails every later one. */
  private flush(): Promise<void> {
    if (this.buffered === 0) return this.writing;
    const parts = masked(this.buffer);
    this.buffer = [];
    this.buffered = 0;
    this.writing = this.writing.then(() => this.writeOut(parts));
    return this.writing;
  }

  private async writeOut(parts: Array<string | Buffer>): Promise<void> {
    try {
      if (this.target?.kind === 'stdout') await writeStdout(parts.map((p) => p.toString()).join(''));
      else await writeAll(this.handle!, this.encode(parts));
    } catch (error) {
      await this.discard();
      throw reportWriteError(this.path, error);
    }
  }

  /** The parts as UTF-8, in the reused buffer when they fit (written before the next chunk is encoded). */
  private encode(parts: Array<string | Buffer>): Buffer {
    let most = 0;
    for (const p of parts) most += typeof p === 'string' ? p.length * 3 : p.length;
    if (most > POOL_BYTES) return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    const pool = (this.pool ??= Buffer.allocUnsafe(POOL_BYTES));
    let at = 0;
    for (const p of parts) at += typeof p === 'string' ? pool.write(p, at, 'utf8') : p.copy(pool, at);
    return pool.subarray(0, at);
  }
}

/**
 * Each run of texts redacted as if joined (a secret split across two writes is caught), piece by
 * piece so nothing is copied where nothing is masked; bytes as they are.
 */
function masked(parts: Array<string | Buffer>): Array<string | Buffer> {
  const out: Array<string | Buffer> = [];
  let texts: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      texts.push(p);
      continue;
    }
    for (const t of redactParts(texts)) out.push(t);
    texts = [];
    out.push(p);
  }
  for (const t of redactParts(texts)) out.push(t);
  return out;
}

/**
 * A report produced in one go at the end (JUnit, HTML): `produce` writes its parts, and the file is
 * committed when it returns, discarded (the previous file kept) when it throws.
 */
export async function writeReportStream(
  path: string,
  produce: (write: (text: string) => Promise<void>, writeRedacted: (bytes: Buffer) => Promise<void>) => Promise<void>,
): Promise<void> {
  const out = new AtomicStreamFile(path);
  await out.open();
  try {
    await produce(
      (text) => out.write(text),
      (bytes) => out.writeRedacted(bytes),
    );
    await out.commit();
  } catch (error) {
    await out.discard();
    throw error;
  }
}
