/**
 * Spec files + a selection → what one run executes: the planned dialogues (light: ids, titles, step
 * counts — what reporters and sharding need) and the dialogues themselves, handed out in plan order.
 */
import { loadSpecs, type LoadOptions } from '../spec/load.js';
import type { Dialogue } from '../spec/types.js';
import { describePlan, planDialogues } from './plan.js';
import { selectDialogues, type Selection } from './select.js';
import type { PlannedDialogue } from './results.js';

export interface RunPlan {
  /** Dialogues found in the spec files, before any selection. */
  found: number;
  /** Dialogues the filters kept, before sharding. */
  matched: number;
  /** The dialogues this run executes, in plan order. */
  planned: PlannedDialogue[];
  /** The same dialogues in full, in the same order. */
  dialogues(): Iterable<Dialogue> | AsyncIterable<Dialogue>;
  /** Every dialogue found, light (for messages about an empty selection). */
  all(): PlannedDialogue[];
}

export async function buildRunPlan(paths: string[], cwd: string, selection: Selection = {}, loadOptions: LoadOptions = {}): Promise<RunPlan> {
  const { suites } = await loadSpecs(paths, cwd, loadOptions);
  const dialogues = planDialogues(suites);
  const described = describePlan(dialogues).map((d, i) => ({ ...d, line: dialogues[i]!.pos.line }));
  const { selected, matched } = selectDialogues(described, selection);
  const chosen = dialogues.filter((_, i) => selected[i]);
  return {
    found: dialogues.length,
    matched,
    planned: described.filter((_, i) => selected[i]),
    dialogues: () => chosen,
    all: () => described,
  };
}
