/**
 * Where a streaming report puts each dialogue's rendered text as the dialogue ends (JUnit's
 * testcases, the HTML page's articles): a private temporary file — mode 0600 in a folder of its
 * own (0700) — appended to in completion order (buffered, one write at a time, every write
 * checked), read back by position when the report is written in plan order. Memory then holds a
 * few numbers per dialogue, not its text. What is spilled was masked already (the reporter
 * multiplexer masks every result before a reporter sees it), and is masked once more as text as
 * it is spilled: the report writes the bytes read back as they are (`readBytes`). The folder is removed when the report
 * is written, on failure, and on process exit (not SIGKILL).
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportWriteError, trackTemp, untrackTemp } from './write-report.js';
import { writeAll } from './report-target.js';
import { redact } from './redact.js';

/** Text gathered before one write: one syscall per many dialogues. */
const BUFFER_BYTES = 256 * 1024;
/** Bytes read back at once. */
const READ_WINDOW_BYTES = 1024 * 1024;

export interface SpillRef {
  offset: number;
  bytes: number;
}

export class SpillFile {
  private handle: FileHandle | undefined;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes written or pending: the next piece's offset. */
  private size = 0;
  /** The writes in flight, chained: dialogues end concurrently, and the offsets assume append order. */
  private writing: Promise<void> = Promise.resolve();
  /** The part of the file last read. */
  private window: { offset: number; buffer: Buffer } | undefined;

  private constructor(
    readonly dir: string,
    readonly path: string,
  ) {}

  /** `label` names the folder (`clova-regress-<label>-<pid>-…`), so a leftover says whose it is. */
  static async create(label: string): Promise<SpillFile> {
    const prefix = join(tmpdir(), `clova-regress-${label}-${process.pid}-`);
    let dir: string;
    try {
      dir = await mkdtemp(prefix);
    } catch (error) {
      throw reportWriteError(`${prefix}*`, error);
    }
    // the folder, not the file: the exit hook removes it with whatever is in it
    trackTemp(dir);
    const spill = new SpillFile(dir, join(dir, 'spill.tmp'));
    try {
      spill.handle = await open(spill.path, 'wx+', 0o600);
    } catch (error) {
      await spill.remove();
      throw reportWriteError(spill.path, error);
    }
    return spill;
  }

  async append(text: string): Promise<SpillRef> {
    const buffer = Buffer.from(redact(text), 'utf8');
    const ref = { offset: this.size, bytes: buffer.length };
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.size += buffer.length;
    if (this.pendingBytes >= BUFFER_BYTES) await this.flush();
    return ref;
  }

  /**
   * The text at `ref`. Reads go through a window of the file: a report reads its pieces back in
   * plan order, which is mostly the order they were written in, so one read serves many pieces.
   */
  async read(ref: SpillRef): Promise<string> {
    return (await this.readBytes(ref)).toString('utf8');
  }

  /** The bytes at `ref` (redacted when spilled): a view of the window, valid until the file is removed. */
  async readBytes(ref: SpillRef): Promise<Buffer> {
    await this.flush();
    const window = this.window;
    if (window && ref.offset >= window.offset && ref.offset + ref.bytes <= window.offset + window.buffer.length) {
      const start = ref.offset - window.offset;
      return window.buffer.subarray(start, start + ref.bytes);
    }
    const length = Math.max(ref.bytes, Math.min(READ_WINDOW_BYTES, this.size - ref.offset));
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    try {
      while (done < length) {
        const { bytesRead } = await this.handle!.read(buffer, done, length - done, ref.offset + done);
        if (bytesRead === 0) throw new Error('the temporary file is shorter than what was written to it');
        done += bytesRead;
      }
    } catch (error) {
      throw reportWriteError(this.path, error);
    }
    this.window = { offset: ref.offset, buffer };
    return buffer.subarray(0, ref.bytes);
  }

  async remove(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
    untrackTemp(this.dir);
  }

  /** Queues what is pending behind the writes in flight; a failed write fails every later one. */
  private flush(): Promise<void> {
    if (this.pendingBytes === 0) return this.writing;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending.length = 0;
    this.pendingBytes = 0;
    this.writing = this.writing.then(async () => {
      try {
        // sequential writes at the file's own position: reads are positioned (pread) and do not move it
        await writeAll(this.handle!, chunk);
      } catch (error) {
        throw reportWriteError(this.path, error);
      }
    });
    return this.writing;
  }
}
