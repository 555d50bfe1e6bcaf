import { describe, expect, it } from 'vitest';
import { ProgressReporter, StatusTerminal } from '../../src/reporters/progress.js';
import { progressMode } from '../../src/cli/run-scale.js';
import type { RunInfo, RunProgress } from '../../src/results/model.js';

const info = (n: number): RunInfo => ({
  runId: 'r',
  startedAt: '',
  toolVersion: '0',
  target: { kind: 'mock', host: 'h', description: 'd' },
  concurrency: 4,
  planned: Array.from({ length: n }, (_, i) => ({
    id: `S › d${i}`,
    suite: 'S',
    file: 'f',
    name: `d${i}`,
    tags: [],
    steps: 1,
  })),
});
const progress = (over: Partial<RunProgress>): RunProgress => ({
  elapsedMs: 0,
  total: 10,
  started: 0,
  finished: 0,
  requests: 0,
  throttled: 0,
  concurrency: 4,
  maxConcurrency: 4,
  ...over,
});
const dialogue = (status: 'passed' | 'failed' | 'errored' | 'flaky') => ({ status }) as never;

describe('progress', () => {
  it('keeps one live line below the output on a terminal, redrawn in place', () => {
    const out: string[] = [];
    const terminal = new StatusTerminal(
      (t) => out.push(t),
      true,
      () => 40,
    );
    terminal.write('first line\n');
    terminal.status('1/10 · 3 req/s');
    terminal.write('  ✓ a dialogue\n');
    terminal.status('x'.repeat(100));
    terminal.clear();
    expect(out).toEqual([
      'first line\n',
      '\r\u001b[2K1/10 · 3 req/s',
      '\r\u001b[2K  ✓ a dialogue\n1/10 · 3 req/s',
      `\r\u001b[2K${'x'.repeat(38)}…`,
      '\r\u001b[2K',
    ]);
  });

  it('shows done/total, verdicts, the recent request rate and an ETA', () => {
    let now = 0;
    const out: string[] = [];
    const terminal = new StatusTerminal(
      (t) => out.push(t),
      true,
      () => 200,
    );
    const reporter = new ProgressReporter({ terminal, now: () => now });
    reporter.onBegin(info(10));
    for (const s of ['passed', 'passed', 'failed', 'errored', 'flaky'] as const) reporter.onDialogueEnd(dialogue(s));
    reporter.onProgress(progress({ elapsedMs: 0, requests: 0 }));
    now = 2000;
    reporter.onProgress(progress({ elapsedMs: 2000, requests: 400, throttled: 3, concurrency: 2 }));
    expect(out.at(-1)).toBe(
      '\r\u001b[2K5/10 (50%) · 3 passed · 1 failed · 1 error · 200 req/s · throttled 3, concurrency 2/4 · ETA 2.00 s',
    );
    reporter.onEnd();
    expect(out.at(-1)).toBe('\r\u001b[2K');
  });

  it('prints a plain line now and then when not on a terminal, without cursor control', () => {
    let now = 0;
    const out: string[] = [];
    const reporter = new ProgressReporter({
      terminal: new StatusTerminal((t) => out.push(t), false),
      now: () => now,
      plainIntervalMs: 10_000,
    });
    reporter.onBegin(info(4));
    for (let t = 1; t <= 25; t++) {
      now = t * 1000;
      reporter.onProgress(progress({ elapsedMs: now, requests: t * 10 }));
    }
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^progress: 0\/4 \(0%\) · 0 passed · 0 failed · 0 errors · 10 req\/s\n$/);
    expect(out.join('')).not.toContain('\u001b');
  });

  it('is live on a terminal, plain in CI or a pipe, off when asked', () => {
    expect(progressMode(undefined, true, {})).toBe('live');
    expect(progressMode(undefined, true, { CI: 'true' })).toBe('plain');
    expect(progressMode(undefined, true, { CI: 'false' })).toBe('live');
    expect(progressMode(undefined, false, {})).toBe('plain');
    expect(progressMode(false, true, {})).toBe('off');
  });
});
