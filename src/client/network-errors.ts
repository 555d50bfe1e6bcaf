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

/** The system or undici error code of a network failure (`ECONNREFUSED`, `ENOTFOUND`…), when it has one. */
export function networkErrorCode(error: unknown): string | undefined {
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

export function describeNetworkError(error: unknown, host: string): string {
  const err = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = networkErrorCode(error);
  const known = code ? CODES[code] : undefined;
  if (known) return `${known} (${host}, ${code})`;
  const message = typeof err?.message === 'string' ? err.message.split('\n')[0] : String(error);
  return `network error talking to ${host}: ${message}${code ? ` (${code})` : ''}`;
}
