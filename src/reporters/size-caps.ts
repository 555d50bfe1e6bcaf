/**
 * Size caps for what file reports keep of a dialogue. A bot can answer megabytes; a report that
 * carries them whole is unreadable and slow, so long texts (the Turn's text, bubble and card
 * descriptions, a mismatch's actual value) are cut with a note saying how much was left out, and
 * the raw body is kept whole, cut to its head, or dropped.
 */
import type { BubbleView, Turn } from '../protocol/turn.js';
import type { AttemptResult, DialogueResult, StepResult } from '../results/model.js';
import { truncate } from '../render/text.js';
import { withKey } from '../io/with-key.js';

export interface Caps {
  /** Longest text kept (characters). */
  textChars: number;
  /** Raw bodies: `drop` them, or keep those up to `rawChars` of JSON and the head of longer ones. */
  raw: 'drop' | { rawChars: number; headChars: number };
  /** Where each raw reply kept whole gets its JSON text (measured here), for the writer to reuse. */
  rawTexts?: Map<unknown, string>;
}

export function capDialogue(result: DialogueResult, caps: Caps): DialogueResult {
  const capped = capRun(result, caps);
  const runs = result.repeats?.runs.map((run) => capRun(run, caps));
  const runsSame = !result.repeats || runs!.every((r, i) => r === result.repeats!.runs[i]);
  if (capped === result && runsSame) return result;
  return runs ? withKey(capped, 'repeats', withKey(result.repeats!, 'runs', runs)) : capped;
}

/** One run's steps and its retries' steps, capped; the same object when nothing was cut. */
function capRun<T extends { steps: StepResult[]; retries?: AttemptResult[] }>(run: T, caps: Caps): T {
  const steps = capSteps(run.steps, caps);
  const retries = run.retries?.map((attempt) => {
    const capped = capSteps(attempt.steps, caps);
    return capped === attempt.steps ? attempt : withKey(attempt, 'steps', capped);
  });
  const retriesSame = !run.retries || retries!.every((r, i) => r === run.retries![i]);
  if (steps === run.steps && retriesSame) return run;
  const out = withKey(run, 'steps', steps);
  return retries ? withKey(out, 'retries', retries) : out;
}

function capSteps(steps: StepResult[], caps: Caps): StepResult[] {
  let changed = false;
  const out = steps.map((step) => {
    const capped = capStep(step, caps);
    if (capped !== step) changed = true;
    return capped;
  });
  return changed ? out : steps;
}

function capStep(step: StepResult, caps: Caps): StepResult {
  let result = step;
  if (step.turn) {
    const turn = capTurn(step.turn, caps);
    if (turn !== step.turn) result = withKey(result, 'turn', turn);
  }
  if (
    step.status === 'failed' &&
    step.mismatches.some((m) => typeof m.actual === 'string' && m.actual.length > caps.textChars)
  ) {
    const mismatches = step.mismatches.map((m) =>
      typeof m.actual === 'string' && m.actual.length > caps.textChars ? { ...m, actual: cut(m.actual, caps) } : m,
    );
    result = { ...result, mismatches } as StepResult;
  }
  return result;
}

function capTurn(turn: Turn, caps: Caps): Turn {
  // copied only when something is cut: most turns are kept as they are, and this runs for every step
  let next: Turn | undefined;
  if (turn.text.length > caps.textChars) (next ??= { ...turn }).text = cut(turn.text, caps);
  let bubbles: BubbleView[] | undefined;
  for (let i = 0; i < turn.bubbles.length; i++) {
    const b = turn.bubbles[i]!;
    const capped = capBubble(b, caps);
    if (capped !== b) (bubbles ??= turn.bubbles.slice())[i] = capped;
  }
  if (bubbles) (next ??= { ...turn }).bubbles = bubbles;
  const raw = capRaw(turn.raw, caps);
  if (raw !== turn.raw) (next ??= { ...turn }).raw = raw;
  return next ?? turn;
}

function capBubble(b: BubbleView, caps: Caps): BubbleView {
  let next = b;
  if (b.description && b.description.length > caps.textChars) next = { ...next, description: cut(b.description, caps) };
  if (b.flexTexts?.some((t) => t.length > caps.textChars))
    next = { ...next, flexTexts: b.flexTexts.map((t) => (t.length > caps.textChars ? cut(t, caps) : t)) };
  if (b.cards) {
    const cards = b.cards.map((c) => capBubble(c, caps));
    if (cards.some((c, i) => c !== b.cards![i])) next = { ...next, cards };
  }
  return next;
}

function capRaw(raw: unknown, caps: Caps): unknown {
  if (raw === null || raw === undefined) return raw;
  if (caps.raw === 'drop') return null;
  const text = caps.rawTexts?.get(raw) ?? JSON.stringify(raw);
  if (text === undefined) return raw;
  if (text.length <= caps.raw.rawChars) {
    caps.rawTexts?.set(raw, text);
    return raw;
  }
  const head = caps.raw.headChars;
  return {
    truncated: `the reply was ${text.length.toLocaleString('en-US')} characters of JSON; the first ${head.toLocaleString('en-US')} are kept in "head"`,
    chars: text.length,
    head: text.slice(0, head),
  };
}

function cut(text: string, caps: Caps): string {
  return truncate(text, caps.textChars, 'text');
}
