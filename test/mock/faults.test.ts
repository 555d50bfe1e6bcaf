/**
 * Each fault produces the reply it promises, the runner reads it as the outcome a user expects
 * (retried and passed, or an error with its cause), and the same seed gives the same faults
 * however concurrent requests interleave.
 */
import { describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { faultsFromFlags } from '../../src/mock/fault-flags.js';
import { FaultPlan, type FaultConfig, type FaultRule } from '../../src/mock/faults.js';
import { readReply } from '../../src/protocol/errors.js';
import { botFromYaml, chat, conversation, SECRET, startMock } from './helpers.js';

const SHOP = `
scenarios:
  - name: Hello
    utterances: [hello]
    answer: Hello there.
  - name: Order
    utterances: [order]
    answer:
      text: Which size?
      buttons: [{ title: Medium, next: Order size }]
  - name: Order size
    answer: Medium it is.
    faults:
      errors: [{ first: 1, status: 503 }]
`;
const bot = botFromYaml(SHOP);

async function mockWith(faults: FaultConfig, seed = 0) {
  return startMock(bot, { faults, seed });
}

describe('each fault kind', () => {
  it('500: a chatbot error body (code 5000), not worth a retry', async () => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'status', status: 500 }] });
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toMatchObject({ code: '5000', message: 'Internal server error' });
    const reading = readReply(res.status, res.text);
    expect(reading.ok || reading.cause).toMatchObject({ kind: 'bot-error', code: '5000', retryable: false });
  });

  it("429: the gateway's Throttle Limited body with Retry-After, worth a retry", async () => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'status', status: 429, retryAfterSec: 2 }] });
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text)).toEqual({ error: { errorCode: '410', message: 'Throttle Limited' } });
    expect(res.headers.get('retry-after')).toBe('2');
    const reading = readReply(res.status, res.text, res.headers.get('retry-after') ?? undefined);
    expect(reading.ok || reading.cause).toMatchObject({
      kind: 'gateway-error',
      code: '410',
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it.each([
    [503, '500', 'Endpoint Error'],
    [504, '510', 'Endpoint Timeout'],
  ])("%i: the gateway's body", async (status, errorCode, message) => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'status', status }] });
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toEqual({ error: { errorCode, message } });
  });

  it('a custom code, message or body when the fault says so', async () => {
    const quota = await mockWith({
      errors: [{ rate: 1, kind: 'status', status: 429, code: '400', message: 'Quota Exceeded' }],
    });
    expect(JSON.parse((await chat(quota.url, { event: 'send', userId: 'u', text: 'hello' })).text)).toEqual({
      error: { errorCode: '400', message: 'Quota Exceeded' },
    });
    const raw = await mockWith({ errors: [{ rate: 1, kind: 'status', status: 502, body: 'upstream gone' }] });
    const res = await chat(raw.url, { event: 'send', userId: 'u', text: 'hello' });
    expect([res.status, res.text]).toEqual([502, 'upstream gone']);
  });

  it('malformed: a 200 whose JSON is the real reply cut short', async () => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'malformed' }] });
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
    expect(res.text.startsWith('{"version":"v2","userId":"u"')).toBe(true);
    const reading = readReply(res.status, res.text);
    expect(reading.ok || reading.cause.kind).toBe('bad-reply');
  });

  it('html: a 502 HTML page', async () => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'html' }] });
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.text).toContain('<title>502 Bad Gateway</title>');
    const reading = readReply(res.status, res.text);
    expect(reading.ok || reading.cause.message).toMatch(/HTML body \("502 Bad Gateway"\)/);
  });

  it('reset: the connection is destroyed', async () => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'reset' }] });
    await expect(chat(mock.url, { event: 'send', userId: 'u', text: 'hello' })).rejects.toThrow(/fetch failed/);
    expect(mock.stats().faults.reset).toBe(1);
  });

  it('hang: no reply at all, and close() still returns promptly', async () => {
    const mock = await mockWith({ errors: [{ rate: 1, kind: 'hang' }] });
    const pending = fetch(mock.url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5_000) }).catch(
      (e: Error) => e,
    );
    const answered = chat(mock.url, { event: 'send', userId: 'u', text: 'hello' }).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(mock.stats().faults.hang).toBe(1);
    const started = Date.now();
    await mock.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await answered).toBe('closed');
    await pending;
  });

  it('latency: the reply waits latencyMs, plus a seeded jitter within bounds', async () => {
    const mock = await mockWith({ latencyMs: 150 });
    const started = performance.now();
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);

    const plan = new FaultPlan({ latencyMs: 10, jitterMs: 40 }, 3);
    const delays = Array.from({ length: 200 }, (_, i) => plan.decide({ userId: `u${i % 7}`, requestNo: i }).delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
    expect(new Set(delays).size).toBeGreaterThan(10);
    const again = new FaultPlan({ latencyMs: 10, jitterMs: 40 }, 3);
    expect(Array.from({ length: 200 }, (_, i) => again.decide({ userId: `u${i % 7}`, requestNo: i }).delayMs)).toEqual(
      delays,
    );
  });
});

