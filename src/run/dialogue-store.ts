/**
 * Where planned dialogues wait for their turn. A dialogue in full (steps, expectations, source
 * positions) weighs a kilobyte or two; a run of 100,000 would hold 100+ MB of them from start to
 * end. So past `memoryLimit` dialogues the store spills them to a private temporary file (a 0700
 * folder, removed at the end and on exit), one JSON line
 * each — a Dialogue is plain data, as the results file needs it to be, and JSON.parse is several
 * times faster than structured clone — and reads them back one at a time, in order, as the
 * scheduler pulls them. Small runs never touch the disk.
 *
 * The plan holds `${env.…}` values — the secret key's neighbours, tokens — and SIGKILL or a power
 * cut leaves the file behind. So it is encrypted (AES-256-CTR, a stream cipher: read back in order
 * with one decipher) with a key made for this process and held only in its memory: what reaches
 * the disk is noise to anyone who finds it.
 */
import { createCipheriv, createDecipheriv, randomBytes, type Cipher } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialogue } from '../dialogues/types.js';

export const DEFAULT_MEMORY_LIMIT = 2_000;
const FLUSH_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export class DialogueStore {
  private readonly held: Dialogue[] = [];
  private spill?: {
    dir: string;
    path: string;
    fd: number;
    pending: string[];
    pendingBytes: number;
    key: Buffer;
    iv: Buffer;
    cipher: Cipher;
  };
  private count = 0;
  /** Dialogues added, taken back ones included: the index of the next in the store's order. */
  private added = 0;
  /** [from, to) runs of that order taken back by `dropSince`, ascending; skipped when read. */
  private readonly dropped: Array<[number, number]> = [];
  private readonly cleanup = () => this.removeSpill();

  constructor(private readonly memoryLimit = DEFAULT_MEMORY_LIMIT) {}

  get size(): number {
    return this.count;
  }

  /** True once the dialogues live on disk. */
  get spilled(): boolean {
    return this.spill !== undefined;
  }

  add(dialogue: Dialogue): void {
    this.count++;
    this.added++;
    if (!this.spill && this.held.length < this.memoryLimit) {
      this.held.push(dialogue);
      return;
    }
    if (!this.spill) this.startSpill();
    this.append(dialogue);
  }

  /**
   * `count` dialogues already in JSON, one line each ending with a newline, as UTF-8 (a worker made
   * them: plan-threads.ts). They go to the spill as they are; only plans big enough to spill come this way.
   */
  addSerialized(lines: Uint8Array, count: number): void {
    if (count === 0) return;
    this.count += count;
    this.added += count;
    if (!this.spill) this.startSpill();
    this.flush();
    this.write(this.spill!.cipher.update(lines));
  }

  /** Where the store is now, for `dropSince`. */
  mark(): number {
    return this.added;
  }

  /** Takes back every dialogue added since `mark` (they stay in the spill, skipped unread). */
  dropSince(mark: number): void {
    if (mark >= this.added) return;
    this.count -= this.added - mark;
    if (!this.spill) {
      this.held.length -= this.added - mark;
      this.added = mark;
      return;
    }
    this.dropped.push([mark, this.added]);
  }

  /** Ends adding: flushes what is buffered. */
  seal(): void {
    if (!this.spill) return;
    this.flush();
    closeSync(this.spill.fd);
    this.spill.fd = -1;
  }

  /** The dialogues whose `selected` flag is true, in the order added. Read once. */
  async *read(selected: readonly boolean[]): AsyncGenerator<Dialogue> {
    if (!this.spill) {
      for (let i = 0; i < this.held.length; i++) if (selected[i]) yield this.held[i]!;
      return;
    }
    // the spill's lines in order; `index` counts only those not taken back
    let line = 0;
    let run = 0;
    const live = (): boolean => {
      while (run < this.dropped.length && line >= this.dropped[run]![1]) run++;
      const taken = run < this.dropped.length && line >= this.dropped[run]![0];
      line++;
      return !taken;
    };
    const file = await open(this.spill.path, 'r');
    const decipher = createDecipheriv('aes-256-ctr', this.spill.key, this.spill.iv);
    try {
      let index = 0;
      let buffer = Buffer.alloc(0);
      const chunk = Buffer.alloc(FLUSH_BYTES);
      for (;;) {
        const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        const plain = decipher.update(chunk.subarray(0, bytesRead));
        buffer = buffer.length ? Buffer.concat([buffer, plain]) : plain;
        let at = 0;
        // a newline byte never occurs inside a multi-byte UTF-8 character, nor unescaped in JSON
        for (let end = buffer.indexOf(NEWLINE, at); end !== -1; end = buffer.indexOf(NEWLINE, at)) {
          // unselected dialogues are skipped without being parsed
          if (live() && selected[index++]) yield JSON.parse(buffer.toString('utf8', at, end)) as Dialogue;
          at = end + 1;
        }
        buffer = buffer.subarray(at);
      }
    } finally {
      await file.close();
    }
  }

  /** Removes the temporary file, if any. */
  dispose(): void {
    this.removeSpill();
    process.off('exit', this.cleanup);
  }

  private startSpill(): void {
    const dir = mkdtempSync(join(tmpdir(), 'clova-regress-plan-'));
    const path = join(dir, 'dialogues.bin');
    const key = randomBytes(32);
    const iv = randomBytes(16);
    this.spill = {
      dir,
      path,
      fd: openSync(path, 'w', 0o600),
      pending: [],
      pendingBytes: 0,
      key,
      iv,
      cipher: createCipheriv('aes-256-ctr', key, iv),
    };
    process.on('exit', this.cleanup);
    for (const dialogue of this.held.splice(0)) this.append(dialogue);
  }

  /**
   * One Buffer per flush rather than per dialogue: the lines wait as strings (length counts UTF-16
   * units, near enough to bytes).
   */
  private append(dialogue: Dialogue): void {
    const spill = this.spill!;
    const line = `${JSON.stringify(dialogue)}\n`;
    spill.pending.push(line);
    spill.pendingBytes += line.length;
    if (spill.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    const spill = this.spill!;
    if (spill.pendingBytes === 0) return;
    this.write(spill.cipher.update(Buffer.from(spill.pending.join(''), 'utf8')));
    spill.pending = [];
    spill.pendingBytes = 0;
  }

  private write(data: Buffer): void {
    const spill = this.spill!;
    let written = 0;
    while (written < data.length) {
      const n = writeSync(spill.fd, data, written);
      if (n <= 0)
        throw Object.assign(new Error(`cannot spill the plan to ${spill.path}: no space left on device`), {
          code: 'ENOSPC',
        });
      written += n;
    }
  }

  private removeSpill(): void {
    if (!this.spill) return;
    if (this.spill.fd >= 0) closeSync(this.spill.fd);
    rmSync(this.spill.dir, { recursive: true, force: true });
    this.spill = undefined;
  }
}
