/**
 * Record mode: observe replies during a run, then write them into the spec files' `expect` maps.
 * `record` writes every step's scenarioName, chatType, description and buttons; `run --update`
 * rewrites only the fields that failed. The collector is a reporter like any other; the files are
 * edited after the run, each whole or not at all.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult } from '../results/model.js';
import type { Turn } from '../protocol/turn.js';
import { writeReportFile } from '../io/write-report.js';
import { stepTitle } from '../render/dialogue-text.js';
import type { Expectations } from '../dialogues/types.js';
import { recordedValues, updatedValue, type DescriptionPolicy, type MatcherChange } from './observe.js';
import { editSpecText, SpecEditError, type StepEdit, type ValueSet } from './yaml-edit.js';

interface Observation {
  file: string;
  line: number;
  column: number;
  where: string;
  turn: Turn;
  /** The fields that failed, when the step failed. */
  failed?: string[];
  /** The expectation keys the step already has. */
  present: string[];
  /** The step's expectations (update mode): matchers keep their kind, list items that hold stay. */
  expect?: Expectations;
}

/**
 * `record` writes each recorded key that is `missing`; with `failing` (the default) also those
 * whose expectation failed, keeping the ones that hold as the author wrote them; with `all`, every
 * recorded key. `update` rewrites the failed fields of failing steps only.
 */
export type RecordMode = { kind: 'record'; rewrite: 'missing' | 'failing' | 'all' } | { kind: 'update' };

export interface Unrecorded {
  where: string;
  reason: string;
}

/** Collects what each step's reply said; `update` keeps only failed steps and their failed fields. */
export class ObservationCollector implements Reporter {
  readonly name = 'record';
  readonly observations: Observation[] = [];
  readonly unrecorded: Unrecorded[] = [];

  constructor(private readonly mode: RecordMode['kind']) {}

  onDialogueEnd(result: DialogueResult): void {
    for (const step of result.steps) {
      const where = `${step.pos.file}:${step.pos.line}:${step.pos.column} ${result.suite} › ${result.name}, ${stepTitle(step)}`;
      if (this.mode === 'update' && step.status !== 'failed') continue;
      if (!step.turn) {
        if (step.status === 'errored') this.unrecorded.push({ where, reason: `no reply: ${step.cause.message}` });
        else if (step.status === 'skipped' && this.mode === 'record')
          this.unrecorded.push({ where, reason: `not run: ${step.reason}` });
        else if (step.status === 'failed')
          this.unrecorded.push({
            where,
            reason: step.mismatches.map((m) => `${m.field}: expected ${m.expected}`).join('; '),
          });
        continue;
      }
      const failed = step.status === 'failed' ? step.mismatches.map((m) => m.field) : undefined;
      // the raw body is dropped to keep memory flat, unless a json: entry may need rewriting from it
      const turn = { ...step.turn, raw: failed?.some((f) => f.startsWith('json ')) ? step.turn.raw : null };
      const present = [
        ...Object.keys(step.expect).filter((k) => k !== 'information'),
        ...Object.keys(step.expect.information ?? {}).map((k) => `information.${k}`),
      ];
      this.observations.push({
        file: step.pos.file,
        line: step.pos.line,
        column: step.pos.column,
        where,
        turn,
        present,
        ...(failed ? { failed } : {}),
        ...(this.mode === 'update' ? { expect: step.expect } : {}),
      });
    }
  }
}

export interface FileRecording {
  file: string;
  steps: number;
  written: number;
  /** The unified diff of the change (always computed; printed by --dry-run). */
  patch: string;
  changed: boolean;
}

export interface RecordingOutcome {
  files: FileRecording[];
  unrecorded: Unrecorded[];
  /** `run --update`: each matcher rewritten, from what to what, and whether it got stricter or looser. */
  changes: Array<{ where: string; change: MatcherChange }>;
}

