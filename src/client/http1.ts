/**
 * A small HTTP/1.1 keep-alive client for the one call the runner makes thousands of times a second:
 * POST a few hundred bytes, read a reply of a few kilobytes. A general client (undici's request
 * and dispatch layers, its WebAssembly parser, its handler wrappers) cost more CPU per request
 * than the runner's own work on the reply; this does only what that call needs:
 *
 * - up to `connections` sockets (TCP or TLS) to one origin, reused while idle, LIFO; an idle socket
 *   is dropped before the server's keep-alive timeout (its `Keep-Alive: timeout=` hint, else 4 s),
 *   so a request is never written to a socket the server is closing;
 * - the request written in one piece; the reply framed by Content-Length, chunked encoding, or
 *   the connection's end; 1xx replies skipped; `Connection: close` honoured;
 * - a reply over `maxBodyBytes` refused as soon as it is known to be (declared or read);
 * - errors carry Node's or undici's codes (ECONNRESET, UND_ERR_SOCKET…), for describeNetworkError.
 *
 * Timeouts and cancellation belong to the caller: `abort()` on the returned exchange.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export interface Http1Reply {
  status: number;
  /** Lower-cased names; a repeated header keeps its first value. */
  headers: Map<string, string>;
  body: Buffer;
}

export interface Http1PoolOptions {
  connections: number;
  /** Longest a socket stays idle before it is closed (default 4000 ms; a shorter server hint wins). */
  keepAliveMs?: number;
  /** Extra TLS options (tests: a private CA). */
  tls?: ConnectionOptions;
}

export type Http1Outcome = { ok: true; reply: Http1Reply } | { ok: false; error: Error; tooLarge?: { status: number } };

export interface Http1Exchange {
  /** Stops the exchange: a queued one is dropped, one in flight closes its socket. Its callback is not called. */
  abort(): void;
}

interface Pending {
  head: string;
  body: Buffer;
  maxBodyBytes: number;
  done: (outcome: Http1Outcome) => void;
  connection?: Connection;
  aborted: boolean;
}

const DEFAULT_KEEP_ALIVE_MS = 4_000;

