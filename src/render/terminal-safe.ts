/**
 * Text from a bot or a spec, made safe to show on a terminal or in Markdown: control characters
 * are spelled out (`\x1b`, `\r`, `\x07`, `\u202e`) instead of acting. A bot's error message that
 * carries ESC sequences could otherwise set the window title, clear the screen or, with a lone CR,
 * overwrite the line that says a step failed. Newlines and tabs stay: descriptions span lines.
 * Applied to the data (results) before the console and Markdown reporters render it, so our own
 * colour codes are untouched.
 */
import type { DialogueResult } from '../results/model.js';

// C0 but tab and newline, DEL, C1, a CR not ending a line, and the bidi overrides and isolates
const CONTROL = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

export function escapeControls(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (c) => {
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `value` with every string in it escaped: the value itself when nothing needed it (the common case). */
export function escapeControlsDeep<T>(value: T): T {
  return (holdsControl(value, 0) ? escapeDeep(value, 0) : value) as T;
}

const MAX_DEPTH = 1024;

function holdsControl(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return CONTROL.test(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((v) => holdsControl(v, depth + 1));
  for (const key in value)
    if (
      Object.hasOwn(value, key) &&
      (CONTROL.test(key) || holdsControl((value as Record<string, unknown>)[key], depth + 1))
    )
      return true;
  return false;
}

function escapeDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return escapeControls(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, escapeControls(k), {
      value: escapeDeep(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * A result as the console and Markdown show it. A passing dialogue shows only its names; the
 * rest show steps, replies and causes, so only they are walked whole.
 */
export function forHumans(result: DialogueResult): DialogueResult {
  if (result.status === 'passed') {
    const suite = escapeControls(result.suite);
    const name = escapeControls(result.name);
    return suite === result.suite && name === result.name ? result : { ...result, suite, name };
  }
  return escapeControlsDeep(result);
}
