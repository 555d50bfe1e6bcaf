/**
 * The bot client: one undici Pool of keep-alive connections to the invoke URL. It knows HTTP and
 * the signature, never specs. Every attempt is built afresh — a new timestamp, serialized once,
 * those exact bytes signed and sent — because a retried request must still be inside the
 * service's 10 s window.
 * `send` never throws: it resolves to an Exchange that is either a reply or a Cause.
 */
import type { KeyObject } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import type { Dispatcher } from 'undici';
import { requestBodyText, type ChatRequest } from '../protocol/request.js';
import { SIGNATURE_HEADER, signBody, signingKey } from '../protocol/signature.js';
import type { Cause } from '../protocol/errors.js';
import { DEFAULT_RETRY_POLICY, retryDelay, sleep, type RetryPolicy } from './backoff.js';
import { TOOL_VERSION } from '../version.js';
import { createBotDispatcher } from './dispatcher.js';
import { Attempt, type AttemptSettings } from './attempt.js';
import type { AttemptResult, Exchange, SentRequest } from './exchange.js';
import type { DispatcherSettings } from './network.js';

export interface BotClientOptions {
  /** The API Gateway invoke URL. */
  url: string;
  secretKey: string;
  /** Whole-request timeout (connect, send, reply fully read), in ms. */
  timeoutMs: number;
  /** Sockets kept open to the bot. */
  connections?: number;
  retry?: Partial<RetryPolicy>;
  /** Replies larger than this are refused (the runner keeps replies in memory). */
  maxReplyBytes?: number;
  /** Awaited before every attempt: the place a shared rate limiter plugs in. */
  beforeAttempt?: (signal?: AbortSignal) => Promise<void>;
  /** Told about every attempt's outcome, e.g. to count throttling or adapt concurrency. */
  onAttempt?: (outcome: AttemptOutcome) => void;
  now?: () => number;
  /** Extra TLS options for an https URL (a private CA, in tests). */
  tls?: ConnectionOptions;
  /** How requests reach the bot: a forward proxy, TLS trust (client/network.ts). */
  network?: DispatcherSettings;
  /** Sent with every request: lower-case names, never the signing's own (client/network.ts checks). */
  headers?: Readonly<Record<string, string>>;
}

export interface AttemptOutcome {
  status?: number;
  cause?: Cause;
  latencyMs: number;
}

export type { AttemptResult, Exchange, SentRequest } from './exchange.js';

export interface SendOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_REPLY_BYTES = 32 * 1024 * 1024;
const USER_AGENT = `clova-regress/${TOOL_VERSION}`;
const CONTENT_TYPE = 'application/json;UTF-8';

export class BotClient {
  private readonly pool: Dispatcher;
  private readonly path: string;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly settings: AttemptSettings;
  private readonly origin: string;
  private readonly key: KeyObject;
  private readonly headers: Readonly<Record<string, string>> | undefined;
  /** Signals this client listens to: one listener each for the whole run, none per request. */
  private readonly watched = new WeakSet<AbortSignal>();
  private destroyed = false;

