import { describe, expect, it } from 'vitest';
import { combineRuns, MergeError, type SavedRun } from '../../src/results/merge.js';
import type { RunSummary } from '../../src/results/model.js';

function saved(
  path: string,
  runId: string,
  shard: string | undefined,
  start: number,
  end: number,
  counts: Partial<RunSummary['counts']>,
  planned: string[],
  plan: { dialogues: number; fingerprint: string } | null = { dialogues: 5, fingerprint: 'f1' },
): SavedRun {
  const full = { total: 0, passed: 0, failed: 0, errored: 0, flaky: 0, skipped: 0, ...counts };
  full.total = full.passed + full.failed + full.errored + full.flaky + full.skipped;
  return {
    path,
    header: {
      schema: 'clova-regress/results@1',
      tool: { name: 'clova-regress', version: '1' },
      info: {
        runId,
        startedAt: new Date(start).toISOString(),
        toolVersion: '1',
        target: { kind: 'live', host: 'bot', description: 'bot at bot' },
        concurrency: 8,
        planned: planned.map((id) => ({
          id,
          suite: 'S',
          file: 'f.yaml',
          name: id,
          tags: [],
          steps: 1,
          order: Number(id.slice(1)),
        })),
        ...(shard ? { shard } : {}),
        ...(plan ? { plan } : {}),
      },
    },
    summary: {
      runId,
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(end).toISOString(),
      durationMs: end - start,
      counts: full,
      requests: full.total * 2,
      throttled: 1,
      interrupted: false,
      notRun: 0,
    },
  };
}

describe('combineRuns', () => {
  it('adds the totals, spans earliest start to latest end, and restores plan order', () => {
    const merged = combineRuns([
      saved('b.json', 'bbbb', '2/2', 5_000, 9_000, { passed: 2, failed: 1 }, ['d1', 'd3', 'd4']),
      saved('a.json', 'aaaa', '1/2', 1_000, 6_000, { passed: 1, flaky: 1 }, ['d0', 'd2']),
    ]);
    expect(merged.summary.counts).toEqual({ total: 5, passed: 3, failed: 1, errored: 0, flaky: 1, skipped: 0 });
    expect(merged.summary).toMatchObject({
      requests: 10,
      throttled: 2,
      durationMs: 8_000,
      startedAt: new Date(1_000).toISOString(),
      endedAt: new Date(9_000).toISOString(),
    });
    expect(merged.info.planned.map((d) => d.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(merged.info.shard).toBeUndefined();
    expect(merged.notes).toEqual([]);
  });

  // issue 10: a missing shard used to be a note only; it now refuses the merge unless allowed
  it('refuses a missing shard unless allowed, then counts its dialogues not run; refuses a shard given twice or shards of different splits', () => {
    const partial = [
      saved('a.json', 'a', '1/3', 0, 1, {}, ['d0', 'd1']),
      saved('c.json', 'c', '3/3', 0, 1, {}, ['d4']),
    ];
    expect(() => combineRuns(partial)).toThrow(
      /shard 2\/3 missing: the merged run covers 2 of 3 shards; merge every shard, or give --allow-partial/,
    );
    const allowed = combineRuns(partial, { allowPartial: true });
    expect(allowed.notes).toEqual([
      'shard 2/3 missing: the merged run covers 2 of 3 shards; 2 of its 5 dialogues did not run',
    ]);
    expect(allowed.summary).toMatchObject({ notRun: 2, missingShards: ['2/3'] });
    expect(() =>
      combineRuns([saved('a.json', 'a', '1/2', 0, 1, {}, []), saved('b.json', 'b', '1/2', 0, 1, {}, [])]),
    ).toThrow(/shard 1\/2 is given twice \(a\.json and b\.json\)/);
    expect(() =>
      combineRuns([saved('a.json', 'a', '1/2', 0, 1, {}, []), saved('b.json', 'b', '2/3', 0, 1, {}, [])]),
    ).toThrow(MergeError);
    expect(() =>
      combineRuns([saved('a.json', 'a', undefined, 0, 1, {}, []), saved('b.json', 'a', undefined, 0, 1, {}, [])]),
    ).toThrow(/same run/);
  });

  it('refuses shards of different plans, shards mixed with a whole run, and shards without a recorded plan unless allowed', () => {
    expect(() =>
      combineRuns([
        saved('a.json', 'a', '1/2', 0, 1, {}, []),
        saved('b.json', 'b', '2/2', 0, 1, {}, [], { dialogues: 5, fingerprint: 'f2' }),
      ]),
    ).toThrow(/shards are of different plans/);
    expect(() =>
      combineRuns([saved('a.json', 'a', '1/2', 0, 1, {}, []), saved('w.json', 'w', undefined, 0, 1, {}, [])]),
    ).toThrow(/w\.json is a whole run and a\.json is shard 1\/2/);
    const old = [saved('a.json', 'a', '1/2', 0, 1, {}, [], null), saved('b.json', 'b', '2/2', 0, 1, {}, [], null)];
    expect(() => combineRuns(old)).toThrow(
      /older clova-regress that did not record the run's whole plan.*give --allow-partial/,
    );
    expect(combineRuns(old, { allowPartial: true }).notes[0]).toMatch(/cannot be checked/);
  });
});
