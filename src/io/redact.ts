/**
 * The one redaction point. Every byte clova-regress writes — console, report files, error
 * messages, logs — passes through `redact`. Secrets are registered once, where they enter the
 * process (the secret key from the environment, a generated mock key), in the forms they could
 * leak in: as given, base64, and URL-encoded.
 */

const MASK = '[REDACTED]';
const MIN_SECRET_LENGTH = 4; // shorter values would mask ordinary words
const secrets = new Set<string>();
let pattern: RegExp | undefined;

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  const forms = [value, Buffer.from(value, 'utf8').toString('base64'), encodeURIComponent(value)];
  let added = false;
  for (const form of forms) {
    if (form.length >= MIN_SECRET_LENGTH && !secrets.has(form)) {
      secrets.add(form);
      added = true;
    }
  }
  if (added) pattern = undefined;
}

export function redact(text: string): string {
  if (secrets.size === 0) return text;
  pattern ??= new RegExp([...secrets].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), 'g');
  return text.replace(pattern, MASK);
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
