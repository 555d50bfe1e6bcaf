import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DialogueStore } from '../../src/run/dialogue-store.js';
import type { Dialogue } from '../../src/dialogues/types.js';

const pos = { file: 'specs/t.yaml', line: 1, column: 1 };
const dialogue = (i: number): Dialogue => ({
  suite: 'T',
  file: 'specs/t.yaml',
  name: `d${i} ✓ 상품`,
  tags: ['a'],
  pos,
  steps: [
    {
      index: 1,
      action: { kind: 'click', button: { op: 'regex', pattern: `^B${i}$`, flags: 'i' } },
      expect: { scenarioName: { op: 'anyOf', matchers: [{ op: 'equals', value: 'x'.repeat(i % 300) }] } },
      expectPos: { scenarioName: pos },
      pos,
    },
  ],
});

async function collect(iterable: AsyncIterable<Dialogue>): Promise<Dialogue[]> {
  const out: Dialogue[] = [];
  for await (const d of iterable) out.push(d);
  return out;
}

describe('DialogueStore', () => {
  it('keeps a small plan in memory', async () => {
    const store = new DialogueStore(10);
    for (let i = 0; i < 5; i++) store.add(dialogue(i));
    store.seal();
    expect(store.spilled).toBe(false);
    expect((await collect(store.read([true, false, true, false, true]))).map((d) => d.name)).toEqual([
      'd0 ✓ 상품',
      'd2 ✓ 상품',
      'd4 ✓ 상품',
    ]);
  });

  it('spills a large plan to disk and reads back exactly the selected dialogues, in order', async () => {
    const store = new DialogueStore(3);
    const all = Array.from({ length: 5_000 }, (_, i) => dialogue(i));
    for (const d of all) store.add(d);
    store.seal();
    expect(store.spilled).toBe(true);
    const selected = all.map((_, i) => i % 7 !== 3);
    const read = await collect(store.read(selected));
    expect(read).toEqual(all.filter((_, i) => selected[i]));
    store.dispose();
  });

  it('removes its temporary file when disposed, even after a reader stopped early', async () => {
    const store = new DialogueStore(1);
    for (let i = 0; i < 50; i++) store.add(dialogue(i));
    store.seal();
    const path = (store as unknown as { spill: { path: string } }).spill.path;
    expect(existsSync(path)).toBe(true);
    for await (const d of store.read(new Array(50).fill(true))) if (d.name.startsWith('d3')) break;
    store.dispose();
    expect(existsSync(path)).toBe(false);
  });
});
