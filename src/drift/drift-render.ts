/**
 * Drift as styled lines, for every output: a headline with the counts, then what changed. One bot
 * edit often changes many steps the same way (a renamed scenario, a reworded fallback): such a
 * change is shown once, as a group listing its places; the changes seen once are shown under their
 * dialogue — scenario and chat types before → after, the text as a diff, buttons and components as
 * what went and what came.
 */
import type { DialogueDrift, DriftSummary, FieldChange, StepDrift } from '../results/model.js';
import { hasDrift } from './baseline.js';
import { textDiff } from '../render/diff.js';
import { span, type StyledLine } from '../render/styled.js';
import { quote } from '../render/text.js';

export function driftHeadline(drift: DriftSummary): string {
  const base = `the baseline run ${drift.baseline.runId} of ${drift.baseline.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`;
  if (!hasDrift(drift))
    return `No drift since ${base}: ${drift.compared} dialogue${drift.compared === 1 ? '' : 's'} compared, every reply the same.`;
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
    else if (step.kind === 'gone')
      lines.push([span(`  - ${step.title}`), span('  gone (in the baseline only)', 'dim')]);
    else {
      lines.push([span(`  ${step.title}`)]);
      for (const change of step.changes ?? []) lines.push(...changeLines(change).map((l) => [span('    '), ...l]));
    }
  }
  return lines;
}

export interface DriftedDialogue {
  /** `suite › name`. */
  name: string;
  drift: DialogueDrift;
}

/** Places a group lists before `… and N more` (0: all). */
const MAX_PLACES = 20;

/**
 * The drift section's body, dialogues in plan order: first each change seen in two steps or more,
 * once, with the places it was seen (most places first), then per dialogue what is left — new
 * dialogues, new and gone steps, changes seen once.
 */
export function groupedDriftLines(dialogues: DriftedDialogue[], maxPlaces = MAX_PLACES): StyledLine[] {
  const groups = new Map<string, { changes: FieldChange[]; places: string[] }>();
  for (const d of dialogues) {
    for (const step of d.drift.steps) {
      if (step.kind !== 'changed') continue;
      const key = JSON.stringify(step.changes ?? []);
      const group = groups.get(key) ?? { changes: step.changes ?? [], places: [] };
      group.places.push(`${d.name}, ${step.title}`);
      groups.set(key, group);
    }
  }
  const shared = [...groups.entries()]
    .filter(([, g]) => g.places.length > 1)
    .sort((a, b) => b[1].places.length - a[1].places.length);
  const lines: StyledLine[] = [];
  for (const [, group] of shared) {
    const n = group.places.length;
    lines.push([span('~ ', 'warn'), span(`${n} steps changed the same way`, 'bold')]);
    for (const change of group.changes) lines.push(...changeLines(change).map((l) => [span('    '), ...l]));
    const shown = maxPlaces > 0 ? group.places.slice(0, maxPlaces) : group.places;
    for (const place of shown) lines.push([span('  in '), span(place)]);
    if (shown.length < n) lines.push([span(`  … and ${n - shown.length} more step${plural(n - shown.length)}`, 'dim')]);
  }
  const grouped = new Set(shared.map(([key]) => key));
  const own = (step: StepDrift) => step.kind !== 'changed' || !grouped.has(JSON.stringify(step.changes ?? []));
  for (const d of dialogues) {
    if (d.drift.kind === 'new') {
      lines.push(...dialogueDriftLines(d.name, d.drift));
      continue;
    }
    const steps = d.drift.steps.filter(own);
    if (steps.length) lines.push(...dialogueDriftLines(d.name, { ...d.drift, steps }));
  }
  return lines;
}

export function goneDialogueLines(drift: DriftSummary): StyledLine[] {
  return drift.gone.map((d) => [
    span('- ', 'bad'),
    span(`${d.suite} › ${d.name}`, 'bold'),
    span(`  gone: in the baseline only (${d.file})`, 'dim'),
  ]);
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
    return [
      [
        span(label),
        span('same items, new order: '),
        span(quote(after), 'actual'),
        span(` (was ${quote(before)})`, 'dim'),
      ],
    ];
  }
  return [[span(label), span(cut(quote(before)), 'delLine'), span(' → '), span(cut(quote(after)), 'insLine')]];
}

function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
