/** What one request to the bot came to: the request as sent, and a reply or the cause it failed. */
import type { ChatRequest } from '../protocol/request.js';
import type { Cause } from '../protocol/errors.js';

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
 * look through it again. `withinRawBounds`: the reply's text proves it small and shallow enough
 * to keep whole (protocol/reply.ts textWithinRawBounds), so normalizing need not measure it.
 */
export type Exchange =
  | (ExchangeBase & { ok: true; status: number; json: unknown; withinRawBounds?: boolean; cleanAt?: number })
  | (ExchangeBase & { ok: false; cause: Cause; bodyText?: string });

/** One attempt's result: an Exchange before the attempts are counted. */
export type AttemptResult = Exchange extends infer E ? (E extends Exchange ? Omit<E, 'attempts'> : never) : never;
