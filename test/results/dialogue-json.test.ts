/**
 * A results line reuses each raw reply's JSON text instead of stringifying it again: the line
 * must still be byte for byte what JSON.stringify writes, whatever shape the result has.
 */
import { describe, expect, it } from 'vitest';
import { dialogueJsonParts, placeholderForTests } from '../../src/results/dialogue-json.js';
import { forFile } from '../../src/reporters/json.js';
import type { DialogueResult } from '../../src/results/model.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { turn } from '../helpers/turn.js';

/** The whole line, as a writer puts its pieces together. */
const dialogueJson = (result: DialogueResult, texts: ReadonlyMap<unknown, string>) =>
  dialogueJsonParts(result, texts).join('');

/** The texts the writer would have: every raw reply's, as JSON.stringify writes it. */
function textsOf(result: DialogueResult): Map<unknown, string> {
  const texts = new Map<unknown, string>();
  forFile(result, texts);
  return texts;
}

const odd = {
  '1': 'integer-like key',
  b: [undefined, () => 1, 2],
  __proto__x: 'é\u2028\ud800',
  nested: { deep: [{}] },
};

describe('a dialogue as results-file JSON', () => {
  const steps = [
    passedStep(1, 'products', turn({ raw: odd })),
    passedStep(2, 'again', turn({ raw: 'a raw reply that is a string' })),
    passedStep(3, 'none', turn({ raw: null })),
  ];
  const cases: Array<[string, DialogueResult]> = [
    ...sampleRun().dialogues.map((d): [string, DialogueResult] => [d.name, d]),
    ['odd raw replies', dialogue('odd', steps)],
    [
      'retried',
      dialogue('retried', steps, {
        status: 'flaky',
        retries: [{ status: 'failed', userId: 'u', startedAt: 's', durationMs: 1, steps }],
      }),
    ],
    [
      'repeated',
      dialogue('repeated', steps, {
        repeats: {
          each: 2,
          minPassRate: 1,
          passed: 2,
          runs: [
            { repetition: 1, status: 'passed', userId: 'u', startedAt: 's', durationMs: 1, steps },
            {
              repetition: 2,
              status: 'flaky',
              userId: 'u',
              startedAt: 's',
              durationMs: 1,
              steps,
              retries: [{ status: 'failed', userId: 'u', startedAt: 's', durationMs: 1, steps }],
            },
          ],
        },
      }),
    ],
    ['a member left undefined', { ...dialogue('undefined', steps), skipReason: undefined, drift: undefined }],
  ];

  it.each(cases)('%s: the same text as JSON.stringify', (_, result) => {
    const texts = textsOf(result);
    expect(dialogueJson(result, texts)).toBe(JSON.stringify(result));
  });

  it.each(cases)('%s: in pieces, the same text, each raw reply a piece of its own', (_, result) => {
    const texts = textsOf(result);
    const parts = dialogueJsonParts(result, texts);
    expect(parts.join('')).toBe(JSON.stringify(result));
    // the writer takes the reply's text as it is: not copied into one long line
    for (const text of texts.values()) expect(parts).toContain(text);
  });

  it('is exact even for a reply that holds a placeholder (stringified whole then)', () => {
    for (const text of [placeholderForTests(0), placeholderForTests(1), `${placeholderForTests(0)}x`]) {
      const steps = [passedStep(1, 'x', turn({ text, raw: { a: 1 } })), passedStep(2, 'y', turn({ raw: { c: 1 } }))];
      const result = dialogue('sly', steps);
      expect(dialogueJsonParts(result, textsOf(result)).join('')).toBe(JSON.stringify(result));
    }
  });

  it('writes the text it is given for a raw reply (so it must be given the true one)', () => {
    const raw = { version: 'v2' };
    const result = dialogue('given', [passedStep(1, 'x', turn({ raw }))]);
    expect(JSON.parse(dialogueJson(result, new Map([[raw, '{"given":1}']]))).steps[0].turn.raw).toEqual({ given: 1 });
  });
});
