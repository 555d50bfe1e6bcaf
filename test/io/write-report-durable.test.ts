/**
 * A report is flushed to the disk before it is renamed over the previous one, so a power cut
 * leaves the old report or the new one, never an empty file; the last-run record, which only
 * serves `--last-failed`, is written the same way but not flushed (an fsync per run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempProject } from '../helpers/temp.js';

/** Each sync() of a file handle, by path. */
const synced = vi.hoisted(() => [] as string[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    return new Proxy(handle, {
      get(target, key, receiver) {
        if (key === 'sync')
          return async () => {
            synced.push(String(args[0]));
            await target.sync();
          };
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});

const { writeReportFile } = await import('../../src/io/write-report.js');
const { LastRunRecorder, LAST_RUN_FILE } = await import('../../src/run/last-run.js');

afterEach(() => {
  synced.length = 0;
});

describe('flushing before the rename', () => {
  it('a report is flushed, then lands whole', async () => {
    const dir = tempProject();
    await writeReportFile(join(dir, 'out', 'report.xml'), '<testsuites/>\n');
    expect(readFileSync(join(dir, 'out', 'report.xml'), 'utf8')).toBe('<testsuites/>\n');
    expect(synced).toHaveLength(1);
    expect(synced[0]).toContain(join(dir, 'out', '.report.xml.'));
  });

  it('the last-run record lands whole without a flush', async () => {
    const dir = tempProject();
    const recorder = new LastRunRecorder(dir);
    recorder.onBegin({ planned: [] } as never);
    await recorder.onEnd({ runId: 'r1', endedAt: '2026-12-02T00:00:00.000Z' } as never);
    expect(recorder.warning).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, LAST_RUN_FILE), 'utf8'))).toMatchObject({ runId: 'r1', failed: [] });
    expect(synced).toEqual([]);
  });
});