describe('determinism', () => {
  const rates: FaultConfig = {
    errors: [
      { rate: 0.3, kind: 'status', status: 503 },
      { rate: 0.1, kind: 'status', status: 429 },
    ],
  };

  /** Status of every (user, request number), sending in the given order of users. */
  async function statuses(url: string, order: string[], concurrent: boolean): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    const counters = new Map<string, number>();
    const one = async (userId: string) => {
      const n = (counters.get(userId) ?? 0) + 1;
      counters.set(userId, n);
      const res = await chat(url, { event: 'send', userId, text: 'hello' });
      seen.set(`${userId}#${n}`, res.status);
    };
    if (concurrent) await Promise.all(order.map(one));
    else for (const userId of order) await one(userId);
    return seen;
  }

  it("the same seed gives each user's n-th request the same fate, however requests interleave", async () => {
    const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    const inOrder = users.flatMap((u) => [u, u, u, u]);
    const shuffled = [...inOrder].sort(() => Math.random() - 0.5);
    const first = await statuses((await mockWith(rates, 42)).url, inOrder, false);
    const second = await statuses((await mockWith(rates, 42)).url, shuffled, true);
    expect(second).toEqual(first);
    const statusesSeen = new Set(first.values());
    expect(statusesSeen).toEqual(new Set([200, 503, 429]));
    const otherSeed = await statuses((await mockWith(rates, 43)).url, inOrder, false);
    expect(otherSeed).not.toEqual(first);
  });

  it('rates hold on average', () => {
    const plan = new FaultPlan(rates, 1);
    const hits = Array.from(
      { length: 20_000 },
      (_, i) => plan.decide({ userId: `user-${i % 997}`, requestNo: Math.floor(i / 997) + 1 }).rule?.status,
    );
    const share = (status: number) => hits.filter((s) => s === status).length / hits.length;
    expect(share(503)).toBeGreaterThan(0.28);
    expect(share(503)).toBeLessThan(0.32);
    expect(share(429)).toBeGreaterThan(0.085);
    expect(share(429)).toBeLessThan(0.115);
  });
});

describe('fail first, then recover', () => {
  it("fails each user's first N requests, then answers", async () => {
    const mock = await mockWith({ errors: [{ first: 2, kind: 'status', status: 503 }] });
    for (const userId of ['a', 'b']) {
      const got = [];
      for (let i = 0; i < 4; i++) got.push((await chat(mock.url, { event: 'send', userId, text: 'hello' })).status);
      expect(got).toEqual([503, 503, 200, 200]);
    }
  });

  it('with scope server, fails only the first N requests since start', async () => {
    const mock = await mockWith({ errors: [{ first: 1, scope: 'server', kind: 'status', status: 503 }] });
    const got = [];
    for (const userId of ['a', 'b', 'a'])
      got.push((await chat(mock.url, { event: 'send', userId, text: 'hello' })).status);
    expect(got).toEqual([503, 200, 200]);
  });

  it('a faulted reply does not move the conversation: retrying a form step still works', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    const order = await c.send('order');
    const medium = order.buttons[0]!.action!.postbackFull!;
    expect((await chat(mock.url, { event: 'send', userId: c.userId, text: medium })).status).toBe(503);
    const step = await c.send(medium);
    expect(step.scenarioName).toBe('Order size');
  });
});

