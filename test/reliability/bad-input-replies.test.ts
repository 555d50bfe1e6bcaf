/**
 * Whatever a bot sends — random JSON, random values, the vendor's own examples mutated, random
 * bytes with random statuses — reading it never throws: it becomes a Turn the matcher can check,
 * or a Cause the report shows. Checked at three depths: readReply (the HTTP body), normalizeReply
 * (the JSON), and the client itself against a local server sending the bytes.
 */
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeReply } from '../../src/protocol/reply.js';
import { readReply, type Cause } from '../../src/protocol/errors.js';
import { BotClient } from '../../src/client/bot-client.js';
import { matchExpectations } from '../../src/match/expectations.js';
import type { Expectations, TextMatcher } from '../../src/dialogues/types.js';
import type { Turn } from '../../src/protocol/turn.js';
import { seedReply, seedReplyNames } from '../helpers/fixtures.js';
import { applyTreeMutation, garbage, PROPERTY, treeMutation } from './mutate.js';

const SEEDS = seedReplyNames().map(seedReply);
const META = { status: 200, latencyMs: 5, event: 'send' };
/** Keys that are also Object.prototype members: a reply or a spec may use them as plain names. */
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

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
function expectSoundTurn(turn: Turn): void {
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

function expectCause(cause: Cause): void {
  expect(typeof cause.message).toBe('string');
  expect(cause.message.length).toBeGreaterThan(0);
  expect(cause.message.length).toBeLessThan(2000); // an excerpt, never the whole body
  expect(cause.message).not.toMatch(/function |\[native code\]/); // a prototype member read as a code
  expect(typeof cause.retryable).toBe('boolean');
}

const status = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 404, 413, 429, 500, 502, 503, 504),
  fc.integer({ min: 100, max: 599 }),
);
const body = fc.oneof(
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

describe('the client, reading whatever bytes a server sends', () => {
  let next: { status: number; body: Buffer; headers: Record<string, string> } = {
    status: 200,
    body: Buffer.alloc(0),
    headers: {},
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, next.headers);
      res.end(next.body);
    });
  });
  let client: BotClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new BotClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      secretKey: 'k'.repeat(32),
      timeoutMs: 2000,
      connections: 2,
      retry: { retries: 0 },
    });
  });
  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const bytes = fc.oneof(
    body.map((t) => Buffer.from(t, 'utf8')),
    fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
  );
  const headers = fc.oneof(
    fc.constant({ 'content-type': 'application/json;charset=UTF-8' }),
    fc.constant({ 'content-type': 'text/html' }),
    fc.record({
      'content-type': fc.constantFrom('application/json', 'text/plain; charset=latin1', 'application/octet-stream'),
      'retry-after': fc.constantFrom('1', 'x', '-5'),
    }),
  );

  it('a reply that has no body by definition (204, 304) is read at once, not waited for until the timeout', async () => {
    for (const s of [204, 304]) {
      next = { status: s, body: Buffer.from('ignored'), headers: { 'content-type': 'text/plain' } };
      const started = performance.now();
      const exchange = await client.send({ event: 'send', userId: 'u-1', text: 'hi' });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(exchange.ok).toBe(false);
      if (!exchange.ok) expect(exchange.cause.message).toBe(`HTTP ${s} with an empty body`);
    }
  });

  it('always resolves to a reply or a cause, and the connection stays usable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 599 }), bytes, headers, async (s, b, h) => {
        next = { status: s, body: b, headers: h };
        const started = performance.now();
        const exchange = await client.send({ event: 'send', userId: 'u-1', text: 'hi' });
        // the server answered at once: a timeout here means the client misread the reply's framing
        expect(performance.now() - started).toBeLessThan(1500);
        if (exchange.ok)
          expectSoundTurn(
            normalizeReply(exchange.json, { status: exchange.status, latencyMs: exchange.latencyMs, event: 'send' }),
          );
        else expectCause(exchange.cause);
      }),
      PROPERTY,
    );
  });
});

