/**
 * The service's checks of a request, in the order it makes them: the signature over the raw body
 * bytes (4031), the body as JSON with its required fields and event (4000), then the timestamp
 * window (4032). Pure: bytes and a clock in, a checked request or the error reply out.
 */
import { isUtf8 } from 'node:buffer';
import { CHAT_EVENTS, MAX_USER_ID_LENGTH, type ChatEvent } from '../protocol/request.js';
import { verifySignature } from '../protocol/signature.js';
import { chatbotError, type HttpReply } from './service-errors.js';

/** The service refuses a timestamp further than this from its clock. */
export const DEFAULT_TIMESTAMP_WINDOW_MS = 10_000;

/** What the mock needs of a request that passed. */
export interface ChatInput {
  event: ChatEvent;
  userId: string;
  timestamp: number;
  /** `send`: the description of the last bubble (the service uses the last); `open`: the welcome postback, if any. */
  text?: string; /** What the mock answered differently from the service, for `mock --verbose`. */
  note?: string;
}

export interface CheckOptions {
  secretKey: string;
  now: number;
  /** Infinity turns the window check off (benchmarks replaying one signed body). */
  timestampWindowMs: number;
}

export type CheckedRequest =
  { ok: true; input: ChatInput } | { ok: false; code: '4000' | '4031' | '4032'; message: string; reply: HttpReply };

const EVENTS: ReadonlySet<string> = new Set(CHAT_EVENTS);

export function checkRequest(raw: Buffer, signature: string | undefined, options: CheckOptions): CheckedRequest {
  const { now } = options;
  const reject = (code: '4000' | '4031' | '4032', message: string): CheckedRequest => ({
    ok: false,
    code,
    message,
    reply: chatbotError(code, message, now),
  });

  if (!verifySignature(raw, options.secretKey, signature)) {
    return reject(
      '4031',
      signature
        ? 'Invalid signature: X-NCP-CHATBOT_SIGNATURE does not match the request body'
        : 'Missing signature: X-NCP-CHATBOT_SIGNATURE header is required',
    );
  }
  if (!isUtf8(raw)) return reject('4000', 'Invalid request body: not UTF-8');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return reject('4000', 'Invalid request body: not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return reject('4000', 'Invalid request body: not a JSON object');
  const b = body as Record<string, unknown>;

  if (typeof b.userId !== 'string' || b.userId.length === 0 || b.userId.length > MAX_USER_ID_LENGTH) {
    return reject('4000', `Invalid parameter: userId must be a string of 1 to ${MAX_USER_ID_LENGTH} characters`);
  }
  if (typeof b.timestamp !== 'number' || !Number.isFinite(b.timestamp))
    return reject('4000', 'Invalid parameter: timestamp must be a number (epoch milliseconds)');
  if (!Array.isArray(b.bubbles)) return reject('4000', 'Invalid parameter: bubbles must be an array');
  if (typeof b.event !== 'string') return reject('4000', 'Invalid parameter: event is required');
  if (!EVENTS.has(b.event))
    return reject(
      '4000',
      `Invalid parameter: unknown event "${b.event.slice(0, 40)}" (expected open, send or getPersistentMenu)`,
    );
  if (b.version !== undefined && typeof b.version !== 'string')
    return reject('4000', 'Invalid parameter: version must be a string');

  const event = b.event as ChatEvent;
  const descriptions: string[] = [];
  for (const bubble of b.bubbles) {
    const data = typeof bubble === 'object' && bubble !== null ? (bubble as Record<string, unknown>).data : undefined;
    const description =
      typeof data === 'object' && data !== null ? (data as Record<string, unknown>).description : undefined;
    // the LINE web kit opens with `{type: text, data: {}}` when it has no welcome text: no postback
    if (event === 'open' && description === undefined && typeof data === 'object' && data !== null) continue;
    if (typeof description !== 'string')
      return reject('4000', 'Invalid parameter: each bubble needs data.description (a string)');
    descriptions.push(description);
  }
  if (event === 'send' && descriptions.length === 0)
    return reject('4000', 'Invalid parameter: a send event needs one text bubble');

  if (Math.abs(now - b.timestamp) > options.timestampWindowMs) {
    return reject(
      '4032',
      `Invalid timestamp: ${b.timestamp} is more than ${Math.round(options.timestampWindowMs / 1000)} seconds from the server time`,
    );
  }

  const input: ChatInput = { event, userId: b.userId, timestamp: b.timestamp };
  // the service answers a request without version in v1; the mock knows only v2 and says so
  if (b.version === undefined)
    input.note = 'no version in the request: the service would answer in v1, the mock answers v2';
  const text = event === 'send' ? descriptions[descriptions.length - 1] : descriptions[0];
  if (text !== undefined) input.text = text;
  return { ok: true, input };
}
