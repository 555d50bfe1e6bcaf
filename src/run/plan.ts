/** Suites → the ordered list of dialogues this run executes. */
import type { Dialogue, Suite } from '../dialogues/types.js';
import { dialogueId, type PlannedDialogue } from '../results/model.js';

export function planDialogues(suites: Suite[]): Dialogue[] {
  return suites.flatMap((suite) => suite.dialogues);
}

export function describePlan(dialogues: Dialogue[]): PlannedDialogue[] {
  return dialogues.map((d, i) => planEntry(d, i));
}

/**
 * One dialogue, light. Built as one literal with every key in the same order (no spreads), so the
 * entries of a 100,000-dialogue plan share one hidden class instead of carrying one each.
 */
export function planEntry(d: Dialogue, order: number): PlannedDialogue {
  const entry: PlannedDialogue = { id: dialogueId(d.suite, d.name), suite: d.suite, file: d.file, name: d.name, tags: d.tags, steps: d.steps.length, line: d.pos.line, order };
  if (d.group) entry.group = d.group;
  if (d.only) entry.only = true;
  return entry;
}
