/**
 * What went wrong with a bot call, as data a human can act on. Decided once, here, where the reply
 * is read: reports only render it. `retryable` follows the service's contract: only throttling
 * (429), gateway unavailability (503, 504) and network failures are worth another try.
 */
// mask, then cut: a secret cut in two would slip past the mask
import { clipMasked } from '../io/redact.js';

export type CauseKind =
  | 'timeout' // no complete reply within the request timeout
  | 'network' // connection refused, reset, DNS, TLS…
  | 'bot-error' // the chatbot's own error body: {"code","message","timestamp"}
  | 'gateway-error' // the API Gateway's error body: {"error":{"errorCode","message"}}
  | 'http' // an error status with a body of neither shape
  | 'bad-reply' // a success status whose body is not a chatbot reply (not JSON, HTML, truncated…)
  | 'too-large' // a reply larger than the runner will read
  | 'check' // the reply could not be checked: a spec regex ran past its time limit
  | 'internal'; // the runner's own fault (a bug): still reported, never a crash

export interface Cause {
  kind: CauseKind;
  message: string;
  status?: number;
  /** The service's error code (`4031`) or the gateway's (`410`). */
  code?: string;
  retryable: boolean;
  /** Seconds the server asked us to wait (Retry-After), when it did. */
  retryAfterMs?: number;
}

/** Chatbot error codes from the service docs, with what to check. */
const BOT_CODES: Record<string, string> = {
  '4000': 'request rejected as malformed',
  '4031': 'signature rejected — check CLOVA_SECRET_KEY',
  '4032': "timestamp outside the 10 s window — check this machine's clock",
  '1001': 'domain not found — check the invoke URL',
  '5000': 'unknown chatbot error',
};

const RETRYABLE_STATUS = new Set([429, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A short, single-line excerpt of a body for messages: HTML reduced to its title or text. */
export function describeBody(text: string, limit = 120): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty body';
  if (/^<!doctype html|^<html|<\/(html|body|head)>/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title ? `an HTML body ("${clipMasked(title, limit)}")` : 'an HTML body';
  }
  return `a non-JSON body ("${clipMasked(trimmed.replace(/\s+/g, ' '), limit)}")`;
}

/** A chatbot reply carries at least one of these (a persistent menu or quick buttons may come alone). */
const CHATBOT_KEYS = ['bubbles', 'scenario', 'conversation', 'persistentMenu', 'quickButtons'] as const;

export type ReplyReading = { ok: true; json: unknown } | { ok: false; cause: Cause };

/**
 * Reads an HTTP reply from the bot: a chatbot reply (ok), or the cause of the failure.
 * A 2xx JSON body that is a CLOVA error object counts as a failure too.
 */
export function readReply(status: number, bodyText: string, retryAfter?: string): ReplyReading {
  const json = parseJson(bodyText);
  const retryable = isRetryableStatus(status);

  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const body = json as Record<string, unknown>;
    const gateway = body.error;
    if (typeof gateway === 'object' && gateway !== null && !Array.isArray(gateway)) {
      const g = gateway as Record<string, unknown>;
      const code = stringOf(g.errorCode);
      const message = clipMasked(stringOf(g.message) ?? 'no message', 200);
      return failure(retryAfter, {
        kind: 'gateway-error',
        message: `API Gateway error: ${message}${code ? ` (errorCode ${code})` : ''}, HTTP ${status}`,
        status,
        ...(code ? { code } : {}),
        retryable,
      });
    }
    const code = stringOf(body.code);
    if (code !== undefined && !Array.isArray(body.bubbles)) {
      const known = Object.hasOwn(BOT_CODES, code) ? BOT_CODES[code] : undefined; // the bot chose `code`: "toString" is not ours
      const said = stringOf(body.message);
      const message = said === undefined ? undefined : clipMasked(said, 200);
      const text = known
        ? `${known} (code ${code}${message ? `: ${message}` : ''})`
        : `chatbot error code ${code}${message ? `: ${message}` : ''}`;
      return failure(retryAfter, { kind: 'bot-error', message: `${text}, HTTP ${status}`, status, code, retryable });
    }
    if (status >= 200 && status < 300) {
      if (isChatbotReply(body)) return { ok: true, json: body };
      // a proxy's or framework's own JSON (`{"resultCode": 99}`) answered for the bot: say so,
      // rather than let it read as an empty reply that fails every expectation
      return {
        ok: false,
        cause: {
          kind: 'bad-reply',
          message: `not a CLOVA reply: HTTP ${status} with a JSON object that has none of ${CHATBOT_KEYS.slice(0, 3).join(', ')} (${clipMasked(bodyText.trim().replace(/\s+/g, ' '), 120)})`,
          status,
          retryable: false,
        },
      };
    }
    return failure(retryAfter, {
      kind: 'http',
      message: `HTTP ${status} with an unexpected JSON body`,
      status,
      retryable,
    });
  }

  const isJson = json !== NOT_JSON;
  if (status >= 200 && status < 300) {
    const what = isJson ? 'a JSON body that is not an object' : describeBody(bodyText);
    return {
      ok: false,
      cause: { kind: 'bad-reply', message: `HTTP ${status} with ${what}`, status, retryable: false },
    };
  }
  return failure(retryAfter, {
    kind: 'http',
    message: `HTTP ${status} with ${isJson ? 'an unexpected JSON body' : describeBody(bodyText)}`,
    status,
    retryable,
  });
}

/** A failure, with the wait the server asked for (Retry-After) when it is worth another try. */
function failure(retryAfter: string | undefined, cause: Cause): ReplyReading {
  if (cause.retryable) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    if (retryAfterMs !== undefined) cause.retryAfterMs = retryAfterMs;
  }
  return { ok: false, cause };
}

function isChatbotReply(body: Record<string, unknown>): boolean {
  for (let i = 0; i < CHATBOT_KEYS.length; i++) if (Object.hasOwn(body, CHATBOT_KEYS[i]!)) return true;
  return false;
}

/** What a body that is not JSON parses to: no JSON value is this object. */
const NOT_JSON: unique symbol = Symbol('not JSON');

// the parsed value itself, not wrapped: this runs for every reply
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function stringOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Bot codes no request of this run can get past: the key, the clock or the URL is wrong. */
const RUN_FATAL_BOT_CODES = new Set(['4031', '4032', '1001']);
/** Gateway statuses that answer every request alike: authentication (401, 403), no such invoke URL (404). */
const RUN_FATAL_STATUS = new Set([401, 403, 404]);
/** Network failures of the host itself, not of one connection: DNS, nothing listening, a certificate we refuse. */
const RUN_FATAL_NETWORK = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'PROXY_AUTH_REQUIRED', // the proxy wants other credentials (client/network-errors.ts)
]);

/**
 * True for a cause that cannot fix itself for the rest of the run: every later request would get
 * the same answer (docs/reliability.md, "Errors that stop the run"). The run breaker stops
 * scheduling after a few dialogues in a row end on one, instead of spending the gateway's quota.
 */
export function cannotFixItself(cause: Cause): boolean {
  switch (cause.kind) {
    case 'bot-error':
      return cause.code !== undefined && RUN_FATAL_BOT_CODES.has(cause.code);
    case 'gateway-error':
    case 'http':
      return cause.status !== undefined && RUN_FATAL_STATUS.has(cause.status);
    case 'network':
      return cause.code !== undefined && RUN_FATAL_NETWORK.has(cause.code);
    default:
      return false;
  }
}
