/** Results built by hand for reporter tests: a small run with a pass, a failure, an error and a skip. */
import type { DialogueResult, RunInfo, RunSummary, StepResult } from '../../src/results/model.js';
import type { Turn } from '../../src/protocol/turn.js';
import { turn } from './turn.js';

const pos = (line: number) => ({ file: 'specs/shop.yaml', line, column: 9 });

export function passedStep(index: number, text: string, t: Turn = turn()): StepResult {
  return {
    index,
    status: 'passed',
    action: { kind: 'send', text },
    expect: { scenarioName: { op: 'equals', value: t.scenarioName ?? '' } },
    pos: pos(4 + index * 3),
    request: {
      event: 'send',
      userId: 'u-1',
      text,
      timestamp: 1_700_000_000_000,
      body: JSON.stringify({ version: 'v2', userId: 'u-1', event: 'send', text }),
    },
    turn: t,
    durationMs: 12,
  };
}

export function dialogue(name: string, steps: StepResult[], over: Partial<DialogueResult> = {}): DialogueResult {
  const status = steps.some((s) => s.status === 'failed')
    ? 'failed'
    : steps.some((s) => s.status === 'errored')
      ? 'errored'
      : 'passed';
  return {
    id: `Shop › ${name}`,
    suite: 'Shop',
    file: 'specs/shop.yaml',
    name,
    tags: ['smoke'],
    pos: pos(3),
    status,
    userId: `clova-regress-abc-${name.length}`,
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 25,
    steps,
    ...over,
  };
}

export function sampleRun(): { info: RunInfo; dialogues: DialogueResult[]; summary: RunSummary } {
  const failedStep: StepResult = {
    ...passedStep(
      1,
      'store hours',
      turn({ scenarioName: 'Store hours', text: 'We are open every day from 9:00 to 21:00.' }),
    ),
    status: 'failed',
    expect: {
      description: { op: 'equals', value: 'We are open every day from 10:00 to 20:00.' },
      scenarioName: { op: 'equals', value: 'Store hours' },
    },
    mismatches: [
      {
        field: 'description',
        expected: '"We are open every day from 10:00 to 20:00."',
        actual: 'We are open every day from 9:00 to 21:00.',
        matcher: { op: 'equals', value: 'We are open every day from 10:00 to 20:00.' },
        pos: { file: 'specs/shop.yaml', line: 9, column: 11 },
      },
    ],
  } as StepResult;
  const erroredStep: StepResult = {
    index: 1,
    status: 'errored',
    action: { kind: 'send', text: 'hi' },
    expect: {},
    pos: pos(7),
    cause: { kind: 'timeout', message: 'timed out after 300 ms (127.0.0.1:1234)', retryable: false },
    durationMs: 300,
  };
  const dialogues = [
    dialogue('products', [passedStep(1, 'products')]),
    dialogue('hours', [failedStep]),
    dialogue('slow', [erroredStep]),
    dialogue('later', [], { status: 'skipped', skipReason: 'not yet' }),
  ];
  const info: RunInfo = {
    runId: 'abcd1234',
    startedAt: '2026-01-02T03:04:05.000Z',
    toolVersion: '0.1.0',
    target: {
      kind: 'mock',
      host: '127.0.0.1:1234',
      description: 'built-in mock bot (specs/bot.yaml) at http://127.0.0.1:1234/',
    },
    concurrency: 4,
    planned: dialogues.map((d) => ({
      id: d.id,
      suite: d.suite,
      file: d.file,
      name: d.name,
      tags: d.tags,
      steps: d.steps.length,
    })),
  };
  const summary: RunSummary = {
    runId: 'abcd1234',
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: '2026-01-02T03:04:06.000Z',
    durationMs: 1000,
    counts: { total: 4, passed: 1, failed: 1, errored: 1, flaky: 0, skipped: 1 },
    requests: 3,
    throttled: 0,
    interrupted: false,
    notRun: 0,
  };
  return { info, dialogues, summary };
}
