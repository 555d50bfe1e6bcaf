/** Small builders of run results for coverage and routing tests. */
import type { DialogueResult, StepResult } from '../../src/results/model.js';
import type { DialogueGroup } from '../../src/dialogues/types.js';
import type { Turn } from '../../src/protocol/turn.js';
import { blankTurn } from '../helpers/turn.js';

export function turnOf(scenarioName: string | null, chatTypes: string[] = ['TEXT']): Turn {
  return blankTurn({ scenarioName, chatTypes });
}

const pos = { file: 'spec.yaml', line: 1, column: 1 };

/** A passed dialogue whose steps got replies from these scenarios (null: no scenario; undefined chat types: TEXT). */
export function resultWith(
  name: string,
  replies: Array<[string | null, string[]?] | 'errored'>,
  group?: DialogueGroup,
): DialogueResult {
  const steps: StepResult[] = replies.map((r, i) =>
    r === 'errored'
      ? {
          index: i + 1,
          action: { kind: 'send', text: 'x' },
          expect: {},
          pos,
          status: 'errored',
          cause: { kind: 'timeout', message: 'timed out after 10 ms' } as never,
          durationMs: 1,
        }
      : {
          index: i + 1,
          action: { kind: 'send', text: 'x' },
          expect: {},
          pos,
          status: 'passed',
          turn: turnOf(r[0], r[1]),
          durationMs: 1,
        },
  );
  return {
    id: `S › ${name}`,
    suite: 'S',
    file: 'spec.yaml',
    name,
    tags: [],
    pos,
    status: steps.some((s) => s.status === 'errored') ? 'errored' : 'passed',
    userId: 'u',
    startedAt: '2024-01-01T00:00:00.000Z',
    durationMs: 1,
    steps,
    ...(group ? { group } : {}),
  };
}
