/**
 * A disk that fills up mid-write, simulated: writes to report files fail with ENOSPC after half
 * the bytes landed. The writer must say so (ReportWriteError, "no space left on device"), leave
 * the previous report as it was, and leave neither the half file nor a temporary file behind; a
 * run whose report could not be written ends with exit code 4.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempProject } from '../helpers/temp.js';

/** While set, every write to a file under this folder fails, after writing half its bytes. */
const disk = vi.hoisted(() => ({ fullUnder: undefined as string | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const enospc = () =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
    });
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const path = String(args[0]);
    // decided at each write, not at open: a disk fills up while a file is being written
    const full = () => disk.fullUnder !== undefined && path.startsWith(disk.fullUnder);
    const half = (text: string) => text.slice(0, Math.floor(text.length / 2));
    return new Proxy(handle, {
      get(target, key, receiver) {
        if (key === 'writeFile' && full())
          return async (data: string) => {
            await target.writeFile(half(String(data)));
            throw enospc();
          };
        if (key === 'write' && full())
          return async (data: string) => {
            await target.write(half(String(data)));
            throw enospc();
          };
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});

const { writeReportFile, ReportWriteError } = await import('../../src/io/write-report.js');
const { AtomicStreamFile } = await import('../../src/io/atomic-stream.js');
const { run } = await import('../../src/run/run.js');
const { JunitReporter } = await import('../../src/reporters/junit.js');
const { JsonResultsReporter } = await import('../../src/reporters/json.js');
const { EXIT } = await import('../../src/results/exit-code.js');
const { REPO } = await import('../helpers/cli.js');

afterEach(() => {
  disk.fullUnder = undefined;
});

/** Files in `dir` other than the ones named: temporary or half-written leftovers. */
function leftovers(dir: string, expected: string[]): string[] {
  return readdirSync(dir).filter((f) => !expected.includes(f));
}

describe('a disk that fills up mid-write', () => {
  it('writeReportFile: says so, keeps the previous report, leaves nothing behind', async () => {
    const dir = tempProject({ 'junit.xml': 'the previous report' });
    disk.fullUnder = dir;
    const error = await writeReportFile(join(dir, 'junit.xml'), '<testsuites>…</testsuites>'.repeat(1000)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as Error).message).toBe(`cannot write ${join(dir, 'junit.xml')}: no space left on device`);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toBe('the previous report');
    expect(leftovers(dir, ['junit.xml'])).toEqual([]);
  });

  it('the streamed JSON results file: the same, even after dialogues were already flushed', async () => {
    const dir = tempProject({ 'results.json': 'the previous results' });
    const file = new AtomicStreamFile(join(dir, 'results.json'));
    await file.open();
    await file.write('x'.repeat(300 * 1024)); // past the buffer: one real write made it to disk
    disk.fullUnder = dir;
    const error = await (async () => {
      await file.write('y'.repeat(300 * 1024));
      await file.commit();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as Error).message).toMatch(/no space left on device$/);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe('the previous results');
    expect(leftovers(dir, ['results.json'])).toEqual([]);
  });

  it('a run: every dialogue still reported elsewhere, the failure named, exit code 4', async () => {
    const out = tempProject({ 'keep/junit.xml': 'the previous report' });
    disk.fullUnder = join(out, 'full');
    const outcome = await run({
      paths: [join(REPO, 'specs/welcome.yaml')],
      cwd: REPO,
      target: { kind: 'mock', botFile: join(REPO, 'specs/bot.yaml') },
      reporters: [
        new JunitReporter(join(out, 'full', 'junit.xml')),
        new JsonResultsReporter(join(out, 'full', 'results.json')),
        new JunitReporter(join(out, 'keep', 'junit.xml')),
      ],
    });
    expect(outcome.summary.counts.failed + outcome.summary.counts.errored).toBe(0);
    expect(outcome.exitCode).toBe(EXIT.output);
    expect(outcome.reporterFailures.map((f) => f.message).sort()).toEqual([
      `cannot write ${join(out, 'full', 'junit.xml')}: no space left on device`,
      `cannot write ${join(out, 'full', 'results.json')}: no space left on device`,
    ]);
    // the report on a healthy disk was written whole
    expect(readFileSync(join(out, 'keep', 'junit.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<\/testsuites>\s*$/);
    expect(existsSync(join(out, 'full'))).toBe(true);
    expect(readdirSync(join(out, 'full'))).toEqual([]);
    writeFileSync(join(out, 'marker'), ''); // the folder itself stays usable
  });
});
