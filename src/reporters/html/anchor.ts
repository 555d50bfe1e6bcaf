/** The HTML report's anchor for a dialogue: stable across runs, HTML-safe; other reports link to it. */
import { createHash } from 'node:crypto';

export function dialogueAnchor(id: string): string {
  return `d-${createHash('sha1').update(id).digest('hex').slice(0, 10)}`;
}
