/** The keep-alive HTTP/1.1 client against node:http (and https) servers doing what servers do. */
import { execFileSync } from 'node:child_process';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Pool, type Http1Outcome } from '../../src/client/http1.js';
import { tempProject } from '../helpers/temp.js';

const servers: Array<{ close(): void; closeAllConnections?(): void }> = [];
const pools: Http1Pool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections?.();
    s.close();
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, setup?: (s: Server) => void): Promise<{ url: URL; sockets: () => number }> {
  let sockets = 0;
  const server = createServer(handler);
  server.on('connection', () => sockets++);
  setup?.(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`), sockets: () => sockets };
}

function pool(url: URL, connections = 4, extra: Partial<ConstructorParameters<typeof Http1Pool>[1]> = {}): Http1Pool {
  const p = new Http1Pool(url, { connections, ...extra });
  pools.push(p);
  return p;
}

function post(p: Http1Pool, body = '{"a":1}', max = 1 << 20): Promise<Http1Outcome> {
  const bytes = Buffer.from(body);
  return new Promise((resolve) => p.request(`POST /bot HTTP/1.1\r\nhost: ${p.hostHeader}\r\ncontent-length: ${bytes.length}\r\n\r\n`, bytes, max, resolve));
}

const echo = (req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    res.setHeader('retry-after', '7');
    res.end(`you sent ${body} to ${req.url}`);
  });
};

const text = (o: Http1Outcome) => (o.ok ? o.reply.body.toString() : `error ${(o.error as NodeJS.ErrnoException).code}`);

describe('Http1Pool', () => {
  it('posts and reads a Content-Length reply, reusing one socket for sequential requests', async () => {
    const { url, sockets } = await serve(echo);
    const p = pool(url);
    for (let i = 0; i < 5; i++) {
      const outcome = await post(p, `{"i":${i},"text":"상품 ✓"}`);
      expect(text(outcome)).toBe(`you sent {"i":${i},"text":"상품 ✓"} to /bot`);
      if (outcome.ok) expect(outcome.reply.headers.get('retry-after')).toBe('7');
    }
    expect(sockets()).toBe(1);
  });

  it('never opens more sockets than allowed, queueing the rest', async () => {
    const { url, sockets } = await serve((req, res) => setTimeout(() => echo(req, res), 20));
    const p = pool(url, 3);
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => post(p, String(i))));
    expect(outcomes.map(text)).toEqual(Array.from({ length: 12 }, (_, i) => `you sent ${i} to /bot`));
    expect(sockets()).toBe(3);
  });

  it('reads chunked replies, and replies framed by the end of the connection', async () => {
    const chunked = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"part":');
      setTimeout(() => res.end('"two 둘"}'), 10);
    });
    expect(text(await post(pool(chunked.url)))).toBe('{"part":"two 둘"}');

    const raw = createNetServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end'));
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    servers.push(raw);
    expect(text(await post(pool(new URL(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`))))).toBe('until the end');
  });

  it('skips interim 1xx replies', async () => {
    const { url } = await serve((req, res) => {
      req.resume();
      res.writeEarlyHints({ link: '</x>; rel=preload' });
      res.end('final');
    });
    expect(text(await post(pool(url)))).toBe('final');
  });

  it('opens a new socket after Connection: close, and before the server drops an idle one', async () => {
    const closing = await serve((req, res) => {
      req.resume();
      res.setHeader('connection', 'close');
      res.end('bye');
    });
    const p = pool(closing.url, 1);
    expect([text(await post(p)), text(await post(p))]).toEqual(['bye', 'bye']);
    expect(closing.sockets()).toBe(2);

    // the server closes idle sockets after 1 s and says so (Keep-Alive: timeout=1): after 1.2 s idle we must not reuse
    const idle = await serve(echo, (s) => (s.keepAliveTimeout = 1000));
    const q = pool(idle.url, 1);
    expect(text(await post(q, 'a'))).toBe('you sent a to /bot');
    await new Promise((r) => setTimeout(r, 1200));
    expect(text(await post(q, 'b'))).toBe('you sent b to /bot');
    expect(idle.sockets()).toBe(2);
  });

  it('reports refused and reset connections with their codes', async () => {
    const { url } = await serve((req) => req.socket.destroy());
    expect(text(await post(pool(url)))).toMatch(/^error (ECONNRESET|UND_ERR_SOCKET)$/);
    const dead = new URL(url.href);
    await new Promise<void>((r) => {
      const s = servers.pop()!;
      s.closeAllConnections?.();
      (s as Server).close(() => r());
    });
    expect(text(await post(pool(dead)))).toBe('error ECONNREFUSED');
  });

  it('refuses a reply over the limit, declared or as it streams, and keeps serving', async () => {
    const { url } = await serve((req, res) => {
      req.resume();
      if (req.headers['content-length'] === '1') return res.end('x'.repeat(5000));
      res.write('y'.repeat(3000));
      res.end('y'.repeat(3000));
    });
    const p = pool(url, 1);
    const declared = await post(p, '1', 1000);
    expect(declared).toMatchObject({ ok: false, tooLarge: { status: 200 } });
    const streamed = await post(p, '22', 1000);
    expect(streamed).toMatchObject({ ok: false, tooLarge: { status: 200 } });
    expect((await post(p, '22', 10_000)).ok).toBe(true);
  });

  it('drops an aborted request without calling back, and frees its socket', async () => {
    const { url } = await serve((req, res) => setTimeout(() => echo(req, res), 200));
    const p = pool(url, 1);
    let called = false;
    const exchange = p.request(`POST /bot HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n`, Buffer.alloc(0), 1000, () => (called = true));
    setTimeout(() => exchange.abort(), 20);
    await new Promise((r) => setTimeout(r, 50));
    expect(text(await post(p, 'next'))).toBe('you sent next to /bot');
    expect(called).toBe(false);
  });

  it('speaks TLS to an https URL', async () => {
    const dir = tempProject();
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    } catch {
      return; // no openssl here: nothing to test with
    }
    const cert = readFileSync(join(dir, 'cert.pem'));
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, echo);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = new URL(`https://localhost:${(server.address() as AddressInfo).port}/bot`);
    expect(text(await post(pool(url, 1, { tls: { ca: cert } }), 'secure'))).toBe('you sent secure to /bot');
    expect(text(await post(pool(url, 1)))).toBe('error DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
