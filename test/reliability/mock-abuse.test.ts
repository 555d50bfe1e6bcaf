/**
 * The mock bot under abuse: oversized bodies, slowloris clients trickling headers or bodies, idle
 * connections by the hundred, bad JSON and bytes, missing headers, garbage HTTP, clients that
 * vanish mid-body. For each it answers the documented error or closes the connection — and
 * keeps answering everyone else, promptly, while it happens.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadBotDefinition } from '../../src/mock/load.js';
import { signBody } from '../../src/protocol/signature.js';
import { chat, EXAMPLE_BOT, postRaw, SECRET, startMock } from '../mock/helpers.js';

const bot = await loadBotDefinition(EXAMPLE_BOT);

/** Short server timeouts, so abuse is cut off within the test's time. */
const FAST = { headersTimeoutMs: 800, requestTimeoutMs: 1500 };

interface RawConnection {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves when the server closed the connection, with how long it took from `opened`. */
  closed: Promise<number>;
}

function open(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let data = '';
      const opened = Date.now();
      socket.setEncoding('latin1').on('data', (d: string) => (data += d));
      socket.on('error', () => undefined); // a reset is one way of being closed
      const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - opened)));
      resolve({ socket, received: () => data, closed });
    });
    socket.once('error', reject);
  });
}

/** A normal, signed exchange: it must stay fast whatever the other connections do. */
async function healthy(url: string): Promise<number> {
  const started = Date.now();
  const res = await chat(url, { event: 'send', userId: `u-${Math.random()}`, text: 'store hours' });
  expect(res.status).toBe(200);
  return Date.now() - started;
}

function signedBody(text: string): { body: Buffer; signature: string } {
  const body = Buffer.from(
    JSON.stringify({
      version: 'v2',
      userId: 'u-1',
      timestamp: Date.now(),
      bubbles: [{ type: 'text', data: { description: text } }],
      event: 'send',
    }),
  );
  return { body, signature: signBody(body, SECRET) };
}