/** Turns observations into edits per file and applies them (or only computes them, with dryRun). */
export async function writeRecordings(
  collector: ObservationCollector,
  options: { cwd: string; mode: RecordMode; description: DescriptionPolicy; dryRun?: boolean },
): Promise<RecordingOutcome> {
  const unrecorded = [...collector.unrecorded];
  const changes: RecordingOutcome['changes'] = [];
  const byFile = new Map<string, StepEdit[]>();
  for (const group of groupByStep(collector.observations)) {
    const first = group[0]!;
    const { sets, changes: proposed, byHand } = planValues(first, options);
    const agreed = sets.filter((s) => group.every((o) => sameValue(planValues(o, options).sets, s)));
    for (const s of agreed)
      for (const change of proposed.get(s.path.join('.')) ?? [])
        changes.push({ where: `${first.file}:${first.line}:${first.column}`, change });
    for (const reason of byHand) unrecorded.push({ where: first.where, reason });
    if (agreed.length < sets.length) {
      const keys = sets.filter((s) => !agreed.includes(s)).map((s) => s.path.join('.'));
      unrecorded.push({
        where: first.where,
        reason: `${keys.join(', ')} not written: the ${group.length} runs of this step got different replies`,
      });
    }
    for (const field of first.failed ?? []) {
      if (!sets.some((s) => s.path.join('.') === field))
        unrecorded.push({ where: first.where, reason: `${field} cannot be updated automatically: fix it by hand` });
    }
    if (agreed.length === 0) continue;
    const edits = byFile.get(first.file) ?? [];
    edits.push({
      line: first.line,
      column: first.column,
      set: agreed,
      onlyMissing: options.mode.kind === 'record' && options.mode.rewrite === 'missing',
    });
    byFile.set(first.file, edits);
  }
  const files: FileRecording[] = [];
  for (const [file, edits] of byFile) {
    const path = resolve(options.cwd, file);
    const before = await readFile(path, 'utf8');
    let result;
    try {
      result = editSpecText(before, edits);
    } catch (error) {
      if (error instanceof SpecEditError) {
        unrecorded.push({ where: file, reason: error.message });
        continue;
      }
      throw error;
    }
    for (const edit of result.notFound)
      unrecorded.push({
        where: `${file}:${edit.line}:${edit.column}`,
        reason: 'the step is no longer there (was the file edited during the run?)',
      });
    for (const { edit, reason } of result.skipped)
      unrecorded.push({ where: `${file}:${edit.line}:${edit.column}`, reason });
    const changed = result.text !== before;
    // the spec is the author's text: only the recorded values (masked as data already) are ours
    if (changed && !options.dryRun) await writeReportFile(path, result.text, { redact: false });
    files.push({
      file,
      steps: edits.length - result.notFound.length - result.skipped.length,
      written: result.written,
      changed,
      patch: changed ? createTwoFilesPatch(file, file, before, result.text, '', '', { context: 2 }) : '',
    });
  }
  return { files, unrecorded, changes };
}

interface PlannedValues {
  sets: ValueSet[];
  /** By set path (joined with '.'): how each matcher changes. */
  changes: Map<string, MatcherChange[]>;
  byHand: string[];
}

function planValues(o: Observation, options: { mode: RecordMode; description: DescriptionPolicy }): PlannedValues {
  const planned: PlannedValues = { sets: [], changes: new Map(), byHand: [] };
  if (options.mode.kind === 'record') {
    const rewrite = options.mode.rewrite;
    const wanted = (key: string) =>
      !o.present.includes(key) || rewrite === 'all' || (rewrite === 'failing' && (o.failed ?? []).includes(key));
    planned.sets = recordedValues(o.turn, options.description)
      .filter(({ key }) => wanted(key))
      .map(({ key, value }) => ({ path: [key], value }));
    return planned;
  }
  for (const field of new Set(o.failed ?? [])) {
    const update = updatedValue(field, o.turn, options.description, o.expect);
    if (!update) continue;
    const path = update.path ?? update.key.split('.');
    planned.sets.push({ path, value: update.value });
    planned.changes.set(path.join('.'), update.changes);
    if (update.byHand) planned.byHand.push(update.byHand);
  }
  return planned;
}

function sameValue(sets: ValueSet[], target: ValueSet): boolean {
  const match = sets.find((s) => s.path.join('.') === target.path.join('.'));
  return match !== undefined && JSON.stringify(match.value) === JSON.stringify(target.value);
}

/** Observations of the same written step (data-driven dialogues run one step several times), in run order. */
function groupByStep(observations: Observation[]): Observation[][] {
  const groups = new Map<string, Observation[]>();
  for (const o of observations) {
    const key = `${o.file}:${o.line}:${o.column}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.values()];
}
