/**
 * Progress while a run goes on: done/total, passed/failed/errors, requests per second and an ETA.
 * On a terminal, one live line at the bottom, redrawn in place, with every other line of console
 * output printed above it; when not a terminal, or in CI, a plain line now and then, with no
 * cursor control, so logs stay readable.
 */
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunProgress } from '../results/model.js';
import { formatDuration, noun } from '../render/text.js';

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Console output with one status line kept below it. The console reporter writes through `write`,
 * the progress reporter sets `status`; on a terminal each write clears the status, prints, and
 * draws the status again in the same call, so the two never interleave mid-line.
 */
export class StatusTerminal {
  private line = '';

  constructor(
    private readonly out: (text: string) => void,
    /** False: `status` is ignored (plain output). */
    readonly live: boolean,
    private readonly columns: () => number = () => 80,
  ) {}

  write = (text: string): void => {
    this.out(this.line ? `${CLEAR_LINE}${text}${this.line}` : text);
  };

  status(text: string): void {
    if (!this.live) return;
    // wider than the terminal, it would wrap and `\r` could no longer take it back
    const width = Math.max(10, this.columns() - 1);
    const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    if (line === this.line) return;
    this.line = line;
    this.out(`${CLEAR_LINE}${line}`);
  }

  clear(): void {
    if (!this.line) return;
    this.line = '';
    this.out(CLEAR_LINE);
  }
}

export interface ProgressReporterOptions {
  terminal: StatusTerminal;
  /** Plain mode: at most one line per this many ms (default 10 000). */
  plainIntervalMs?: number;
  now?: () => number;
}

export class ProgressReporter implements Reporter {
  readonly name = 'progress';
  private total = 0;
  private passed = 0;
  private failed = 0;
  private errored = 0;
  private done = 0;
  private lastPlain: number;
  private ended = false;
  /** Recent (time, requests) samples: the request rate is over the last few seconds, not the whole run. */
  private readonly samples: Array<{ at: number; requests: number }> = [];
  private readonly now: () => number;

  constructor(private readonly options: ProgressReporterOptions) {
    this.now = options.now ?? Date.now;
    this.lastPlain = this.now();
  }

  onBegin(info: RunInfo): void {
    this.total = info.planned.length;
    this.lastPlain = this.now();
  }

  onDialogueEnd(result: DialogueResult): void {
    this.done++;
    if (result.status === 'passed' || result.status === 'flaky') this.passed++;
    else if (result.status === 'failed') this.failed++;
    else if (result.status === 'errored') this.errored++;
  }

  onProgress(progress: RunProgress): void {
    if (this.ended) return;
    const now = this.now();
    this.samples.push({ at: now, requests: progress.requests });
    while (this.samples.length > 2 && now - this.samples[0]!.at > 5_000) this.samples.shift();
    const { terminal } = this.options;
    if (terminal.live) {
      terminal.status(this.describe(progress));
    } else if (now - this.lastPlain >= (this.options.plainIntervalMs ?? 10_000)) {
      this.lastPlain = now;
      terminal.write(`progress: ${this.describe(progress)}\n`);
    }
  }

  onEnd(): void {
    this.ended = true;
    this.options.terminal.clear();
  }

  /** `1,204/5,000 (24%) · 1,190 passed · 10 failed · 4 errors · 312 req/s · ETA 12 s` */
  describe(progress: RunProgress): string {
    const n = (value: number) => value.toLocaleString('en-US');
    const percent = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    const parts = [
      `${n(this.done)}/${n(this.total)} (${percent}%)`,
      `${n(this.passed)} passed`,
      `${n(this.failed)} failed`,
      `${n(this.errored)} ${noun(this.errored, 'error')}`,
      `${n(Math.round(this.requestRate()))} req/s`,
    ];
    if (progress.throttled > 0) {
      const limited =
        progress.concurrency < progress.maxConcurrency
          ? `, concurrency ${progress.concurrency}/${progress.maxConcurrency}`
          : '';
      parts.push(`throttled ${n(progress.throttled)}${limited}`);
    }
    const eta = this.eta(progress);
    if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
    return parts.join(' · ');
  }

  private requestRate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return 0;
    return ((last.requests - first.requests) * 1000) / (last.at - first.at);
  }

  private eta(progress: RunProgress): number | undefined {
    // too early to say: wait for a second of history and a finished dialogue
    if (this.done === 0 || progress.elapsedMs < 1000) return undefined;
    const remaining = Math.max(0, this.total - this.done);
    return Math.round((remaining * progress.elapsedMs) / this.done / 1000) * 1000;
  }
}
