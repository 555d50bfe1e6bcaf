/**
 * Run-time variables of one dialogue attempt: values captured from replies (`capture:`), and steps
 * whose texts still refer to them bound just before they are sent.
 */
import { LIST_EXPECT_KEYS, type Capture, type Expectations, type Step, type TextMatcher } from '../dialogues/types.js';
import type { Turn } from '../protocol/turn.js';
import type { Mismatch } from '../match/expectations.js';
import { LIST_FIELDS } from '../match/expectations.js';
import { compileRegex, regexExec } from '../match/text-matcher.js';
import { bindTemplate } from '../dialogues/variables.js';

/** The values a capture reads, in reply order. */
export function captureSource(turn: Turn, from: Capture['from']): string[] {
  if (from.startsWith('information.')) return turn.information[from.slice('information.'.length)] ?? [];
  switch (from) {
    case 'description':
      return [turn.text];
    case 'scenarioName':
      return turn.scenarioName === null ? [] : [turn.scenarioName];
    case 'chatType':
      return turn.chatTypes;
    default:
      return LIST_FIELDS[from as keyof typeof LIST_FIELDS].read(turn);
  }
}

/** Takes every capture of a step from its reply into `values`; a capture that finds nothing is a mismatch. */
export function takeCaptures(captures: Capture[] | undefined, turn: Turn, values: Map<string, string>): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const capture of captures ?? []) {
    const sources = captureSource(turn, capture.from);
    const value = firstValue(capture, sources);
    if (value !== undefined) {
      values.set(capture.name, value);
      continue;
    }
    const what = capture.regex
      ? `a value of ${capture.from} matching /${capture.regex.pattern}/${capture.regex.flags}`
      : `a value of ${capture.from}`;
    mismatches.push({
      field: `capture.${capture.name}`,
      expected: what,
      actual: sources.length === 0 ? null : sources,
      pos: capture.pos,
    });
  }
  return mismatches;
}

function firstValue(capture: Capture, sources: string[]): string | undefined {
  if (!capture.regex) return sources.find((s) => s !== '');
  const re = compileRegex(capture.regex.pattern, capture.regex.flags);
  for (const text of sources) {
    const m = regexExec(re, text);
    if (m) return m.groups?.[capture.name] ?? m[1] ?? m[0];
  }
  return undefined;
}

export type Binding = { ok: true; step: Step } | { ok: false; step: Step; missing: string };

/** A step with its captured values filled in; the step as written when it uses none. */
export function bindStep(step: Step, values: ReadonlyMap<string, string>): Binding {
  if (!step.uses) return { ok: true, step };
  let missing: string | undefined;
  const text = (t: string, mode: 'text' | 'regex') => {
    const bound = bindTemplate(t, values, mode);
    if (bound.ok) return bound.text;
    missing ??= bound.missing;
    return t;
  };
  const matcher = (m: TextMatcher): TextMatcher => {
    switch (m.op) {
      case 'equals':
      case 'contains':
        return { ...m, value: text(m.value, 'text') };
      case 'regex':
        return { ...m, pattern: text(m.pattern, 'regex') };
      case 'not':
        return { op: 'not', matcher: matcher(m.matcher) };
      case 'anyOf':
        return { op: 'anyOf', matchers: m.matchers.map(matcher) };
    }
  };
  const a = step.action;
  const action =
    a.kind === 'send'
      ? { ...a, text: text(a.text, 'text') }
      : a.kind === 'open' && a.text !== undefined
        ? { ...a, text: text(a.text, 'text') }
        : a.kind === 'click'
          ? { ...a, button: matcher(a.button) }
          : a;
  const expect: Expectations = { ...step.expect };
  for (const key of ['scenarioName', 'chatType', 'description'] as const) {
    const m = step.expect[key];
    if (m) expect[key] = matcher(m);
  }
  for (const key of LIST_EXPECT_KEYS) {
    const list = step.expect[key];
    if (list) expect[key] = list.map(matcher);
  }
  if (step.expect.bubbles) {
    expect.bubbles = step.expect.bubbles.map((item) => {
      const bubble = { ...item };
      for (const key of ['type', 'chatType', 'description', 'imageUrl', 'url'] as const)
        if (item[key]) bubble[key] = matcher(item[key]);
      if (item.buttons) bubble.buttons = item.buttons.map(matcher);
      if (item.information)
        bubble.information = Object.fromEntries(Object.entries(item.information).map(([k, m]) => [k, matcher(m)]));
      return bubble;
    });
  }
  if (step.expect.json) expect.json = step.expect.json.map((entry) => ({ ...entry, matcher: matcher(entry.matcher) }));
  if (step.expect.information)
    expect.information = Object.fromEntries(Object.entries(step.expect.information).map(([k, m]) => [k, matcher(m)]));
  const { uses: _uses, ...rest } = step;
  const bound: Step = { ...rest, action, expect };
  return missing === undefined ? { ok: true, step: bound } : { ok: false, step, missing };
}