describe('what the runner makes of it (BotClient)', () => {
  const client = (url: string, timeoutMs = 2_000) =>
    new BotClient({ url, secretKey: SECRET, timeoutMs, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  const cases: Array<[string, FaultRule, { ok: boolean; attempts: number; kind?: string }]> = [
    ['a 503 once is retried and passes', { first: 1, kind: 'status', status: 503 }, { ok: true, attempts: 2 }],
    ['a 429 once is retried and passes', { first: 1, kind: 'status', status: 429 }, { ok: true, attempts: 2 }],
    ['a reset once is retried and passes', { first: 1, kind: 'reset' }, { ok: true, attempts: 2 }],
    [
      'a 500 is an error, not retried',
      { first: 1, kind: 'status', status: 500 },
      { ok: false, attempts: 1, kind: 'bot-error' },
    ],
    ['an HTML page is an error', { first: 1, kind: 'html', status: 502 }, { ok: false, attempts: 1, kind: 'http' }],
    ['malformed JSON is an error', { first: 1, kind: 'malformed' }, { ok: false, attempts: 1, kind: 'bad-reply' }],
    ['a hang is a timeout', { first: 1, kind: 'hang' }, { ok: false, attempts: 1, kind: 'timeout' }],
    [
      'a 503 that never recovers is an error after the retries',
      { rate: 1, kind: 'status', status: 503 },
      { ok: false, attempts: 3, kind: 'gateway-error' },
    ],
  ];
  it.each(cases)('%s', async (_, rule, expected) => {
    const mock = await mockWith({ errors: [rule] });
    const bot = client(mock.url, 300);
    try {
      const exchange = await bot.send({ event: 'send', userId: 'runner', text: 'hello' });
      expect({
        ok: exchange.ok,
        attempts: exchange.attempts,
        ...(exchange.ok ? {} : { kind: exchange.cause.kind }),
      }).toEqual(expected);
    } finally {
      await bot.close();
    }
  });
});

describe('fault flags', () => {
  it('convert to a fault config the mock applies', async () => {
    const faults = faultsFromFlags({
      'fault-error-rate': 1,
      'fault-status': 429,
      'fault-retry-after': 3,
      'fault-latency-ms': 5,
    });
    expect(faults).toEqual({ latencyMs: 5, errors: [{ kind: 'status', status: 429, retryAfterSec: 3, rate: 1 }] });
    const mock = await mockWith(faults!);
    const res = await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '3']);
  });

  it('fail-first and the other kinds', () => {
    expect(faultsFromFlags({ 'fault-fail-first': 1, 'fault-reset-rate': 0.1, 'fault-html-rate': 0.05 })).toEqual({
      errors: [
        { kind: 'status', status: 500, first: 1 },
        { kind: 'html', rate: 0.05 },
        { kind: 'reset', rate: 0.1 },
      ],
    });
    expect(faultsFromFlags({})).toBeUndefined();
  });

  it.each([
    [{ 'fault-error-rate': 1.5 }, /--fault-error-rate must be between 0 and 1/],
    [{ 'fault-error-rate': 0.6, 'fault-reset-rate': 0.6 }, /add up to 1.2/],
    [{ 'fault-status': 200 }, /--fault-status must be an HTTP error status/],
    [{ 'fault-latency-ms': Number.NaN }, /--fault-latency-ms must be a number of 0 or more/],
    [{ 'fault-fail-first': 1.5 }, /--fault-fail-first must be a whole number/],
  ])('refuse %o', (flags, message) => {
    expect(() => faultsFromFlags(flags)).toThrow(message);
  });

  it("replace the bot file's faults key by key", async () => {
    const flaky = botFromYaml(`${SHOP}\nfaults: { latencyMs: 1, errors: [{ rate: 1, status: 500 }] }\n`);
    const mock = await startMock(flaky, { faults: { errors: [] } });
    expect((await chat(mock.url, { event: 'send', userId: 'u', text: 'hello' })).status).toBe(200);
  });
});
