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
import { buildRequestBody, encodeBody, type ChatRequest } from '../protocol/request.js';
import { SIGNATURE_HEADER, signBody, signingKey } from '../protocol/signature.js';
import { readReply, type Cause } from '../protocol/errors.js';
import { DEFAULT_RETRY_POLICY, retryDelay, sleep, type RetryPolicy } from './backoff.js';
import { describeNetworkError, networkErrorCode, PROXY_AUTH_REQUIRED } from './network-errors.js';
import { TOOL_VERSION } from '../version.js';
import { maskEcho, maskEchoDecoded, replyTextIsClean } from '../io/redact.js';
import { createBotDispatcher } from './dispatcher.js';
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

/** What was sent, as reports may show it: the body as sent, no signature, no secret. */
export interface SentRequest {
  event: ChatRequest['event'];
  userId: string;
  text?: string;
  timestamp: number;
  body: string;
}

interface ExchangeBase {
  request: SentRequest;
  /** HTTP attempts made (1 when the first succeeded). */
  attempts: number;
  /** Time of the last attempt, from sending to the whole reply. */
  latencyMs: number;
  status?: number;
}

/**
 * `cleanAt` (absent: no): the reply's text was checked and no string of `json` can hold a secret
 * registered by then (redact.ts replyTextIsClean, its generation), so the results walk need not
 * look through it again.
 */
export type Exchange =
  | (ExchangeBase & { ok: true; status: number; json: unknown; cleanAt?: number })
  | (ExchangeBase & { ok: false; cause: Cause; bodyText?: string });

/** One attempt's result: an Exchange before the attempts are counted. */
type AttemptResult = Exchange extends infer E ? (E extends Exchange ? Omit<E, 'attempts'> : never) : never;

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
  private readonly host: string;
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
    this.host = proxyHost ? `${url.host} via proxy ${proxyHost}` : url.host;
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
      await this.options.beforeAttempt?.(options.signal);
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

  /**
   * One HTTP attempt through undici's dispatch API: the reply's chunks are collected by a handler,
   * not through a Readable stream and its async iterator, which cost more than the HTTP itself at
   * thousands of requests a second. One timer covers connect, send and the whole reply; a timeout
   * or a cancel settles at once, then aborts the request (undici closes its socket).
   */
  private attempt(request: ChatRequest, options: SendOptions): Promise<AttemptResult> {
    const timestamp = this.now();
    const { text, bytes } = encodeBody(buildRequestBody(request, timestamp));
    const signature = signBody(bytes, this.key);
    const sent: SentRequest = { event: request.event, userId: request.userId, timestamp, body: text };
    if (request.text !== undefined) sent.text = request.text;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const limit = this.options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    const signal = options.signal;
    const started = performance.now();
    // to a hundredth of a millisecond: a local bot answers in well under one
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;

    return new Promise<AttemptResult>((resolve) => {
      let controller: Dispatcher.DispatchController | undefined;
      let stopReason: string | undefined;
      let status = 0;
      let retryAfter: string | undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // settled first, then aborted: the abort makes undici report an error, which must not win;
      // a request still queued is aborted as soon as undici hands over its controller
      const abort = (reason: string) => {
        stopReason ??= reason;
        controller?.abort(new Error(reason));
      };
      const stop = (reason: 'timeout' | 'cancelled') => {
        if (reason === 'timeout')
          settle({
            ok: false,
            request: sent,
            latencyMs: elapsed(),
            cause: { kind: 'timeout', message: `timed out after ${timeoutMs} ms (${this.host})`, retryable: false },
          });
        else
          settle({
            ok: false,
            request: sent,
            latencyMs: elapsed(),
            cause: { kind: 'network', message: 'cancelled: the run was interrupted', retryable: false },
          });
        abort(reason);
      };
      if (signal?.aborted) return stop('cancelled');

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (c) => {
          controller = c;
          if (stopReason) c.abort(new Error(stopReason));
        },
        onResponseStart: (_c, statusCode, headers) => {
          status = statusCode;
          const header = headers['retry-after'];
          retryAfter = Array.isArray(header) ? header[0] : header;
          const declared = Number(headers['content-length']);
          if (Number.isFinite(declared) && declared > limit) {
            settle(tooLarge(sent, statusCode, elapsed(), limit));
            abort('too large');
          }
        },
        onResponseData: (_c, chunk) => {
          if (settled) return;
          size += chunk.length;
          if (size > limit) {
            settle(tooLarge(sent, status, elapsed(), limit));
            abort('too large');
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd: () => {
          if (settled) return;
          const latencyMs = elapsed();
          // a bot that echoes our signature header back must not carry it into a Turn or a report
          const bodyText = maskEcho(
            (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8'),
            signature,
          );
          const reading = readReply(status, bodyText, retryAfter);
          // …and once more after decoding: `\u002B` hides the echo from a look at the bytes
          if (reading.ok) {
            const json = maskEchoDecoded(reading.json, bodyText, signature);
            const cleanAt = replyTextIsClean(bodyText);
            if (cleanAt === undefined) settle({ ok: true, request: sent, status, json, latencyMs });
            else settle({ ok: true, request: sent, status, json, cleanAt, latencyMs });
          } else
            settle({
              ok: false,
              request: sent,
              status,
              cause: { ...reading.cause, message: maskEcho(reading.cause.message, signature) },
              bodyText,
              latencyMs,
            });
        },
        onResponseError: (_c, error) => {
          if (settled) return;
          // the pool destroyed by a cancel (watch): the request was cancelled, not failed by the bot
          if (signal?.aborted) return stop('cancelled');
          settle({
            ok: false,
            request: sent,
            latencyMs: elapsed(),
            ...(status ? { status } : {}),
            cause: networkCause(error, this.host),
          });
        },
      };
      timer = setTimeout(() => stop('timeout'), timeoutMs);
      // extra headers may replace the user-agent, never the signing's own (client/network.ts refuses those)
      const headers = this.headers
        ? { 'user-agent': USER_AGENT, ...this.headers, 'content-type': CONTENT_TYPE, [SIGNATURE_HEADER]: signature }
        : { 'content-type': CONTENT_TYPE, [SIGNATURE_HEADER]: signature, 'user-agent': USER_AGENT };
      this.pool.dispatch({ origin: this.origin, path: this.path, method: 'POST', headers, body: bytes }, handler);
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

  async close(): Promise<void> {
    if (!this.destroyed) await this.pool.close();
  }
}

function tooLarge(request: SentRequest, status: number, latencyMs: number, limit: number): AttemptResult {
  const mib = (limit / 1024 / 1024).toFixed(0);
  return {
    ok: false,
    request,
    status,
    latencyMs,
    cause: {
      kind: 'too-large',
      message: `HTTP ${status} with a reply over ${mib} MiB; not read`,
      status,
      retryable: false,
    },
  };
}

function networkCause(error: unknown, host: string): Cause {
  const code = networkErrorCode(error);
  const message = describeNetworkError(error, host);
  // wrong proxy credentials stay wrong: not retried, and the run breaker may stop the run on them
  return { kind: 'network', message, ...(code ? { code } : {}), retryable: code !== PROXY_AUTH_REQUIRED };
}
