/** The scrubber replaces only what changes from run to run, and a missing golden fails. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp.js';
import { expectGolden } from './golden-file.js';
import { scrubConsole, scrubHtml, scrubJunit, scrubMarkdown, scrubResults, showEscapes } from './scrub.js';
import type { Volatile } from './scrub.js';

const V: Volatile = { runIds: ['40561991'], hosts: ['127.0.0.1:43067'], dirs: ['/tmp/clova-regress-test-abc'] };

describe('scrubConsole', () => {
  it('replaces the run id (in userIds too), the port, times and the durations where the console prints them', () => {
    const text = [
      'Target: built-in mock bot (specs/bot.yaml) at http://127.0.0.1:43067/',
      '  ✓ Shop › greets on open 45 ms',
      '  ~ Shop › delivery, flaky 1.20 s',
      'userId clova-regress-40561991-2-retry1',
      'Drift since the baseline run 40561991 of 2026-12-02 02:04:51Z: 1 step answered differently (5 compared).',
      '2 passed, 1 failed (121 ms, 8 requests; step latency p50 5.31 ms, p99 2 min 5 s)',
    ].join('\n');
    expect(scrubConsole(text, V).split('\n')).toEqual([
      'Target: built-in mock bot (specs/bot.yaml) at http://127.0.0.1:<port>/',
      '  ✓ Shop › greets on open <duration>',
      '  ~ Shop › delivery, flaky <duration>',
      'userId clova-regress-<run-id>-2-retry1',
      'Drift since the baseline run <run-id> of <time>: 1 step answered differently (5 compared).',
      '2 passed, 1 failed (<duration>, 8 requests; step latency p50 <duration>, p99 <duration>)',
    ]);
  });

  it('keeps everything else: a duration inside a message, another run id, another port, the counts', () => {
    const text = [
      '    error: timed out after 300 ms (127.0.0.1:1234)',
      '  step 1: send "wait 45 ms"  specs/shop.yaml:3:9',
      'run 40561992',
      '2 passed, 1 failed (121 ms, 9 requests; step latency p50 5.31 ms, p99 45 ms)',
    ].join('\n');
    const scrubbed = scrubConsole(text, V);
    expect(scrubbed).toContain('timed out after 300 ms (127.0.0.1:1234)');
    expect(scrubbed).toContain('send "wait 45 ms"');
    expect(scrubbed).toContain('run 40561992');
    expect(scrubbed).toContain('9 requests');
  });

  it('finds the durations between colour codes', () => {
    const line = (took: string) => `  \u001b[32m✓\u001b[39m Shop › a \u001b[2m${took}\u001b[22m`;
    expect(scrubConsole(line('37 ms'), V)).toBe(line('<duration>'));
  });
});

describe('the report scrubbers', () => {
  it('JUnit: time attributes and timestamps only, not the counts', () => {
    const xml = '<testsuite name="Shop" timestamp="2026-12-02T02:02:59" time="0.112" tests="6" failures="1">';
    expect(scrubJunit(xml, V)).toBe(
      '<testsuite name="Shop" timestamp="<time>" time="<seconds>" tests="6" failures="1">',
    );
  });

  it('Markdown: the duration cell of the totals, not a duration in text', () => {
    const md = '| 6 | 2 | 1 | 1 | 1 | 1 | 121 ms | 8 |\n- took 121 ms';
    expect(scrubMarkdown(md, V)).toBe('| 6 | 2 | 1 | 1 | 1 | 1 | <duration> | 8 |\n- took 121 ms');
  });

  it('HTML: the run time, each dialogue time and reply latency, not other text', () => {
    const html = (run: string, took: string, latency: string) =>
      `<div class="num time"><b>${run}</b>duration</div><span class="took">${took}</span>` +
      `<div class="facts">no scenario · TEXT · ${latency}</div><div class="bubble">in 30 ms</div>`;
    expect(scrubHtml(html('125 ms', '30 ms', '0.87 ms'), V)).toBe(html('<duration>', '<duration>', '<duration>'));
  });

  it('results file: times, latencies, epoch timestamps (in the signed body too), not counts or positions', () => {
    const live = [
      '{"startedAt":"2026-12-02T02:04:53.065Z","durationMs":4,"steps":[{"index":1,"pos":{"line":25,"column":9},',
      '"request":{"timestamp":1796177093068,',
      String.raw`"body":"{\"userId\":\"clova-regress-40561991-3\",\"timestamp\":1796177093068}"},`,
      '"turn":{"score":1,"latencyMs":0.94,"raw":{"timestamp":1796177093069}},"durationMs":1.23}]},',
    ];
    const scrubbed = [
      '{"startedAt":"<time>","durationMs":"<ms>","steps":[{"index":1,"pos":{"line":25,"column":9},',
      '"request":{"timestamp":"<epoch-ms>",',
      String.raw`"body":"{\"userId\":\"clova-regress-<run-id>-3\",\"timestamp\":\"<epoch-ms>\"}"},`,
      '"turn":{"score":1,"latencyMs":"<ms>","raw":{"timestamp":"<epoch-ms>"}},"durationMs":"<ms>"}]},',
    ];
    expect(scrubResults(live.join(''), V)).toBe(scrubbed.join(''));
    const summary = (p: string) =>
      `"stepLatencyMs":{"count":8,"p50":${p},"p95":${p},"p99":${p},"max":${p}},"requests":8`;
    expect(scrubResults(summary('29.74'), V)).toBe(summary('"<ms>"'));
  });

  it('replaces the temp folder wherever it stands', () => {
    const wrote = scrubConsole('Wrote junit (/tmp/clova-regress-test-abc/report/junit.xml)', V);
    expect(wrote).toBe('Wrote junit (<dir>/report/junit.xml)');
  });

  it('showEscapes makes ESC visible and refuses a text that already holds ␛', () => {
    expect(showEscapes('\u001b[2mx\u001b[22m')).toBe('␛[2mx␛[22m');
    expect(() => showEscapes('a ␛ b')).toThrow(/ambiguous/);
  });
});

describe('expectGolden', () => {
  const saved = { CI: process.env.CI, UPDATE_GOLDEN: process.env.UPDATE_GOLDEN };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('a missing golden fails; in CI it is not written', () => {
    const dir = tempProject();
    delete process.env.UPDATE_GOLDEN;
    process.env.CI = 'true';
    expect(() => expectGolden('new.txt', 'text', dir)).toThrow(/golden file new\.txt is missing \(not written in CI\)/);
    expect(existsSync(join(dir, 'new.txt'))).toBe(false);
  });

  it('a missing golden fails outside CI too, and is written for review', () => {
    const dir = tempProject();
    delete process.env.UPDATE_GOLDEN;
    delete process.env.CI;
    expect(() => expectGolden('new.txt', 'text', dir)).toThrow(/written now: review it and commit it/);
    expect(readFileSync(join(dir, 'new.txt'), 'utf8')).toBe('text');
  });

  it('UPDATE_GOLDEN=1 rewrites; without it a different text fails', () => {
    const dir = tempProject();
    process.env.UPDATE_GOLDEN = '1';
    expectGolden('g.txt', 'old', dir);
    expectGolden('g.txt', 'new', dir);
    expect(readFileSync(join(dir, 'g.txt'), 'utf8')).toBe('new');
    delete process.env.UPDATE_GOLDEN;
    expect(() => expectGolden('g.txt', 'changed', dir)).toThrow(/differs from/);
    expectGolden('g.txt', 'new', dir);
  });
});
