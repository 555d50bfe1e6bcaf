/** Suites → the ordered list of dialogues this run executes. */
import type { Dialogue, Step, Suite, TextMatcher } from '../dialogues/types.js';
import { dialogueId, type PlannedDialogue, type PlannedExpectation } from '../results/model.js';

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
export function planEntry(d: Dialogue, order: number, expectations = true): PlannedDialogue {
  const entry: PlannedDialogue = {
    id: dialogueId(d.suite, d.name),
    suite: d.suite,
    file: d.file,
    name: d.name,
    tags: d.tags,
    steps: d.steps.length,
    line: d.pos.line,
    order,
  };
  if (d.group) entry.group = d.group;
  if (d.only) entry.only = true;
  if (expectations) entry.expects = plannedExpectations(d);
  return entry;
}

/** The scenario and chat type expectations coverage needs, so reporters need not go back to the specs. */
function plannedExpectations(d: Dialogue): PlannedExpectation[] {
  const out: PlannedExpectation[] = [];
  if (d.skip !== undefined) return out;
  for (const step of d.steps) {
    // written out, not looped: this runs once per dialogue of plans 100,000 long
    if (step.expect.scenarioName) out.push(expectation(d, step, 'scenarioName', step.expect.scenarioName));
    if (step.expect.chatType) out.push(expectation(d, step, 'chatType', step.expect.chatType));
  }
  return out;
}

function expectation(
  d: Dialogue,
  step: Step,
  field: PlannedExpectation['field'],
  matcher: TextMatcher,
): PlannedExpectation {
  const at = step.expectPos[field] ?? step.pos;
  const e: PlannedExpectation = { field, matcher, line: at.line, column: at.column };
  if (at.file !== d.file) e.file = at.file;
  return e;
}
