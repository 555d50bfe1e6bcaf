/**
 * Drift as styled lines, for every output: a headline with the counts, then per dialogue the
 * steps whose replies changed — scenario and chat types before → after, the text as a diff,
 * buttons and components as what went and what came.
 */
import type { DialogueDrift, DriftSummary, FieldChange } from '../results/model.js';
import { hasDrift } from './baseline.js';
import { textDiff } from '../render/diff.js';
import { span, type StyledLine } from '../render/styled.js';
import { quote } from '../render/text.js';

export function driftHeadline(drift: DriftSummary): string {
  const base = `the baseline run ${drift.baseline.runId} of ${drift.baseline.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`;
  if (!hasDrift(drift)) return `No drift since ${base}: ${drift.compared} dialogue${drift.compared === 1 ? '' : 's'} compared, every reply the same.`;
  const parts: string[] = [];
  if (drift.changedSteps) parts.push(`${drift.changedSteps} step${plural(drift.changedSteps)} answered differently`);
  if (drift.newSteps) parts.push(`${drift.newSteps} new step${plural(drift.newSteps)}`);
  if (drift.goneSteps) parts.push(`${drift.goneSteps} step${plural(drift.goneSteps)} gone`);
  if (drift.newDialogues) parts.push(`${drift.newDialogues} new dialogue${plural(drift.newDialogues)}`);
  if (drift.gone.length) parts.push(`${drift.gone.length} dialogue${plural(drift.gone.length)} gone`);
  return `Drift since ${base}: ${parts.join(', ')} (${drift.compared} compared).`;
}

/** One dialogue's drift, steps in order; `name` heads it. */
export function dialogueDriftLines(name: string, drift: DialogueDrift): StyledLine[] {
  if (drift.kind === 'new') return [[span('+ ', 'ok'), span(name, 'bold'), span('  new: not in the baseline', 'dim')]];
  const lines: StyledLine[] = [[span('~ ', 'warn'), span(name, 'bold')]];
  for (const step of drift.steps) {
    if (step.kind === 'new') lines.push([span(`  + ${step.title}`), span('  new step', 'dim')]);
    else if (step.kind === 'gone') lines.push([span(`  - ${step.title}`), span('  gone (in the baseline only)', 'dim')]);
    else {
      lines.push([span(`  ${step.title}`)]);
      for (const change of step.changes ?? []) lines.push(...changeLines(change).map((l) => [span('    '), ...l]));
    }
  }
  return lines;
}

export function goneDialogueLines(drift: DriftSummary): StyledLine[] {
  return drift.gone.map((d) => [span('- ', 'bad'), span(`${d.suite} › ${d.name}`, 'bold'), span(`  gone: in the baseline only (${d.file})`, 'dim')]);
}

function changeLines(change: FieldChange): StyledLine[] {
  const label = `${change.field}:`.padEnd(14);
  const { before, after } = change;
  if (typeof before === 'string' && typeof after === 'string' && change.field === 'text') {
    const diff = textDiff(before, after);
    if (diff.length === 1) return [[span(label), ...diff[0]!.slice(1)]];
    if (diff.length > 1) return [[span(label), span('(- before, + now)', 'dim')], ...diff.slice(1)];
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const gone = before.filter((x) => !after.includes(x));
    const came = after.filter((x) => !before.includes(x));
    if (gone.length || came.length) {
      const l: StyledLine = [span(label)];
      if (gone.length) l.push(span(`- ${quote(gone)}`, 'delLine'));
      if (gone.length && came.length) l.push(span('  '));
      if (came.length) l.push(span(`+ ${quote(came)}`, 'insLine'));
      return [l];
    }
    return [[span(label), span('same items, new order: '), span(quote(after), 'actual'), span(` (was ${quote(before)})`, 'dim')]];
  }
  return [[span(label), span(cut(quote(before)), 'delLine'), span(' → '), span(cut(quote(after)), 'insLine')]];
}

function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
