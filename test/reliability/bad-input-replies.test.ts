/**
 * Whatever a bot sends — random JSON, random values, the vendor's own examples mutated, random
 * bytes with random statuses — reading it never throws: it becomes a Turn the matcher can check,
 * or a Cause the report shows. Checked here at two depths, readReply (the HTTP body) and normalizeReply
 * (the JSON); the client itself against a local server sending the bytes: bad-input-replies-client.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeReply } from '../../src/protocol/reply.js';
import { readReply } from '../../src/protocol/errors.js';
import { matchExpectations } from '../../src/match/expectations.js';
import type { TextMatcher } from '../../src/dialogues/types.js';
import { applyTreeMutation, PROPERTY, treeMutation } from './mutate.js';
import { body, expectCause, expectSoundTurn, PROTO_KEYS, SEEDS } from './reply-checks.js';

const META = { status: 200, latencyMs: 5, event: 'send' };

/** Vendor replies with parts deleted, duplicated, retyped, or renamed to prototype names. */
const mutatedSeed = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(treeMutation, { minLength: 1, maxLength: 5 }),
    fc.option(fc.constantFrom(...PROTO_KEYS)),
  )
  .map(([seed, mutations, protoKey]) => {
    let value = mutations.reduce(applyTreeMutation, seed);
    // through JSON, as from the wire: "__proto__" stays an own key
    if (protoKey)
      value = JSON.parse(
        JSON.stringify(value)
          .replace(/"(key|scenarioName|name|type)"/, `"${protoKey}"`)
          .replace(/"(chatType|scenarioName)"/, `"${protoKey}"`),
      );
    return value;
  });

describe('normalizeReply is total', () => {
  it('over any JSON value', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const turn = normalizeReply(JSON.parse(text), META);
        expectSoundTurn(turn);
        expect(JSON.parse(JSON.stringify(turn.raw) ?? 'null')).toEqual(JSON.parse(text)); // kept whole
      }),
      PROPERTY,
    );
  });

  it('over any JavaScript value (not only what JSON can say)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          maxDepth: 4,
          withNullPrototype: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withBoxedValues: true,
        }),
        (value) => expectSoundTurn(normalizeReply(value, META)),
      ),
      PROPERTY,
    );
  });

  it('over the vendor examples mutated', () => {
    fc.assert(
      fc.property(mutatedSeed, (value) => expectSoundTurn(normalizeReply(value, META))),
      { ...PROPERTY, numRuns: PROPERTY.numRuns * 2 },
    );
  });

  it('reads a reply nested 100,000 levels deep, and keeps a note instead of its body', () => {
    const depth = 100_000;
    for (const text of [
      `{"deep":${'['.repeat(depth)}${']'.repeat(depth)},"bubbles":[{"type":"text","data":{"description":"hi"}}]}`,
      `{"bubbles":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `{"bubbles":[${'{"type":"carousel","data":{"cards":['.repeat(depth / 10)}${']}}'.repeat(depth / 10)}]}`,
    ]) {
      const turn = normalizeReply(JSON.parse(text), META);
      expectSoundTurn(turn);
      expect(() => JSON.stringify(turn)).not.toThrow();
      expect(turn.raw).toEqual({ truncated: 'the reply nests more than 512 levels deep: its body is not kept' });
    }
    const ok = normalizeReply(JSON.parse(`{"deep":${'['.repeat(500)}${']'.repeat(500)}}`), META);
    expect(JSON.stringify(ok.raw)).toBe(`{"deep":${'['.repeat(500)}${']'.repeat(500)}}`);
  });

  it('keeps information keys named like Object.prototype members as plain data', () => {
    const reply = JSON.parse(
      '{"bubbles":[{"type":"text","data":{"description":"hi"},"information":[{"key":"__proto__","value":"x"},{"key":"toString","value":"y"},{"key":"chatType","value":"TEXT"}]}]}',
    );
    const turn = normalizeReply(reply, META);
    expectSoundTurn(turn);
    expect(Object.keys(turn.information).sort()).toEqual(['__proto__', 'chatType', 'toString']);
    expect(turn.information.toString).toEqual(['y']);
    const equals = (value: string): TextMatcher => ({ op: 'equals', value });
    const information = Object.fromEntries([
      ['toString', equals('y')],
      ['constructor', equals('z')],
    ]);
    const mismatches = matchExpectations({ information }, turn);
    expect(mismatches.map((m) => [m.field, m.actual])).toEqual([['information.constructor', []]]);
  });
});

/** What readReply gives back must be one or the other, with words a human can read. */
function expectReading(reading: ReturnType<typeof readReply>): void {
  if (reading.ok) {
    expect(typeof reading.json === 'object' && reading.json !== null && !Array.isArray(reading.json)).toBe(true);
    return;
  }
  expectCause(reading.cause);
}

const status = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 404, 413, 429, 500, 502, 503, 504),
  fc.integer({ min: 100, max: 599 }),
);
const retryAfter = fc.option(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.nat().map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
    fc.constantFrom('-1', 'NaN', 'Infinity', '1e400', ''),
  ),
  { nil: undefined },
);

describe('readReply is total', () => {
  it('over any status, body and Retry-After', () => {
    fc.assert(
      fc.property(status, body, retryAfter, (s, b, r) => expectReading(readReply(s, b, r))),
      { ...PROPERTY, numRuns: PROPERTY.numRuns * 3 },
    );
  });

  it('never takes a prototype member for a known error code', () => {
    for (const code of PROTO_KEYS) {
      const reading = readReply(500, JSON.stringify({ code, message: 'm' }));
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.cause.message).toBe(`chatbot error code ${code}: m, HTTP 500`);
    }
  });

  it('a Retry-After that is not a usable delay is ignored, not trusted', () => {
    for (const value of ['-1', 'NaN', 'Infinity', '1e400', 'soon']) {
      const reading = readReply(429, '{"error":{"errorCode":"410","message":"Throttle Limited"}}', value);
      expect(reading.ok).toBe(false);
      if (!reading.ok)
        expect(reading.cause.retryAfterMs === undefined || Number.isFinite(reading.cause.retryAfterMs)).toBe(true);
    }
  });
});
