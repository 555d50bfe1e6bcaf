/**
 * A dialogue result as JSON text, exactly what `JSON.stringify(result)` gives, but with each raw
 * reply's text taken from `rawTexts` when it is there: the writer measured (or received) that text
 * already, and a raw reply is the bulk of a step, so stringifying it again would double the cost.
 *
 * Only the path down to the raw replies (dialogue → runs and retries → steps → turn) is copied,
 * with a placeholder for each raw reply; the copy goes to JSON.stringify whole and the texts are
 * spliced in where the placeholders stand, so the text is byte for byte the same.
 */
import type { DialogueResult } from './model.js';
import { withKey } from '../io/with-key.js';

/** A raw reply object → its JSON text (what JSON.stringify gives for it). */
export type RawTexts = ReadonlyMap<unknown, string>;

/**
 * The text in pieces, in order: the stringified copy's segments between placeholders and the raw
 * texts. A writer takes them as they are, so the line is never built as one string.
 */
export function dialogueJsonParts(result: DialogueResult, rawTexts: RawTexts): string[] {
  const run: unknown = result;
  if (rawTexts.size === 0 || !isPlain(run)) return [JSON.stringify(result)];
  const texts: string[] = [];
  const shadow = shadowRun(run, rawTexts, texts);
  if (texts.length === 0) return [JSON.stringify(result)];
  // each text is JSON.stringify's own for its reply, so the whole result stringified is the same bytes
  return spliced(JSON.stringify(shadow), texts) ?? [JSON.stringify(result)];
}

/**
 * The fast way: one JSON.stringify of a copy whose raw replies are placeholders, each then replaced
 * by its text. The placeholders must be the only occurrences of their prefix, in order; if a reply
 * happened to hold one, the answer is undefined and the dialogue is stringified whole instead.
 */
function spliced(text: string, texts: readonly string[]): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  let k = 0;
  for (let at = text.indexOf(PREFIX_JSON); at >= 0; at = text.indexOf(PREFIX_JSON, from)) {
    const tail = `${k}"`;
    if (k >= texts.length || !text.startsWith(tail, at + PREFIX_JSON.length)) return undefined;
    out.push(text.slice(from, at), texts[k]!);
    from = at + PREFIX_JSON.length + tail.length;
    k++;
  }
  if (k !== texts.length) return undefined;
  out.push(text.slice(from));
  return out;
}

/** A random prefix per process: no reply can plan to hold it (and a reply that did is caught anyway). */
const PREFIX = `\u0000clova-raw-${Math.random().toString(36).slice(2)}-`;
/** The prefix as JSON.stringify writes it at the start of a string: the opening quote, `\u0000` escaped. */
const PREFIX_JSON = JSON.stringify(PREFIX).slice(0, -1);
const placeholder = (k: number): string => `${PREFIX}${k}`;
/** For tests: the text a reply would have to hold to meet a placeholder. */
export const placeholderForTests = placeholder;

/** `run` with each raw reply that has a text replaced by a placeholder (texts[k] for the k-th); `run` itself if none. */
function shadowRun<T extends Record<string, unknown>>(run: T, rawTexts: RawTexts, texts: string[]): T {
  let out = run;
  const steps = shadowSteps(run.steps, rawTexts, texts);
  if (steps !== run.steps) out = withKey(out, 'steps', steps);
  const retries = shadowList(run.retries, (attempt) => shadowRun(attempt, rawTexts, texts));
  if (retries !== run.retries) out = withKey(out, 'retries', retries);
  const repeats = run.repeats;
  if (isPlain(repeats)) {
    const runs = shadowList(repeats.runs, (r) => shadowRun(r, rawTexts, texts));
    if (runs !== repeats.runs) out = withKey(out, 'repeats', withKey(repeats, 'runs', runs));
  }
  return out;
}

function shadowSteps(steps: unknown, rawTexts: RawTexts, texts: string[]): unknown {
  return shadowList(steps, (step) => {
    const turn = step.turn;
    if (!isPlain(turn) || !Object.hasOwn(turn, 'raw')) return step;
    const text = rawTexts.get(turn.raw);
    if (text === undefined) return step;
    texts.push(text);
    return withKey(step, 'turn', withKey(turn, 'raw', placeholder(texts.length - 1)));
  });
}

/** The list with `item` applied to its plain objects; the list itself when nothing changed. */
function shadowList(list: unknown, item: (value: Record<string, unknown>) => unknown): unknown {
  if (!Array.isArray(list)) return list;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const value: unknown = list[i];
    const next = isPlain(value) ? item(value) : value;
    if (next !== value) (out ??= list.slice())[i] = next;
  }
  return out ?? list;
}

/** An object JSON.stringify writes member by member: not an array, and with no toJSON of its own. */
function isPlain(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}
