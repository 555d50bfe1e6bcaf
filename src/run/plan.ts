/** Suites → the ordered list of dialogues this run executes. */
import type { Dialogue, Suite } from '../spec/types.js';
import { dialogueId, type PlannedDialogue } from './results.js';

export function planDialogues(suites: Suite[]): Dialogue[] {
  return suites.flatMap((suite) => suite.dialogues);
}

export function describePlan(dialogues: Dialogue[]): PlannedDialogue[] {
  return dialogues.map((d) => ({ id: dialogueId(d.suite, d.name), suite: d.suite, file: d.file, name: d.name, tags: d.tags, steps: d.steps.length, ...(d.group ? { group: d.group } : {}) }));
}
