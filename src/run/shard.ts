/**
 * `--shard i/n`: which dialogues the i-th of n workers runs. Every worker computes the same
 * partition from the dialogues alone — no coordination, no hash — so the n shards are disjoint and
 * together complete, whatever order the files were found in.
 *
 * Greedy balance by weight (longest processing time first): dialogues sorted by step count, longest
 * first, ties by stable identity (id, then file); each goes to the lightest shard so far, ties to
 * the lowest shard. Shards end up within one dialogue's steps of each other.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export interface Shardable {
  id: string;
  file: string;
  /** The weight: HTTP requests the dialogue sends (its steps). */
  steps: number;
}

/** Parses `i/n`; throws an Error whose message is meant for the user. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`--shard must look like 2/4 (this worker's number / how many workers), not "${text}"`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1) throw new Error(`--shard ${text}: the number of shards must be at least 1`);
  if (index < 1 || index > total) throw new Error(`--shard ${text}: the shard number must be between 1 and ${total}`);
  return { index, total };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

/** The shard (1-based) of every item, aligned with `items`. */
export function assignShards(items: readonly Shardable[], total: number): number[] {
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return y.steps - x.steps || compare(x.id, y.id) || compare(x.file, y.file) || a - b;
  });
  const load = new Array<number>(total).fill(0);
  const assigned = new Array<number>(items.length);
  for (const i of order) {
    let lightest = 0;
    for (let s = 1; s < total; s++) if (load[s]! < load[lightest]!) lightest = s;
    // a weightless dialogue (skipped, no steps) still counts one, so they spread too
    load[lightest]! += Math.max(1, items[i]!.steps);
    assigned[i] = lightest + 1;
  }
  return assigned;
}

/** True for the items `shard` runs, aligned with `items` (plan order is kept by the caller). */
export function inShard(items: readonly Shardable[], shard: Shard): boolean[] {
  if (shard.total === 1) return items.map(() => true);
  return assignShards(items, shard.total).map((s) => s === shard.index);
}

// code-unit order, not the locale's: every machine must sort the same way
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