  constructor(private readonly options: BotClientOptions) {
    const url = new URL(options.url);
    this.origin = url.origin;
    this.path = `${url.pathname}${url.search}`;
    const poolOptions = {
      connections: options.connections ?? 64,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      // our own timer covers connect, send and the whole reply (SendOptions.timeoutMs)
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    const { dispatcher, proxyHost } = createBotDispatcher(url, options.network ?? {}, poolOptions, options.tls);
    this.pool = dispatcher;
    // messages name the proxy too: "connection refused" through a proxy is the proxy refusing
    this.settings = {
      host: proxyHost ? `${url.host} via proxy ${proxyHost}` : url.host,
      limit: options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
    };
    this.headers = options.headers && Object.keys(options.headers).length > 0 ? options.headers : undefined;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.key = signingKey(options.secretKey);
  }

  async send(request: ChatRequest, options: SendOptions = {}): Promise<Exchange> {
    if (options.signal && !this.watched.has(options.signal)) this.watch(options.signal);
    let attempt = 0;
    for (;;) {
      attempt++;
      // awaited only when there is one: an `await undefined` still costs a turn of the microtask queue
      if (this.options.beforeAttempt) await this.options.beforeAttempt(options.signal);
      const result = await this.attempt(request, options);
      if (this.options.onAttempt) {
        const outcome: AttemptOutcome = { latencyMs: result.latencyMs };
        if (result.status !== undefined) outcome.status = result.status;
        if (!result.ok) outcome.cause = result.cause;
        this.options.onAttempt(outcome);
      }
      if (result.ok || !result.cause.retryable || attempt > this.retry.retries || options.signal?.aborted) {
        // the attempt's own object, completed rather than copied: this runs for every request
        (result as Exchange).attempts = attempt;
        return result as Exchange;
      }
      const delay = retryDelay(this.retry, attempt, result.cause.retryAfterMs);
      if (delay === undefined) {
        const seconds = Math.round((result.cause.retryAfterMs ?? 0) / 1000);
        return {
          ...result,
          attempts: attempt,
          cause: {
            ...result.cause,
            message: `${result.cause.message}; the server asked to retry after ${seconds} s, longer than we wait`,
          },
        };
      }
      await sleep(delay, options.signal);
    }
  }

  /** One HTTP attempt (client/attempt.ts): built afresh, signed, dispatched. */
  private attempt(request: ChatRequest, options: SendOptions): Promise<AttemptResult> {
    const timestamp = this.now();
    const body = requestBodyText(request, timestamp);
    const bytes = Buffer.from(body, 'utf8');
    const signature = signBody(bytes, this.key);
    const sent: SentRequest =
      request.text === undefined
        ? { event: request.event, userId: request.userId, timestamp, body }
        : { event: request.event, userId: request.userId, timestamp, body, text: request.text };
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    return new Promise<AttemptResult>((resolve) => {
      const attempt = new Attempt(this.settings, sent, signature, timeoutMs, options.signal, resolve);
      if (!attempt.start()) return;
      // extra headers may replace the user-agent, never the signing's own (client/network.ts refuses those)
      const headers = this.headers
        ? { 'user-agent': USER_AGENT, ...this.headers, 'content-type': CONTENT_TYPE, [SIGNATURE_HEADER]: signature }
        : { 'content-type': CONTENT_TYPE, [SIGNATURE_HEADER]: signature, 'user-agent': USER_AGENT };
      this.pool.dispatch({ origin: this.origin, path: this.path, method: 'POST', headers, body: bytes }, attempt);
    });
  }

  /**
   * One listener per signal for the client's whole life, none per request: a callback registered
   * per request captured the whole attempt and got it promoted out of the young generation (the
   * run's largest single GC cost). When a signal aborts, the pool is destroyed, which errors every
   * request in flight or queued; each sees its aborted signal and settles as cancelled. The runner
   * gives all its requests the run's one cancel signal, so a cancel means the end of the client.
   */
  private watch(signal: AbortSignal): void {
    this.watched.add(signal);
    const cancel = () => {
      this.destroyed = true;
      this.pool.destroy(new Error('cancelled')).catch(() => undefined);
    };
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
  }

  /**
   * Waits for what is in flight, then closes the sockets. With nothing in flight (a run awaits
   * every send first) the pool is destroyed with an error that has no stack: undici's close makes
   * an error of its own for each socket, and Node's stream destroy reads its stack, whose first
   * formatting indexes every line of the 2 MB bundle: ~5 ms of a 100 ms start-up.
   */
  async close(): Promise<void> {
    if (this.destroyed) return;
    const { stats } = this.pool as { stats?: { size?: number } };
    if (stats?.size !== 0) {
      await this.pool.close();
      return;
    }
    this.destroyed = true;
    await this.pool.destroy(stacklessError('the client is closed'));
  }
}

/** An error whose stack is its first line alone: nothing to format when Node reads it. */
function stacklessError(message: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
