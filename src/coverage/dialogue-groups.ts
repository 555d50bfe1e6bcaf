/**
 * Data-driven dialogues in live output: the variants of one dialogue (one per phrasing) finish in
 * any order, concurrently; this folds them into one line per dialogue, printed when its last
 * planned variant ends. Only counts are kept, so a list of 10,000 phrasings costs a few numbers.
 */
import type { DialogueResult, DialogueStatus, PlannedDialogue } from '../results/model.js';

export interface GroupOutcome {
  suite: string;
  name: string;
  /** The worst status among the variants run. */
  status: DialogueStatus;
  counts: Record<DialogueStatus, number>;
  /** Variants run, and planned (a shard or --grep may plan only some of a list). */
  run: number;
  planned: number;
  durationMs: number;
}

const WORST: DialogueStatus[] = ['failed', 'errored', 'flaky', 'passed', 'skipped'];

export class DialogueGroups {
  private readonly open = new Map<string, GroupOutcome>();

  /** Learns how many variants of each group the run plans. */
  plan(planned: readonly PlannedDialogue[]): void {
    for (const d of planned) {
      if (!d.group) continue;
      const key = `${d.suite} › ${d.group.name}`;
      const outcome = this.open.get(key) ?? {
        suite: d.suite,
        name: d.group.name,
        status: 'skipped',
        counts: { passed: 0, failed: 0, errored: 0, flaky: 0, skipped: 0 },
        run: 0,
        planned: 0,
        durationMs: 0,
      };
      outcome.planned++;
      this.open.set(key, outcome);
    }
  }

  /**
   * A finished dialogue: `undefined` when it is no variant (print it as usual), `'pending'` while
   * its group is still running, the group's outcome once its last planned variant is in.
   */
  add(result: DialogueResult): GroupOutcome | 'pending' | undefined {
    if (!result.group) return undefined;
    const key = `${result.suite} › ${result.group.name}`;
    const outcome = this.open.get(key);
    if (!outcome) return undefined;
    outcome.run++;
    outcome.counts[result.status]++;
    outcome.durationMs = Math.max(outcome.durationMs, result.durationMs);
    outcome.status = WORST.find((s) => outcome.counts[s] > 0) ?? 'skipped';
    if (outcome.run < outcome.planned) return 'pending';
    this.open.delete(key);
    return outcome;
  }

  /** Groups some of whose variants never ran (the run was stopped). */
  unfinished(): GroupOutcome[] {
    return [...this.open.values()].filter((o) => o.run > 0);
  }
}

/** "12 phrasings", "2 of 12 phrasings failed", "9 of 12 phrasings run". */
export function describeGroup(o: GroupOutcome): string {
  const n = (k: number) => `${k} phrasing${k === 1 ? '' : 's'}`;
  const bad = o.counts.failed + o.counts.errored;
  const parts: string[] = [];
  if (o.counts.failed) parts.push(`${o.counts.failed} of ${n(o.run)} failed`);
  if (o.counts.errored) parts.push(`${o.counts.errored} errored`);
  if (o.counts.flaky) parts.push(`${o.counts.flaky} flaky`);
  if (bad === 0 && o.counts.flaky === 0) parts.push(o.counts.skipped === o.run ? `${n(o.run)}, skipped` : n(o.run));
  if (o.run < o.planned) parts.push(`${o.run} of ${o.planned} run`);
  return parts.join(', ');
}
