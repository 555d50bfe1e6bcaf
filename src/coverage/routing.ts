/**
 * NLU routing from data-driven steps: for each phrasing that must reach a named scenario, which
 * scenario answered. Per expected scenario: accuracy, and where the misrouted phrasings went — the
 * rows of a confusion table (expected × observed). Built from the result stream one dialogue at a
 * time, keeping counts only, so it works the same live and from a results file.
 */
import type { DialogueResult } from '../results/model.js';

/** Observed labels for replies that carry no scenario, or never came. */
export const NO_SCENARIO = '(no scenario)';
export const NO_ANSWER = '(no answer)';

export interface RoutingRow {
  expected: string;
  /** Phrasings that expected it and got an answer. */
  total: number;
  correct: number;
  /** correct / total, in percent, one decimal. */
  accuracy: number;
  /** Where its phrasings went: observed scenario → count (the row of the confusion table). */
  observed: Record<string, number>;
  /** Phrasings whose step got no reply (an error, or not run): left out of the accuracy. */
  unanswered: number;
  /** Misrouted phrasings, for reports (at most a few per row). */
  misses: Array<{ phrasing: string; observed: string; dialogue: string }>;
}

export interface RoutingTable {
  rows: RoutingRow[];
  /** Column order of the confusion table: expected scenarios first, then the others seen. */
  columns: string[];
  total: number;
  correct: number;
  accuracy: number;
  unanswered: number;
}

const MISSES_KEPT = 5;

export class RoutingTally {
  private readonly rows = new Map<string, RoutingRow>();

  add(result: DialogueResult): void {
    const group = result.group;
    if (!group || group.expectedScenario === undefined || result.status === 'skipped') return;
    const step = result.steps[group.step - 1];
    let row = this.rows.get(group.expectedScenario);
    if (!row) {
      row = {
        expected: group.expectedScenario,
        total: 0,
        correct: 0,
        accuracy: 0,
        observed: {},
        unanswered: 0,
        misses: [],
      };
      this.rows.set(group.expectedScenario, row);
    }
    if (!step?.turn) {
      row.unanswered++;
      return;
    }
    const observed = step.turn.scenarioName || NO_SCENARIO;
    row.total++;
    row.observed[observed] = (row.observed[observed] ?? 0) + 1;
    if (observed === group.expectedScenario) row.correct++;
    else if (row.misses.length < MISSES_KEPT)
      row.misses.push({ phrasing: group.variant, observed, dialogue: `${result.suite} › ${group.name}` });
  }

  /** The table so far; undefined when no data-driven step expected a scenario. */
  table(): RoutingTable | undefined {
    if (this.rows.size === 0) return undefined;
    const rows = [...this.rows.values()].sort((a, b) => a.expected.localeCompare(b.expected));
    for (const row of rows) row.accuracy = percent(row.correct, row.total);
    const columns = [...rows.map((r) => r.expected)];
    for (const row of rows)
      for (const name of Object.keys(row.observed)) if (!columns.includes(name)) columns.push(name);
    const total = rows.reduce((n, r) => n + r.total, 0);
    const correct = rows.reduce((n, r) => n + r.correct, 0);
    return {
      rows,
      columns,
      total,
      correct,
      accuracy: percent(correct, total),
      unanswered: rows.reduce((n, r) => n + r.unanswered, 0),
    };
  }
}

function percent(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 1000) / 10;
}
