/**
 * Where the JUnit reporter puts each testcase as its dialogue ends: a private temporary file,
 * appended to in completion order (buffered, every write checked), read back by position when
 * the report is written in plan order. Memory then holds a few numbers per dialogue, not its XML.
 * The file is removed when the report is written, on failure, and on process exit (not SIGKILL).
 */
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { reportWriteError, trackTemp, untrackTemp } from '../io/write-report.js';
import { writeAll } from '../io/report-target.js';

/** Text gathered before one write: one syscall per many testcases. */
const BUFFER_BYTES = 256 * 1024;

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

  private constructor(readonly path: string) {}

  static async create(): Promise<SpillFile> {
    const name = `.clova-regress-junit-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    const spill = new SpillFile(join(tmpdir(), name));
    try {
      spill.handle = await open(spill.path, 'wx+', 0o600);
      trackTemp(spill.path);
    } catch (error) {
      throw reportWriteError(spill.path, error);
    }
    return spill;
  }

  async append(text: string): Promise<SpillRef> {
    const buffer = Buffer.from(text, 'utf8');
    const ref = { offset: this.size, bytes: buffer.length };
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.size += buffer.length;
    if (this.pendingBytes >= BUFFER_BYTES) await this.flush();
    return ref;
  }

  async read(ref: SpillRef): Promise<string> {
    await this.flush();
    const buffer = Buffer.allocUnsafe(ref.bytes);
    let done = 0;
    try {
      while (done < ref.bytes) {
        const { bytesRead } = await this.handle!.read(buffer, done, ref.bytes - done, ref.offset + done);
        if (bytesRead === 0) throw new Error('the temporary file is shorter than what was written to it');
        done += bytesRead;
      }
    } catch (error) {
      throw reportWriteError(this.path, error);
    }
    return buffer.toString('utf8');
  }

  async remove(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await unlink(this.path).catch(() => undefined);
    untrackTemp(this.path);
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending.length = 0;
    this.pendingBytes = 0;
    try {
      // sequential writes at the file's own position: reads are positioned (pread) and do not move it
      await writeAll(this.handle!, chunk);
    } catch (error) {
      throw reportWriteError(this.path, error);
    }
  }
}
