/**
 * A report file written as it goes, yet whole or not at all: appended to a temporary file beside
 * the target (every chunk redacted), flushed, then renamed over the target at `commit`. A run
 * that dies leaves the previous report untouched; `discard` removes the temporary file, and so
 * does process exit (a second Ctrl-C exits at once, mid-run), except on SIGKILL.
 */
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { redact } from './redact.js';
import { reportWriteError, trackTemp, untrackTemp } from './write-report.js';

/** Chunks are gathered up to this size before a write: one syscall per many dialogues. */
const BUFFER_CHARS = 256 * 1024;

export class AtomicStreamFile {
  private handle: FileHandle | undefined;
  private readonly temp: string;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(readonly path: string) {
    this.temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  }

  async open(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      this.handle = await open(this.temp, 'w');
      trackTemp(this.temp);
    } catch (error) {
      throw reportWriteError(this.path, error);
    }
  }

  /** Queues text; writes when enough has gathered. */
  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= BUFFER_CHARS) await this.flush();
  }

  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.handle?.sync();
      await this.handle?.close();
      this.handle = undefined;
      await rename(this.temp, this.path);
      untrackTemp(this.temp);
    } catch (error) {
      await this.discard();
      throw error instanceof Error && error.name === 'ReportWriteError' ? error : reportWriteError(this.path, error);
    }
  }

  async discard(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await unlink(this.temp).catch(() => undefined);
    untrackTemp(this.temp);
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const text = redact(this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
    try {
      await this.handle!.write(text, null, 'utf8');
    } catch (error) {
      await this.discard();
      throw reportWriteError(this.path, error);
    }
  }
}
