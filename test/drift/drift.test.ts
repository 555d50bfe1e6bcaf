/**
 * Baseline drift: steps matched by what they do (name, else action and occurrence), not by
 * position; each field compared; new, gone and unanswered steps told apart; the annotator's totals.
 */
import { describe, expect, it } from 'vitest';
import { BaselineDrift, hasDrift } from '../../src/drift/baseline.js';
import { baselineDialogue, compareDialogue } from '../../src/drift/drift.js';
import { ReporterMux, type Reporter } from '../../src/results/event-stream.js';
import type { DialogueResult, RunSummary, StepDrift, StepResult } from '../../src/results/model.js';
import { groupedDriftLines, type DriftedDialogue } from '../../src/drift/drift-render.js';
import { plainStyle, toText } from '../../src/render/styled.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { turn } from '../helpers/turn.js';

const hours = (text: string) => passedStep(1, 'store hours', turn({ scenarioName: 'Store hours', text }));
const products = (buttons: string[]) =>
  passedStep(
    2,
    'products',
    turn({
      scenarioName: 'Products',
      chatTypes: ['MULTILINKS'],
      buttons: buttons.map((title) => ({ title, source: 'template' as const })),
      bubbles: [{ type: 'template' }],
    }),
  );
const renumber = (steps: StepResult[]) => steps.map((s, i) => ({ ...s, index: i + 1 }));

describe('compareDialogue', () => {
  const base = baselineDialogue(dialogue('d', [hours('Open 10-20.'), products(['A', 'B'])]));

  it('finds nothing when every reply is the same', () => {
    expect(compareDialogue(base, dialogue('d', [hours('Open 10-20.'), products(['A', 'B'])]))).toBeUndefined();
  });

  it('reports each changed field of each changed step', () => {
    const drift = compareDialogue(base, dialogue('d', [hours('Open 9-21.'), products(['A', 'C'])]));
    expect(drift).toEqual({
      kind: 'changed',
      steps: [
        {
          index: 1,
          title: 'step 1: send "store hours"',
          kind: 'changed',
          changes: [{ field: 'text', before: 'Open 10-20.', after: 'Open 9-21.' }],
        },
        {
          index: 2,
          title: 'step 2: send "products"',
          kind: 'changed',
          changes: [{ field: 'buttons', before: ['A', 'B'], after: ['A', 'C'] }],
        },
      ],
    });
  });

  it('matches steps by what they do: an inserted step is new, the others unchanged', () => {
    const inserted = renumber([hours('Open 10-20.'), passedStep(0, 'hello'), products(['A', 'B'])]);
    const drift = compareDialogue(base, dialogue('d', inserted));
    expect(drift?.steps).toEqual([{ index: 2, title: 'step 2: send "hello"', kind: 'new' }]);
  });

  it('tells a gone step, and compares nothing for a step that got no reply', () => {
    const erroredHours: StepResult = {
      index: 1,
      status: 'errored',
      action: { kind: 'send', text: 'store hours' },
      expect: {},
      pos: { file: 'f', line: 1, column: 1 },
      cause: { kind: 'timeout', message: 't', retryable: false },
      durationMs: 1,
    };
    const drift = compareDialogue(base, dialogue('d', [erroredHours]));
    expect(drift?.steps).toEqual([{ index: 2, title: 'step 2: send "products"', kind: 'gone' }]);
  });

  it('tells apart two steps sending the same text by their order', () => {
    const twice = baselineDialogue(dialogue('d', renumber([hours('first'), hours('second')])));
    expect(compareDialogue(twice, dialogue('d', renumber([hours('first'), hours('second')])))).toBeUndefined();
    expect(
      compareDialogue(twice, dialogue('d', renumber([hours('first'), hours('2nd')])))?.steps.map((s) => s.index),
    ).toEqual([2]);
  });
});

