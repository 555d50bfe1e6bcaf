import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Header that carries the request signature on every CLOVA Chatbot Custom API call. */
export const SIGNATURE_HEADER = 'X-NCP-CHATBOT_SIGNATURE';

/**
 * Base64 HMAC-SHA256 of the request body, keyed with the secret (UTF-8).
 * Takes the exact bytes that go on the wire: signing a re-serialized copy is the classic bug.
 */
export function signBody(body: Uint8Array, secretKey: string | KeyObject): string {
  return createHmac('sha256', typeof secretKey === 'string' ? Buffer.from(secretKey, 'utf8') : secretKey)
    .update(body)
    .digest('base64');
}

/** The secret as a KeyObject, made once: signing thousands of requests then skips re-encoding it each time. */
export function signingKey(secretKey: string): KeyObject {
  return createSecretKey(Buffer.from(secretKey, 'utf8'));
}

/** Constant-time check of a received signature against the body it came with. */
export function verifySignature(body: Uint8Array, secretKey: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(body, secretKey), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
