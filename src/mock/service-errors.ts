/**
 * The error replies of the real service, as the mock sends them. Two layers answer a CLOVA call:
 * the chatbot itself (HTTP 500 with `{"code","message","timestamp"}`) and, in front of it, the
 * NAVER Cloud API Gateway (`{"error":{"errorCode","message"}}` with its own status). Clients tell
 * them apart by shape, so the mock must keep both shapes exact.
 */

/** A reply to write: status, headers and body bytes already decided. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Chatbot error codes (service docs): bad parameters, signature, timestamp window, unknown. */
export type ChatbotErrorCode = '4000' | '4031' | '4032' | '1001' | '5000';

/** The chatbot's own error: always HTTP 500, the code in the body. */
export function chatbotError(code: string, message: string, now: number): HttpReply {
  return {
    status: 500,
    headers: { 'content-type': JSON_TYPE },
    body: JSON.stringify({ code, message, timestamp: now }),
  };
}

/** API Gateway error codes by HTTP status (NAVER Cloud API Gateway's common error table). */
export const GATEWAY_ERRORS: Readonly<Record<number, { errorCode: string; message: string }>> = {
  400: { errorCode: '100', message: 'Bad Request Exception' },
  401: { errorCode: '200', message: 'Authentication Failed' },
  403: { errorCode: '230', message: 'Forbidden' },
  404: { errorCode: '300', message: 'Not Found Exception' },
  413: { errorCode: '430', message: 'Request Entity Too Large' },
  429: { errorCode: '410', message: 'Throttle Limited' },
  503: { errorCode: '500', message: 'Endpoint Error' },
  504: { errorCode: '510', message: 'Endpoint Timeout' },
};

export function isGatewayStatus(status: number): boolean {
  return status in GATEWAY_ERRORS;
}

/** The gateway's error for a status; `errorCode`/`message` override its defaults (e.g. 429 "400 Quota Exceeded"). */
export function gatewayError(status: number, override: { errorCode?: string; message?: string } = {}): HttpReply {
  const known = GATEWAY_ERRORS[status] ?? { errorCode: '900', message: 'Unexpected Error' };
  const error = { errorCode: override.errorCode ?? known.errorCode, message: override.message ?? known.message };
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ error }) };
}

/** What a proxy in front of a bot sends when the bot is gone: an HTML page, not JSON. */
export function htmlErrorPage(status: number): HttpReply {
  const title = `${status} ${HTML_TITLES[status] ?? 'Error'}`;
  const body = `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
  return { status, headers: { 'content-type': 'text/html' }, body };
}

const HTML_TITLES: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** A successful chatbot reply. */
export function jsonReply(body: string): HttpReply {
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body };
}
