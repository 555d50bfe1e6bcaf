/**
 * Whatever a server sends — random statuses, headers and bytes over HTTP, or any bytes at all on the
 * socket — the client resolves to a reply or a cause within its timeout, and the connection stays usable.
 * (What reading a reply's JSON and body must give: bad-input-replies.test.ts.)
 */
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeReply } from '../../src/protocol/reply.js';
import { BotClient } from '../../src/client/bot-client.js';
import { PROPERTY } from './mutate.js';
import { body, expectCause, expectSoundTurn } from './reply-checks.js';

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
