/**
 * HTML escaping for report pages. Bot text is hostile (`</script>`, quotes in attributes, control
 * characters), so every piece of data goes through one of these; nothing is inserted raw.
 */
import { xmlSafe } from './text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text content or attribute value: markup characters as entities, control characters shown as \uXXXX. */
export function escapeHtml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** A URL fit for href/src: http(s) only (no javascript:, data:, file:), escaped; undefined otherwise. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return escapeHtml(parsed.href);
  } catch {
    return undefined;
  }
}

/** JSON for a `<script type="application/json">` block: `<` escaped so `</script>` cannot close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