export class Http1Pool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: Pending[] = [];
  private closed = false;
  readonly hostHeader: string;

  constructor(
    private readonly origin: URL,
    private readonly options: Http1PoolOptions,
  ) {
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new Error(`not an http(s) URL: ${origin.href}`);
    this.hostHeader = origin.host;
  }

  /** Sends `head` (request line and headers, ending with an empty line) and `body`. */
  request(head: string, body: Buffer, maxBodyBytes: number, done: (outcome: Http1Outcome) => void): Http1Exchange {
    const pending: Pending = { head, body, maxBodyBytes, done, aborted: false };
    if (this.closed) {
      queueMicrotask(() => done({ ok: false, error: codeError('the client is closed', 'UND_ERR_CLOSED') }));
    } else {
      this.queue.push(pending);
      this.dispatch();
    }
    return {
      abort: () => {
        if (pending.aborted) return;
        pending.aborted = true;
        const at = this.queue.indexOf(pending);
        if (at !== -1) this.queue.splice(at, 1);
        pending.connection?.destroy();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.done({ ok: false, error: codeError('the client is closed', 'UND_ERR_CLOSED') });
    for (const connection of [...this.all]) connection.destroy();
  }

  /** Hands queued requests to idle sockets, opening new ones up to the limit. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const connection = this.takeIdle() ?? (this.all.size < this.options.connections ? this.open() : undefined);
      if (!connection) return;
      connection.send(this.queue.shift()!);
    }
  }

  private takeIdle(): Connection | undefined {
    const now = Date.now();
    while (this.idle.length > 0) {
      const connection = this.idle.pop()!;
      if (connection.fresh(now)) return connection;
      connection.destroy();
    }
    return undefined;
  }

  private open(): Connection {
    const connection = new Connection(this.origin, this.options, (c, reusable) => {
      if (reusable && !this.closed) this.idle.push(c);
      else this.forget(c);
      this.dispatch();
    });
    connection.onGone = () => {
      this.forget(connection);
      this.dispatch();
    };
    this.all.add(connection);
    return connection;
  }

  private forget(connection: Connection): void {
    this.all.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
  }
}

type ParseState = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

/** One socket and the reply being read on it. */
class Connection {
  private readonly socket: Socket;
  private current: Pending | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private state: ParseState = 'head';
  private status = 0;
  private headers = new Map<string, string>();
  private chunks: Buffer[] = [];
  private size = 0;
  private remaining = 0;
  private closeAfter = false;
  private idleSince = 0;
  private keepAliveMs: number;
  private gone = false;
  onGone: () => void = () => undefined;

  constructor(
    origin: URL,
    options: Http1PoolOptions,
    private readonly released: (c: Connection, reusable: boolean) => void,
  ) {
    this.keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    const host = origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname;
    const port = Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80);
    this.socket =
      origin.protocol === 'https:'
        ? tlsConnect({ host, port, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }), ...options.tls })
        : netConnect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (data: Buffer) => this.read(data));
    this.socket.on('end', () => this.ended());
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(codeError('connection closed by the server', 'UND_ERR_SOCKET')));
  }

  fresh(now: number): boolean {
    return !this.gone && now - this.idleSince < this.keepAliveMs;
  }

  send(pending: Pending): void {
    this.current = pending;
    pending.connection = this;
    this.state = 'head';
    this.status = 0;
    this.headers = new Map();
    this.chunks = [];
    this.size = 0;
    this.closeAfter = false;
    // one write: head and body go out in one packet when they fit
    this.socket.write(Buffer.concat([Buffer.from(pending.head, 'latin1'), pending.body]));
  }

  destroy(): void {
    if (this.gone) return;
    this.gone = true;
    this.current = undefined;
    this.socket.destroy();
    this.onGone();
  }

  private read(data: Buffer): void {
    if (!this.current) {
      // bytes nobody asked for: the connection can no longer be trusted
      this.destroy();
      return;
    }
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    try {
      this.parse();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private parse(): void {
    for (;;) {
      const pending = this.current;
      if (!pending) return;
      switch (this.state) {
        case 'head': {
          const end = this.buffer.indexOf('\r\n\r\n');
          if (end === -1) {
            if (this.buffer.length > 64 * 1024) throw codeError('reply headers too large', 'UND_ERR_HEADERS_OVERFLOW');
            return;
          }
          const text = this.buffer.toString('latin1', 0, end);
          this.buffer = this.buffer.subarray(end + 4);
          if (this.readHead(text, pending)) continue;
          return;
        }
        case 'length': {
          const take = Math.min(this.remaining, this.buffer.length);
          if (take > 0) this.keep(this.buffer.subarray(0, take));
          this.buffer = this.buffer.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) return this.complete();
          return;
        }
        case 'until-close':
          if (this.buffer.length > 0) this.keep(this.buffer);
          this.buffer = Buffer.alloc(0);
          return;
        case 'chunk-size': {
          const end = this.buffer.indexOf('\r\n');
          if (end === -1) return;
          const size = parseInt(this.buffer.toString('latin1', 0, end).split(';')[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) throw codeError('the server sent a malformed chunked reply', 'HPE_INVALID_CONSTANT');
          this.buffer = this.buffer.subarray(end + 2);
          this.remaining = size;
          this.state = size === 0 ? 'trailers' : 'chunk-data';
          continue;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, this.buffer.length);
          if (take > 0) this.keep(this.buffer.subarray(0, take));
          this.buffer = this.buffer.subarray(take);
          this.remaining -= take;
          if (this.remaining > 0) return;
          this.state = 'chunk-end';
          continue;
        }
        case 'chunk-end':
          if (this.buffer.length < 2) return;
          this.buffer = this.buffer.subarray(2);
          this.state = 'chunk-size';
          continue;
        case 'trailers': {
          const end = this.buffer.indexOf('\r\n');
          if (end === -1) return;
          this.buffer = this.buffer.subarray(end + 2);
          if (end === 0) return this.complete();
          continue;
        }
      }
    }
  }

  /** Status line and headers; true to go on parsing (a body follows, or an interim reply was skipped). */
  private readHead(text: string, pending: Pending): boolean {
    const lines = text.split('\r\n');
    const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!statusLine) throw codeError('the server sent a malformed HTTP reply', 'HPE_INVALID_CONSTANT');
    const status = Number(statusLine[2]);
    if (status >= 100 && status < 200) return true; // 100 Continue, 103 Early Hints: the real reply follows
    this.status = status;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!this.headers.has(name)) this.headers.set(name, line.slice(colon + 1).trim());
    }
    const connection = this.headers.get('connection')?.toLowerCase();
    this.closeAfter = connection === 'close' || (statusLine[1] === '0' && connection !== 'keep-alive');
    const hint = /timeout=(\d+)/i.exec(this.headers.get('keep-alive') ?? '');
    // a server that closes idle sockets after T seconds: stop reusing ours a second before
    if (hint) this.keepAliveMs = Math.min(this.keepAliveMs, Math.max(0, Number(hint[1]) * 1000 - 1000));
    const declared = this.headers.get('content-length');
    if (status === 204 || status === 304) {
      // no body, whatever the headers say (RFC 9112 §6.3): waiting for one would wait for the timeout
      this.complete();
      return false;
    }
    if (/chunked/i.test(this.headers.get('transfer-encoding') ?? '')) {
      this.state = 'chunk-size';
    } else if (declared !== undefined) {
      const length = Number(declared);
      if (!Number.isSafeInteger(length) || length < 0) throw codeError('the server sent a malformed Content-Length', 'HPE_INVALID_CONSTANT');
      if (length > pending.maxBodyBytes) {
        this.tooLarge(pending);
        return false;
      }
      this.remaining = length;
      this.state = 'length';
      if (length === 0) {
        this.complete();
        return false;
      }
    } else {
      this.state = 'until-close';
      this.closeAfter = true;
    }
    return true;
  }

  private keep(data: Buffer): void {
    const pending = this.current!;
    this.size += data.length;
    if (this.size > pending.maxBodyBytes) return this.tooLarge(pending);
    this.chunks.push(data);
  }

  private tooLarge(pending: Pending): void {
    const status = this.status;
    this.current = undefined;
    this.destroy();
    if (!pending.aborted) pending.done({ ok: false, error: codeError('reply too large', 'UND_ERR_RES_EXCEEDED_MAX_SIZE'), tooLarge: { status } });
  }

  private complete(): void {
    const pending = this.current!;
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    const reply: Http1Reply = { status: this.status, headers: this.headers, body };
    this.current = undefined;
    pending.connection = undefined;
    const reusable = !this.closeAfter && this.buffer.length === 0;
    this.buffer = Buffer.alloc(0);
    if (reusable) {
      this.idleSince = Date.now();
      this.released(this, true);
    } else {
      this.destroy();
    }
    if (!pending.aborted) pending.done({ ok: true, reply });
  }

  /** The server ended the connection: a body read until close is complete; anything else is cut short. */
  private ended(): void {
    if (this.current && this.state === 'until-close') return this.complete();
    this.fail(codeError('connection closed by the server before a complete reply', 'UND_ERR_SOCKET'));
  }

  private fail(error: Error): void {
    const pending = this.current;
    this.current = undefined;
    this.destroy();
    if (pending && !pending.aborted) pending.done({ ok: false, error });
  }
}

function codeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
