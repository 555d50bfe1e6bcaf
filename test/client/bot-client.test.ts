/** The client against a local server that checks signatures: replies, causes, limits, cancellation. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { scriptedBotPerTest, textReply, type Answer, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { signBody } from '../../src/protocol/signature.js';

const SECRET = 'client-test-secret-0123';
const withBot = scriptedBotPerTest(SECRET);
const clients: BotClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function setup(
  handler: (req: SeenRequest, i: number) => Answer | Promise<Answer>,
  options: Partial<ConstructorParameters<typeof BotClient>[0]> = {},
) {
  const bot = await withBot(handler);
  const client = new BotClient({
    url: bot.url,
    secretKey: SECRET,
    timeoutMs: 2000,
    retry: { retries: 2, baseDelayMs: 10 },
    ...options,
  });
  clients.push(client);
  return { bot, client };
}

describe('BotClient', () => {
  it('signs the exact bytes it sends and returns the reply with what was sent', async () => {
    const { bot: b, client } = await setup((req) => ({ json: textReply(req.body.userId, 'Hello', 'hi 👋') }));
    const exchange = await client.send({ event: 'send', userId: 'u1', text: '상품 ✓' });
    expect(exchange.ok).toBe(true);
    expect(b.requests[0]).toMatchObject({ signatureOk: true, contentType: 'application/json;UTF-8' });
    expect(exchange.request.body).toBe(b.requests[0]!.raw);
    expect(exchange.request).toMatchObject({ event: 'send', userId: 'u1', text: '상품 ✓' });
    if (exchange.ok)
      expect(
        (exchange.json as { bubbles: Array<{ data: { description: string } }> }).bubbles[0]!.data.description,
      ).toBe('hi 👋');
  });

  it('retries a 429 after its Retry-After, signing each attempt afresh', async () => {
    const statuses: number[] = [];
    const { bot: b, client } = await setup(
      (req, i) =>
        i === 0
          ? {
              status: 429,
              headers: { 'retry-after': '0' },
              json: { error: { errorCode: '429', message: 'throttled' } },
            }
          : { json: textReply(req.body.userId, 'Ok', 'ok') },
      {
        onAttempt: (o) => void statuses.push(o.status ?? 0),
      },
    );
    const exchange = await client.send({ event: 'open', userId: 'u' });
    expect(exchange).toMatchObject({ ok: true, attempts: 2 });
    expect(statuses).toEqual([429, 200]);
    expect(b.requests.every((r) => r.signatureOk)).toBe(true);
  });

  it('times out a silent bot with the timeout as the cause, not a network error, and does not retry it', async () => {
    const { bot: b, client } = await setup(() => ({ hang: true }), { timeoutMs: 150 });
    const exchange = await client.send({ event: 'open', userId: 'u' });
    expect(exchange).toMatchObject({
      ok: false,
      attempts: 1,
      cause: { kind: 'timeout', message: expect.stringMatching(/^timed out after 150 ms \(127\.0\.0\.1:\d+\)$/) },
    });
    expect(b.requests).toHaveLength(1);
  });

  it('reports a reset connection as a retryable network error', async () => {
    const { client } = await setup(() => ({ reset: true }), { retry: { retries: 1, baseDelayMs: 5 } });
    const exchange = await client.send({ event: 'open', userId: 'u' });
    expect(exchange).toMatchObject({ ok: false, attempts: 2, cause: { kind: 'network', retryable: true } });
  });

  it('refuses replies over the size limit, declared or streamed', async () => {
    const big = 'x'.repeat(5000);
    const { client } = await setup((req) => ({ json: textReply(req.body.userId, 'Big', big) }), {
      maxReplyBytes: 1000,
    });
    expect(await client.send({ event: 'open', userId: 'u' })).toMatchObject({
      ok: false,
      cause: { kind: 'too-large' },
    });

    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":"');
      res.write('y'.repeat(3000));
      res.end('"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const chunked = new BotClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      secretKey: SECRET,
      timeoutMs: 2000,
      maxReplyBytes: 1000,
    });
    expect(await chunked.send({ event: 'open', userId: 'u' })).toMatchObject({
      ok: false,
      status: 200,
      cause: { kind: 'too-large' },
    });
    await chunked.close();
    server.closeAllConnections();
    server.close();
  });

  it('cancels a request in flight when its signal aborts, without retrying', async () => {
    const { bot: b, client } = await setup(() => ({ hang: true }), { timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const exchange = await client.send({ event: 'open', userId: 'u' }, { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(exchange).toMatchObject({
      ok: false,
      attempts: 1,
      cause: { message: 'cancelled: the run was interrupted' },
    });
    expect(b.requests).toHaveLength(1);
  });

  it('awaits beforeAttempt before every attempt (where the rate limiter plugs in)', async () => {
    const order: string[] = [];
    const { client } = await setup(
      (req, i) =>
        i === 0
          ? { status: 503, json: { error: { errorCode: '503', message: 'x' } } }
          : { json: textReply(req.body.userId, 'Ok', 'ok') },
      {
        beforeAttempt: async () => void order.push('gate'),
        onAttempt: (o) => void order.push(String(o.status)),
      },
    );
    await client.send({ event: 'open', userId: 'u' });
    expect(order).toEqual(['gate', '503', 'gate', '200']);
  });

  // invoke URLs are https: the client must speak TLS, check the certificate, and sign the same way
  it('talks to an https invoke URL, trusting only a certificate it can verify', async () => {
    const dir = tempProject();
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost',
        ],
        { stdio: 'ignore' },
      );
    } catch {
      return; // no openssl on this machine: no certificate to test with
    }
    const cert = readFileSync(join(dir, 'cert.pem'));
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const signed = req.headers['x-ncp-chatbot_signature'] === signBody(body, SECRET);
        const userId = (JSON.parse(body.toString('utf8')) as { userId: string }).userId;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(textReply(userId, signed ? 'Signed' : 'Unsigned', `${req.url}`)));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `https://localhost:${(server.address() as AddressInfo).port}/custom/v1/1/abc`;
      const trusting = new BotClient({ url, secretKey: SECRET, timeoutMs: 5000, tls: { ca: cert } });
      const wary = new BotClient({ url, secretKey: SECRET, timeoutMs: 5000, retry: { retries: 0 } });
      clients.push(trusting, wary);
      const ok = await trusting.send({ event: 'open', userId: 'u' });
      expect(ok.ok).toBe(true);
      if (ok.ok) expect(JSON.stringify(ok.json)).toContain('"Signed"');
      if (ok.ok) expect(JSON.stringify(ok.json)).toContain('/custom/v1/1/abc');
      const refused = await wary.send({ event: 'open', userId: 'u' });
      expect(refused.ok).toBe(false);
      if (!refused.ok)
        expect(refused.cause).toMatchObject({ kind: 'network', message: expect.stringMatching(/certificate/i) });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
