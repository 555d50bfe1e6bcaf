/**
 * The CLOVA Chatbot request body (version v2) and its serialization.
 * Facts from the vendor docs: `timestamp` is epoch ms at send time (the service refuses one more
 * than 10 s away, code 4032); `userId` (≤ 256 chars) keys the bot's session; `open` carries no
 * bubble or one text bubble (the welcome postback); `send` carries one text bubble.
 */

/** The events the Custom API accepts. */
export type ChatEvent = 'open' | 'send' | 'getPersistentMenu';

export const CHAT_EVENTS: readonly ChatEvent[] = ['open', 'send', 'getPersistentMenu'];

export const MAX_USER_ID_LENGTH = 256;

/** What one request says, before it gets a timestamp and bytes. */
export interface ChatRequest {
  event: ChatEvent;
  userId: string;
  /** The utterance (`send`), the welcome postback (`open`), or nothing. */
  text?: string | undefined;
  userIp?: string | undefined;
}

export interface TextBubble {
  type: 'text';
  data: { description: string };
}

export interface RequestBody {
  version: 'v2';
  userId: string;
  userIp?: string;
  timestamp: number;
  bubbles: TextBubble[];
  event: ChatEvent;
}

export function buildRequestBody(request: ChatRequest, timestamp: number): RequestBody {
  const body: RequestBody = {
    version: 'v2',
    userId: request.userId,
    timestamp,
    bubbles: request.text === undefined ? [] : [{ type: 'text', data: { description: request.text } }],
    event: request.event,
  };
  if (request.userIp !== undefined) body.userIp = request.userIp;
  return body;
}

/** The bytes that are both signed and sent: serialize once, use twice. */
export function serializeBody(body: RequestBody): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * `JSON.stringify(buildRequestBody(request, timestamp))`, character for character, written
 * straight from the request: the client does this for every request, and the object, its bubble
 * array and the generic serializer's walk cost more than the few strings here (test/protocol
 * checks the two agree).
 */
export function requestBodyText(request: ChatRequest, timestamp: number): string {
  const time = Number.isFinite(timestamp) ? String(timestamp) : 'null';
  const bubbles =
    request.text === undefined ? '[]' : `[{"type":"text","data":{"description":${JSON.stringify(request.text)}}}]`;
  const ip = request.userIp === undefined ? '' : `,"userIp":${JSON.stringify(request.userIp)}`;
  const head = `{"version":"v2","userId":${JSON.stringify(request.userId)},"timestamp":${time}`;
  return `${head},"bubbles":${bubbles},"event":${JSON.stringify(request.event)}${ip}}`;
}