describe('the mock bot under abuse', () => {
  it('slowloris on the headers: the trickler is cut off, others are served meanwhile', async () => {
    const mock = await startMock(bot, FAST);
    const slow = await open(mock.url);
    slow.socket.write('POST / HTTP/1.1\r\nHost: mock\r\n');
    let trickled = 0;
    const drip = setInterval(() => slow.socket.writable && slow.socket.write(`X-Drip-${trickled++}: a\r\n`), 100);
    try {
      for (let i = 0; i < 5; i++) expect(await healthy(mock.url)).toBeLessThan(500);
      const after = await slow.closed;
      expect(after).toBeLessThan(FAST.headersTimeoutMs + 2500);
      expect(slow.received()).toMatch(/^$|^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
    expect(await healthy(mock.url)).toBeLessThan(500);
  });

  it('slowloris on the body: cut off after the request timeout, others served meanwhile', async () => {
    const mock = await startMock(bot, FAST);
    const { body, signature } = signedBody('store hours');
    const slow = await open(mock.url);
    slow.socket.write(
      `POST / HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json;UTF-8\r\nX-NCP-CHATBOT_SIGNATURE: ${signature}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let sent = 0;
    const drip = setInterval(
      () => slow.socket.writable && sent < body.length - 1 && slow.socket.write(body.subarray(sent, ++sent)),
      100,
    );
    try {
      for (let i = 0; i < 5; i++) expect(await healthy(mock.url)).toBeLessThan(500);
      expect(await slow.closed).toBeLessThan(FAST.requestTimeoutMs + 2500);
      expect(slow.received()).toMatch(/^$|^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  it('two hundred idle connections: closed by the server in time, others served meanwhile', async () => {
    const mock = await startMock(bot, FAST);
    const idle = await Promise.all(Array.from({ length: 200 }, () => open(mock.url)));
    expect(await healthy(mock.url)).toBeLessThan(500);
    const times = await Promise.all(idle.map((c) => c.closed));
    expect(Math.max(...times)).toBeLessThan(FAST.headersTimeoutMs + 2500);
    expect(await healthy(mock.url)).toBeLessThan(500);
  });

  it('a declared body over the cap: 413 at once, without waiting for the body, then the connection closes', async () => {
    const mock = await startMock(bot, FAST);
    const c = await open(mock.url);
    c.socket.write(
      'POST / HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"a":',
    );
    const took = await c.closed;
    expect(took).toBeLessThan(1000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(c.received()).toContain('{"error":{"errorCode":"430","message":"Request Entity Too Large"}}');
    expect(mock.stats().rejected['413']).toBe(1);
  });

  it('a chunked body that grows past the cap: 413, the rest never buffered, the connection closed', async () => {
    const mock = await startMock(bot, { ...FAST, maxBodyBytes: 64 * 1024 });
    const c = await open(mock.url);
    c.socket.write(
      'POST / HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 8 && c.socket.writable; i++) c.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(await healthy(mock.url)).toBeLessThan(500);
  });

  it('bad bodies get the documented 4000, missing or wrong signatures 4031', async () => {
    const mock = await startMock(bot, FAST);
    const cases: Array<[Buffer, string]> = [
      [Buffer.from('{"userId": "u", "event": "send", "bubbles": [', 'utf8'), '4000'], // truncated JSON
      [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), '4000'], // invalid UTF-8
      [Buffer.from('[1,2,3]'), '4000'], // JSON, not an object
      [Buffer.from(`${'['.repeat(400_000)}${']'.repeat(400_000)}`), '4000'], // deep nesting, under the cap
      [Buffer.from('{"userId":"u","timestamp":1,"bubbles":"no","event":"send"}'), '4000'],
      [Buffer.alloc(0), '4000'],
    ];
    for (const [body, code] of cases) {
      const res = await postRaw(mock.url, body);
      expect([res.status, JSON.parse(res.text).code]).toEqual([500, code]);
    }
    const { body } = signedBody('store hours');
    expect(JSON.parse((await postRaw(mock.url, body, { signature: null })).text).code).toBe('4031');
    expect(JSON.parse((await postRaw(mock.url, body, { signature: 'x'.repeat(5000) })).text).code).toBe('4031');
    expect(await healthy(mock.url)).toBeLessThan(500);
  });

  it('garbage HTTP, no Host, huge headers, a client vanishing mid-body: answered 4xx or closed, and the mock goes on', async () => {
    const mock = await startMock(bot, FAST);
    const { body, signature } = signedBody('store hours');
    const abuses = [
      'HELLO THERE\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}', // HTTP/1.1 without Host
      `POST / HTTP/1.1\r\nHost: mock\r\nX-Big: ${'h'.repeat(64 * 1024)}\r\n\r\n`,
      'POST / HTTP/1.1\r\nHost: mock\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', // request smuggling shape
      `POST / HTTP/1.1\r\nHost: mock\r\nX-NCP-CHATBOT_SIGNATURE: ${signature}\r\nContent-Length: ${body.length}\r\n\r\n${body.subarray(0, 10).toString()}`,
    ];
    for (const text of abuses) {
      const c = await open(mock.url);
      c.socket.write(text);
      if (text.endsWith(body.subarray(0, 10).toString())) c.socket.destroy(); // vanishes mid-body
      await Promise.race([c.closed, new Promise((r) => setTimeout(r, 300))]);
      expect(c.received()).toMatch(/^$|^HTTP\/1\.1 4\d\d /);
      c.socket.destroy();
    }
    for (let i = 0; i < 3; i++) expect(await healthy(mock.url)).toBeLessThan(500);
  });

  it('a burst of 300 concurrent requests, with abuse going on, is answered in full', async () => {
    const mock = await startMock(bot, FAST);
    const slow = await Promise.all(Array.from({ length: 20 }, () => open(mock.url)));
    for (const s of slow) s.socket.write('POST / HTTP/1.1\r\nHost: mock\r\n');
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        chat(mock.url, { event: 'send', userId: `burst-${i}`, text: 'store hours' }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const s of slow) s.socket.destroy();
  });
});
