/**
 * What the bad-input-replies tests share: the vendor example replies, what a sound Turn and a readable
 * Cause look like, and the HTTP bodies a bot might send (read by readReply, and by the client off a server).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Cause } from '../../src/protocol/errors.js';
import { matchExpectations } from '../../src/match/expectations.js';
import type { Expectations } from '../../src/dialogues/types.js';
import type { Turn } from '../../src/protocol/turn.js';
import { seedReply, seedReplyNames } from '../helpers/fixtures.js';
import { applyTreeMutation, garbage, treeMutation } from './mutate.js';

export const SEEDS = seedReplyNames().map(seedReply);
/** Keys that are also Object.prototype members: a reply or a spec may use them as plain names. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** An expectation touching every field the Turn offers, plus information keys a bot chose. */
const EVERYTHING: Expectations = {
  scenarioName: { op: 'regex', pattern: '.', flags: '' },
  chatType: { op: 'not', matcher: { op: 'equals', value: 'NOANSWER' } },
  description: { op: 'contains', value: 'a' },
  buttons: [{ op: 'equals', value: 'A' }],
  quickButtons: [{ op: 'not', matcher: { op: 'equals', value: 'B' } }],
  persistentMenu: [{ op: 'anyOf', matchers: [{ op: 'equals', value: 'C' }] }],
  components: [{ op: 'equals', value: 'text' }],
  entities: [{ op: 'equals', value: 'size' }],
  keywords: [{ op: 'equals', value: 'products' }],
  information: Object.fromEntries(['chatType', 'score', ...PROTO_KEYS].map((k) => [k, { op: 'equals', value: 'x' }])),
  score: { gte: 0.5 },
  latencyMs: { lt: 1000 },
};

/** A Turn is plain data: strings where strings belong, own keys only, serializable for the results file. */
export function expectSoundTurn(turn: Turn): void {
  expect(Object.getPrototypeOf(turn.information)).toBe(Object.prototype);
  for (const [key, values] of Object.entries(turn.information)) {
    expect(typeof key).toBe('string');
    expect(Array.isArray(values) && values.every((v) => typeof v === 'string')).toBe(true);
  }
  expect(typeof turn.text).toBe('string');
  expect(turn.scenarioName === null || typeof turn.scenarioName === 'string').toBe(true);
  for (const list of [turn.buttons, turn.quickButtons, turn.persistentMenu])
    for (const b of list) expect(typeof b.title).toBe('string');
  expect(turn.chatTypes.every((t) => typeof t === 'string')).toBe(true);
  expect(turn.keywords.every((t) => typeof t === 'string')).toBe(true);
  expect(turn.score === null || Number.isFinite(turn.score)).toBe(true);
  const { raw: _raw, ...facts } = turn;
  expect(() => JSON.stringify(facts)).not.toThrow();
  // every expectation can be checked against it, and says what failed in words
  for (const m of matchExpectations(EVERYTHING, turn)) expect(typeof m.expected).toBe('string');
}

/** A Cause says what went wrong in a few words, and whether trying again may help. */
export function expectCause(cause: Cause): void {
  expect(typeof cause.message).toBe('string');
  expect(cause.message.length).toBeGreaterThan(0);
  expect(cause.message.length).toBeLessThan(2000); // an excerpt, never the whole body
  expect(cause.message).not.toMatch(/function |\[native code\]/); // a prototype member read as a code
  expect(typeof cause.retryable).toBe('boolean');
}

/** What a bot might send as a body: JSON, text, bytes, vendor replies mutated or cut short, error JSON, HTML. */
export const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(fc.constantFrom(...SEEDS), treeMutation).map(([seed, m]) => JSON.stringify(applyTreeMutation(seed, m))),
  fc
    .constantFrom(...SEEDS)
    .chain((seed) => fc.nat({ max: JSON.stringify(seed).length }).map((n) => JSON.stringify(seed).slice(0, n))),
  fc
    .record({
      code: fc.oneof(fc.constantFrom(...PROTO_KEYS, '4031', '4032', '5000'), fc.string()),
      message: fc.oneof(fc.string(), fc.constant(null)),
    })
    .map((o) => JSON.stringify(o)),
  fc
    .record({
      error: fc.record({
        errorCode: fc.oneof(fc.constantFrom(...PROTO_KEYS, '410'), fc.nat()),
        message: fc.oneof(fc.string(), fc.integer()),
      }),
    })
    .map((o) => JSON.stringify(o)),
  fc
    .tuple(fc.string({ maxLength: 100 }), garbage)
    .map(([title, g]) => `<!DOCTYPE html><html><head><title>${title}</title></head><body>${g}</body></html>`),
);