describe('the baseline annotator', () => {
  it('annotates the stream every reporter sees, and totals new, changed and gone dialogues', async () => {
    const run = sampleRun();
    const baseline = BaselineDrift.fromResults(
      [
        dialogue('products', [passedStep(1, 'products', turn({ text: 'We had two products.' }))]),
        dialogue('retired', [passedStep(1, 'bye')]),
        ...run.dialogues.slice(1),
      ],
      { runId: 'base0001', startedAt: '2026-01-01T00:00:00.000Z' },
    );
    const seen: DialogueResult[] = [];
    let summary: RunSummary | undefined;
    const reporter: Reporter = { name: 'r', onDialogueEnd: (d) => void seen.push(d), onEnd: (s) => void (summary = s) };
    const mux = new ReporterMux([reporter], [baseline]);
    await mux.begin(run.info);
    for (const d of run.dialogues) await mux.dialogueEnd(d);
    await mux.end(run.summary);
    expect(mux.failures).toEqual([]);
    expect(seen.map((d) => [d.name, d.drift?.kind])).toEqual([
      ['products', 'changed'],
      ['hours', undefined],
      ['slow', undefined],
      ['later', undefined],
    ]);
    expect(summary?.drift).toMatchObject({
      baseline: { runId: 'base0001' },
      compared: 3,
      changedDialogues: 1,
      changedSteps: 1,
      newDialogues: 0,
      gone: [{ id: 'Shop › retired' }],
    });
    expect(hasDrift(summary?.drift)).toBe(true);
    expect(baseline.drifted).toBe(true);
  });

  it('lists no gone dialogue for a shard, which plans only its part', async () => {
    const run = sampleRun();
    const baseline = BaselineDrift.fromResults([dialogue('elsewhere', [passedStep(1, 'x')])], {
      runId: 'b',
      startedAt: 's',
    });
    const mux = new ReporterMux([], [baseline]);
    await mux.begin({ ...run.info, shard: '1/2' });
    expect(baseline.summary().gone).toEqual([]);
  });
});

describe('grouped drift', () => {
  const renamed = (title: string): StepDrift => ({
    index: 1,
    title,
    kind: 'changed',
    changes: [{ field: 'scenarioName', before: 'Hours', after: 'Opening hours' }],
  });
  const many: DriftedDialogue[] = Array.from({ length: 14 }, (_, i) => ({
    name: `Shop › d${i}`,
    drift: { kind: 'changed', steps: [renamed('step 1: send "hours"')] },
  }));
  const once: DriftedDialogue = {
    name: 'Shop › odd',
    drift: {
      kind: 'changed',
      steps: [
        { index: 2, title: 'step 2: send "x"', kind: 'changed', changes: [{ field: 'text', before: 'a', after: 'b' }] },
        { index: 3, title: 'step 3: send "y"', kind: 'new' },
      ],
    },
  };

  it('shows one bot edit that changed 14 steps as one group listing the 14 places, then what is left per dialogue', () => {
    const text = toText(groupedDriftLines([many[0]!, once, ...many.slice(1)], 0), plainStyle);
    expect(text.slice(0, 3)).toEqual([
      '~ 14 steps changed the same way',
      '    scenarioName: "Hours" → "Opening hours"',
      '  in Shop › d0, step 1: send "hours"',
    ]);
    expect(text.filter((l) => l.startsWith('  in '))).toHaveLength(14);
    expect(text.join('\n')).not.toContain('~ Shop › d3');
    expect(text.slice(16)).toEqual([
      '~ Shop › odd',
      '  step 2: send "x"',
      '    text:         "a" → "b"',
      '  + step 3: send "y"  new step',
    ]);
  });

  it('lists the first places of a big group and counts the rest', () => {
    const text = toText(groupedDriftLines(many, 5), plainStyle);
    expect(text.filter((l) => l.startsWith('  in '))).toHaveLength(5);
    expect(text).toContain('  … and 9 more steps');
  });
});
