/**
 * One HTTP attempt through undici's dispatch API: one object that is both the attempt's state and
 * its handler. The reply's chunks are collected here, not through a Readable stream and its async
 * iterator, which cost more than the HTTP itself at thousands of requests a second; and the state
 * lives in fields, not in a closure per callback, since this runs for every request.
 * One timer covers connect, send and the whole reply; a timeout or a cancel settles at once, then
 * aborts the request (undici closes its socket).
 */
import type { Dispatcher } from 'undici';
import { readReply, type Cause } from '../protocol/errors.js';
import { textWithinRawBounds } from '../protocol/reply.js';
import { replyTextIsClean } from '../io/redact.js';
import { maskEcho, maskEchoDecoded } from '../io/echo-mask.js';
import { describeNetworkError, networkErrorCode, PROXY_AUTH_REQUIRED } from './network-errors.js';
import type { AttemptResult, SentRequest } from './exchange.js';
import { monotonicMs } from '../io/clock.js';

/** What every attempt of one client shares. */
export interface AttemptSettings {
  /** `host:port` (and the proxy's) for messages. */
  host: string;
  /** Replies larger than this are refused. */
  limit: number;
}

export class Attempt implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private stopReason: string | undefined;
  private status = 0;
  private retryAfter: string | undefined;
  /** The reply's chunks: most replies come in one, so a list is made only for a second. */
  private first: Buffer | undefined;
  private more: Buffer[] | undefined;
  private size = 0;
  private settled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = monotonicMs();

  constructor(
    private readonly settings: AttemptSettings,
    private readonly sent: SentRequest,
    /** The signature sent: a bot that echoes it back must not carry it into a Turn or a report. */
    private readonly signature: string,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (result: AttemptResult) => void,
  ) {}

  /** Starts the timer; false if the signal was aborted already (then the attempt has settled as cancelled). */
  start(): boolean {
    if (this.signal?.aborted) {
      this.stop('cancelled');
      return false;
    }
    this.timer = setTimeout(onTimeout, this.timeoutMs, this);
    return true;
  }

  /** To a hundredth of a millisecond: a local bot answers in well under one. */
  private elapsed(): number {
    return Math.round((monotonicMs() - this.started) * 100) / 100;
  }

  private settle(result: AttemptResult): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(result);
  }

  // settled first, then aborted: the abort makes undici report an error, which must not win;
  // a request still queued is aborted as soon as undici hands over its controller
  private abort(reason: string): void {
    this.stopReason ??= reason;
    this.controller?.abort(new Error(reason));
  }

  stop(reason: 'timeout' | 'cancelled'): void {
    const cause: Cause =
      reason === 'timeout'
        ? {
            kind: 'timeout',
            message: `timed out after ${this.timeoutMs} ms (${this.settings.host})`,
            retryable: false,
          }
        : { kind: 'network', message: 'cancelled: the run was interrupted', retryable: false };
    this.settle({ ok: false, request: this.sent, latencyMs: this.elapsed(), cause });
    this.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopReason) controller.abort(new Error(this.stopReason));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    const header = headers['retry-after'];
    this.retryAfter = Array.isArray(header) ? header[0] : header;
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.settings.limit) this.tooLarge();
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.settings.limit) return this.tooLarge();
    if (this.first === undefined) this.first = chunk;
    else (this.more ??= [this.first]).push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const { sent: request, status, signature } = this;
    const latencyMs = this.elapsed();
    const bytes = this.more ? Buffer.concat(this.more, this.size) : (this.first ?? Buffer.alloc(0));
    const bodyText = maskEcho(bytes.toString('utf8'), signature);
    const reading = readReply(status, bodyText, this.retryAfter);
    if (!reading.ok) {
      const cause = { ...reading.cause, message: maskEcho(reading.cause.message, signature) };
      return this.settle({ ok: false, request, status, cause, bodyText, latencyMs });
    }
    // …and once more after decoding: `\u002B` hides the echo from a look at the bytes
    const json = maskEchoDecoded(reading.json, bodyText, signature);
    const cleanAt = replyTextIsClean(bodyText);
    const withinRawBounds = textWithinRawBounds(bodyText);
    if (cleanAt === undefined) this.settle({ ok: true, request, status, json, withinRawBounds, latencyMs });
    else this.settle({ ok: true, request, status, json, withinRawBounds, cleanAt, latencyMs });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    // the pool destroyed by a cancel (BotClient.watch): the request was cancelled, not failed by the bot
    if (this.signal?.aborted) return this.stop('cancelled');
    const cause = networkCause(error, this.settings.host);
    if (this.status)
      this.settle({ ok: false, request: this.sent, latencyMs: this.elapsed(), status: this.status, cause });
    else this.settle({ ok: false, request: this.sent, latencyMs: this.elapsed(), cause });
  }

  private tooLarge(): void {
    const { status } = this;
    const mib = (this.settings.limit / 1024 / 1024).toFixed(0);
    this.settle({
      ok: false,
      request: this.sent,
      status,
      latencyMs: this.elapsed(),
      cause: {
        kind: 'too-large',
        message: `HTTP ${status} with a reply over ${mib} MiB; not read`,
        status,
        retryable: false,
      },
    });
    this.abort('too large');
  }
}

/** The timer's callback, one for every attempt (the attempt comes as its argument, not in a closure). */
function onTimeout(attempt: Attempt): void {
  attempt.stop('timeout');
}

function networkCause(error: unknown, host: string): Cause {
  const code = networkErrorCode(error);
  const message = describeNetworkError(error, host);
  // wrong proxy credentials stay wrong: not retried, and the run breaker may stop the run on them
  return { kind: 'network', message, ...(code ? { code } : {}), retryable: code !== PROXY_AUTH_REQUIRED };
}
