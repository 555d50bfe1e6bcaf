import { describe, expect, it } from 'vitest';
import { combineRuns, MergeError, type SavedRun } from '../../src/report/merge.js';
import type { RunSummary } from '../../src/run/results.js';

function saved(path: string, runId: string, shard: string | undefined, start: number, end: number, counts: Partial<RunSummary['counts']>, planned: string[]): SavedRun {
  const full = { total: 0, passed: 0, failed: 0, errored: 0, flaky: 0, skipped: 0, ...counts };
  full.total = full.passed + full.failed + full.errored + full.flaky + full.skipped;
  return {
    path,
    header: {
      schema: 'clova-regress/results@1',
      tool: { name: 'clova-regress', version: '1' },
      info: { runId, startedAt: new Date(start).toISOString(), toolVersion: '1', target: { kind: 'live', host: 'bot', description: 'bot at bot' }, concurrency: 8, planned: planned.map((id) => ({ id, suite: 'S', file: 'f.yaml', name: id, tags: [], steps: 1, order: Number(id.slice(1)) })), ...(shard ? { shard } : {}) },
    },
    summary: { runId, startedAt: new Date(start).toISOString(), endedAt: new Date(end).toISOString(), durationMs: end - start, counts: full, requests: full.total * 2, throttled: 1, interrupted: false, notRun: 0 },
  };
}

describe('combineRuns', () => {
  it('adds the totals, spans earliest start to latest end, and restores plan order', () => {
    const merged = combineRuns([saved('b.json', 'bbbb', '2/2', 5_000, 9_000, { passed: 2, failed: 1 }, ['d1', 'd3', 'd4']), saved('a.json', 'aaaa', '1/2', 1_000, 6_000, { passed: 1, flaky: 1 }, ['d0', 'd2'])]);
    expect(merged.summary.counts).toEqual({ total: 5, passed: 3, failed: 1, errored: 0, flaky: 1, skipped: 0 });
    expect(merged.summary).toMatchObject({ requests: 10, throttled: 2, durationMs: 8_000, startedAt: new Date(1_000).toISOString(), endedAt: new Date(9_000).toISOString() });
    expect(merged.info.planned.map((d) => d.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(merged.info.shard).toBeUndefined();
    expect(merged.notes).toEqual([]);
  });

  it('notes a missing shard, and refuses a shard given twice or shards of different splits', () => {
    expect(combineRuns([saved('a.json', 'a', '1/3', 0, 1, {}, []), saved('c.json', 'c', '3/3', 0, 1, {}, [])]).notes).toEqual(['shard 2/3 missing: the merged run covers 2 of 3 shards']);
    expect(() => combineRuns([saved('a.json', 'a', '1/2', 0, 1, {}, []), saved('b.json', 'b', '1/2', 0, 1, {}, [])])).toThrow(/shard 1\/2 is given twice \(a\.json and b\.json\)/);
    expect(() => combineRuns([saved('a.json', 'a', '1/2', 0, 1, {}, []), saved('b.json', 'b', '2/3', 0, 1, {}, [])])).toThrow(MergeError);
    expect(() => combineRuns([saved('a.json', 'a', undefined, 0, 1, {}, []), saved('b.json', 'a', undefined, 0, 1, {}, [])])).toThrow(/same run/);
  });
});
