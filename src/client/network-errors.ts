/** Network failures in words: the host, what happened, no stack. */

const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server before a complete reply',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_OVERFLOW: 'reply headers too large',
  HPE_INVALID_CONSTANT: 'the server sent a malformed HTTP reply',
  UND_ERR_RESPONSE_STATUS_CODE: 'bad HTTP status',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
};

/** Our codes for a proxy that refused the request: undici says so only in its message. */
export const PROXY_AUTH_REQUIRED = 'PROXY_AUTH_REQUIRED';
export const PROXY_REFUSED = 'PROXY_REFUSED';

/**
 * The status a forward proxy refused with, read from undici's errors: plain forwarding turns a
 * 407 into "Proxy Authentication Required (407)", a tunnel any non-200 into "Proxy response (N)".
 */
function proxyRefusal(error: unknown): number | undefined {
  const message = (error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return undefined;
  if (message.includes('Proxy Authentication Required (407)')) return 407;
  const tunnel = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/.exec(message);
  return tunnel ? Number(tunnel[1]) : undefined;
}

/** The system or undici error code of a network failure (`ECONNREFUSED`, `ENOTFOUND`…), when it has one. */
export function networkErrorCode(error: unknown): string | undefined {
  const refused = proxyRefusal(error);
  if (refused !== undefined) return refused === 407 ? PROXY_AUTH_REQUIRED : PROXY_REFUSED;
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

export function describeNetworkError(error: unknown, host: string): string {
  const refused = proxyRefusal(error);
  if (refused === 407) {
    const where = 'the proxy URL, http://user:password@host:port';
    return `the proxy asked for credentials (HTTP 407): check the user and password in ${where} (${host})`;
  }
  if (refused !== undefined) return `the proxy refused to reach the bot (HTTP ${refused}) (${host})`;
  const err = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = networkErrorCode(error);
  const known = code ? CODES[code] : undefined;
  if (known) return `${known} (${host}, ${code})`;
  const message = typeof err?.message === 'string' ? err.message.split('\n')[0] : String(error);
  return `network error talking to ${host}: ${message}${code ? ` (${code})` : ''}`;
}
