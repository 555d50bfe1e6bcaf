import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignShards, inShard, parseShard } from '../../src/run/shard.js';
import { selectDialogues } from '../../src/run/select.js';

const dialogues = (n: number, steps = (i: number) => 1 + (i % 4)) =>
  Array.from({ length: n }, (_, i) => ({
    id: `Suite ${i % 7} › dialogue ${i}`,
    file: `specs/f${i % 5}.yaml`,
    tags: [],
    steps: steps(i),
  }));

describe('--shard', () => {
  it.each([1, 2, 3, 4, 7, 16])('splits the dialogues into %i disjoint shards whose union is everything', (n) => {
    const items = dialogues(53);
    const owners = items.map(() => [] as number[]);
    for (let i = 1; i <= n; i++)
      inShard(items, { index: i, total: n }).forEach((mine, d) => mine && owners[d]!.push(i));
    expect(owners.every((o) => o.length === 1)).toBe(true);
  });

  it('gives the same dialogue the same shard whatever order the files were found in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.string({ minLength: 1 }),
            file: fc.constantFrom('a.yaml', 'b.yaml', 'c.yaml'),
            steps: fc.integer({ min: 0, max: 9 }),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        (items, n, seed) => {
          const shuffled = items
            .map((item, i) => ({ item, key: Math.sin(seed + i) }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
          const before = new Map(
            items.map((d, i) => [`${d.file}\u0000${d.id}\u0000${d.steps}`, assignShards(items, n)[i]]),
          );
          const after = assignShards(shuffled, n);
          // identical dialogues (same id, file, steps) are interchangeable; every other keeps its shard
          shuffled.forEach((d, i) => {
            const twins = items.filter((x) => x.id === d.id && x.file === d.file && x.steps === d.steps).length;
            if (twins === 1) expect(after[i]).toBe(before.get(`${d.file}\u0000${d.id}\u0000${d.steps}`));
          });
        },
      ),
    );
  });

  it('balances by steps: shards differ by at most the longest dialogue', () => {
    const items = dialogues(101, (i) => 1 + ((i * 7) % 9));
    for (const n of [2, 3, 5, 8]) {
      const load = new Array<number>(n).fill(0);
      assignShards(items, n).forEach((s, i) => (load[s - 1]! += items[i]!.steps));
      expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(9);
    }
  });

  it('leaves extra shards empty when there are more shards than dialogues', () => {
    const items = dialogues(3);
    const sizes = [1, 2, 3, 4, 5].map((i) => inShard(items, { index: i, total: 5 }).filter(Boolean).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(3);
  });

  it('shards the filtered selection, keeping plan order within a shard', () => {
    const items = dialogues(20).map((d, i) => ({ ...d, tags: i % 2 ? ['smoke'] : [] }));
    const picked = [1, 2].map(
      (i) => selectDialogues(items, { tags: ['smoke'], shard: { index: i, total: 2 } }).selected,
    );
    const ids = picked.map((sel) => items.filter((_, i) => sel[i]).map((d) => d.id));
    expect([...ids[0]!, ...ids[1]!].sort()).toEqual(
      items
        .filter((d) => d.tags.includes('smoke'))
        .map((d) => d.id)
        .sort(),
    );
    for (const list of ids) expect(list).toEqual(items.map((d) => d.id).filter((id) => list.includes(id)));
  });

  it('parses i/n and says what is wrong otherwise', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
    expect(() => parseShard('0/4')).toThrow(/between 1 and 4/);
    expect(() => parseShard('5/4')).toThrow(/between 1 and 4/);
    expect(() => parseShard('2of4')).toThrow(/must look like 2\/4/);
    expect(() => parseShard('1/0')).toThrow(/at least 1/);
  });
});
