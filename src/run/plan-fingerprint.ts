/**
 * The fingerprint of a selection before sharding: what every shard of one run shares, so `merge`
 * can tell the shards of one run from shards of another run, spec version or selection. Over the
 * dialogues' identities and step counts (what the shard split depends on), sorted: workers that
 * find the files in another order still agree.
 */
import { createHash } from 'node:crypto';

export function planFingerprint(items: ReadonlyArray<{ id: string; file: string; steps: number }>): string {
  const keys = items.map((d) => JSON.stringify([d.id, d.file, d.steps]));
  keys.sort();
  const hash = createHash('sha256');
  for (const key of keys) hash.update(`${key}\n`);
  return hash.digest('hex').slice(0, 16);
}
