/**
 * Results files are input too: `--baseline`, `report`, `merge` and `coverage --results` refuse a
 * device, a FIFO or a file over the size cap with a clear message and exit 2 — no heap exhausted
 * reading /dev/zero, no hang on a FIFO with no writer.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';

const SPEC = 'dialogues:\n  - name: one\n    steps: [{ send: hi }]\n';
const env = { CLOVA_INVOKE_URL: 'http://127.0.0.1:9/x', CLOVA_SECRET_KEY: 'results-input-secret-0123' };

function expectRefused(result: { code: number | null; stderr: string }, message: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error|heap/i);
}

describe('results files that are not regular files, or too large', () => {
  it('refuses /dev/zero as --baseline, report, merge and coverage --results input', async () => {
    const dir = tempProject({ 'specs/s.yaml': SPEC, 'scenarios.txt': 'Greeting\n' });
    const device = /\/dev\/zero: it is a character device, not a regular file/;
    expectRefused(await runCli(['run', '--baseline', '/dev/zero'], { cwd: dir, env, timeoutMs: 30_000 }), device);
    expectRefused(await runCli(['report', '/dev/zero', '--json', 'out.json'], { cwd: dir, timeoutMs: 30_000 }), device);
    expectRefused(await runCli(['merge', '/dev/zero', '--json', 'out.json'], { cwd: dir, timeoutMs: 30_000 }), device);
    expectRefused(
      await runCli(['coverage', 'specs', '--scenarios', 'scenarios.txt', '--results', '/dev/zero'], {
        cwd: dir,
        timeoutMs: 30_000,
      }),
      /\/dev\/zero: it is a character device/,
    );
  }, 120_000);

  it('refuses a FIFO with no writer without hanging, and a file over the size cap without reading it', async () => {
    const dir = tempProject({ 'specs/s.yaml': SPEC });
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expectRefused(
      await runCli(['report', fifo, '--json', 'out.json'], { cwd: dir, timeoutMs: 15_000 }),
      /pipe\.json: it is a FIFO \(named pipe\), not a regular file/,
    );
    // sparse: 600 MiB on paper, nothing on disk
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    expectRefused(
      await runCli(['run', '--baseline', 'big.json'], { cwd: dir, env, timeoutMs: 15_000 }),
      /big\.json: it is 600 MiB, over the 512 MiB a results file may have/,
    );
  }, 60_000);
});
