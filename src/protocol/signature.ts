import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header that carries the request signature on every CLOVA Chatbot Custom API call. */
export const SIGNATURE_HEADER = 'X-NCP-CHATBOT_SIGNATURE';

/**
 * Base64 HMAC-SHA256 of the request body, keyed with the secret (UTF-8).
 * Takes the exact bytes that go on the wire: signing a re-serialized copy is the classic bug.
 */
export function signBody(body: Uint8Array, secretKey: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(body).digest('base64');
}

/** Constant-time check of a received signature against the body it came with. */
export function verifySignature(body: Uint8Array, secretKey: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(body, secretKey), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