describe('the client, reading whatever a server writes on the socket', () => {
  /** The next raw reply, and whether the server closes the connection after it. */
  let next: { bytes: Buffer; close: boolean } = { bytes: Buffer.alloc(0), close: true };
  const VALID = JSON.stringify({ bubbles: [{ type: 'text', data: { description: 'fine' } }] });
  const valid = {
    bytes: Buffer.from(
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${VALID.length}\r\n\r\n${VALID}`,
    ),
    close: false,
  };
  const server = createNetServer((socket) => {
    let seen = '';
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      const head = seen.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(seen)?.[1] ?? 0);
      if (head === -1 || seen.length < head + 4 + length) return;
      seen = '';
      const reply = next;
      socket.write(reply.bytes);
      if (reply.close) socket.end();
    });
  });
  let client: BotClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new BotClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      secretKey: 'k'.repeat(32),
      timeoutMs: 250,
      connections: 1,
      retry: { retries: 0 },
    });
  });
  afterAll(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const statusLine = fc.oneof(
    fc.constantFrom(
      'HTTP/1.1 200 OK',
      'HTTP/1.0 200 OK',
      'HTTP/1.1 500 Internal Server Error',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK',
      'HTTP/1.1 204 No Content',
      'HTTP/2 200',
      'HTTP/1.1 99 Odd',
      'garbage',
      '',
    ),
    fc.integer({ min: 0, max: 999 }).map((n) => `HTTP/1.1 ${n} X`),
  );
  const header = fc.oneof(
    fc.constantFrom(
      'Content-Type: application/json',
      'Connection: close',
      'Connection: keep-alive',
      'Keep-Alive: timeout=1',
      'Transfer-Encoding: chunked',
      'Content-Length: -1',
      'Content-Length: abc',
      'Content-Length: 99999999999999999999',
      'Retry-After: soon',
      ': empty name',
      'no colon',
    ),
    fc.nat({ max: 500 }).map((n) => `Content-Length: ${n}`),
    fc.string({ maxLength: 30 }).map((v) => `X-Junk: ${v}`),
  );
  const body = fc.oneof(
    fc.constant(VALID),
    fc.string({ maxLength: 200 }),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.nat({ max: 40 }).map((n) => n.toString(16)),
            fc.constantFrom('zz', '-1', ''),
          ),
          fc.string({ maxLength: 40 }),
        ),
        { maxLength: 4 },
      )
      .map((chunks) => `${chunks.map(([size, data]) => `${size}\r\n${data}\r\n`).join('')}0\r\n\r\n`),
  );
  const rawReply = fc
    .record({ status: statusLine, headers: fc.array(header, { maxLength: 5 }), body, close: fc.boolean() })
    .map((r) => ({
      bytes: Buffer.from(
        `${r.status}\r\n${r.headers.join('\r\n')}${r.headers.length ? '\r\n' : ''}\r\n${r.body}`,
        'latin1',
      ),
      close: r.close,
    }));

  it('resolves within its timeout to a reply or a cause, and the next request still works', async () => {
    await fc.assert(
      fc.asyncProperty(rawReply, async (reply) => {
        next = reply;
        const started = performance.now();
        const exchange = await client.send({ event: 'send', userId: 'u-1', text: 'hi' });
        expect(performance.now() - started).toBeLessThan(1500); // a framing it waits on ends at the 250 ms timeout
        if (exchange.ok)
          expectSoundTurn(normalizeReply(exchange.json, { status: exchange.status, latencyMs: 0, event: 'send' }));
        else expectCause(exchange.cause);
        next = valid;
        const after = await client.send({ event: 'send', userId: 'u-1', text: 'hi' }, { timeoutMs: 5000 });
        expect(after.ok, after.ok ? '' : after.cause.message).toBe(true);
      }),
      { ...PROPERTY, numRuns: process.env.FC_RUNS ? PROPERTY.numRuns : 80 },
    );
  }, 300_000);
});
