/**
 * One renderer, many outputs: dialogue failures, errors and transcripts as lines of text. The
 * console passes a Style that colours; JUnit, Markdown and logs pass plainStyle.
 */
import type { Action } from '../dialogues/types.js';
import type { DialogueResult, StepResult } from '../results/model.js';
import type { Mismatch } from '../match/expectations.js';
import type { Turn } from '../protocol/turn.js';
import { describeMatcher } from '../match/text-matcher.js';
import { quote } from './text.js';
import { fieldRows, mismatchLines } from './mismatch.js';
import { plainStyle, span, toText, type Style, type StyledLine } from './styled.js';

export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'open':
      return action.text === undefined ? 'open' : `open ${JSON.stringify(action.text)}`;
    case 'send':
      return `send ${JSON.stringify(action.text)}`;
    case 'click':
      return `click ${describeMatcher(action.button)}`;
    case 'getPersistentMenu':
      return 'getPersistentMenu';
  }
}

export function stepTitle(step: Pick<StepResult, 'index' | 'action' | 'name'>): string {
  return `step ${step.index}${step.name ? ` (${step.name})` : ''}: ${describeAction(step.action)}`;
}

/** Expected/actual, aligned, one mismatch, then what explains it (a diff, where a regex fell short). */
export function renderMismatch(m: Mismatch, style: Style = plainStyle, turn?: Turn): string[] {
  return toText(mismatchLines(m, turn), style);
}

/** Styled lines for a step's problems: what the text renderers print, and HTML marks up. */
export function stepProblemLines(step: StepResult): StyledLine[] {
  if (step.status === 'errored') return [[span(`error: ${step.cause.message}`, 'bad')]];
  if (step.status !== 'failed') return [];
  const lines = step.mismatches.flatMap((m) => mismatchLines(m, step.turn));
  const held = fieldRows(step)
    .filter((r) => r.ok)
    .map((r) => r.field);
  if (held.length) lines.push([span(`✓ as expected: ${held.join(', ')}`, 'dim')]);
  return lines;
}

/** Everything wrong with a dialogue's steps, step by step; nothing for steps that passed. */
export function renderStepProblems(steps: StepResult[], style: Style = plainStyle): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    if (step.status === 'failed' || step.status === 'errored') {
      lines.push(`${stepTitle(step)}  ${style.dim(`${step.pos.file}:${step.pos.line}:${step.pos.column}`)}`);
      lines.push(...toText(stepProblemLines(step), style).map((l) => `  ${l}`));
    }
  }
  const skipped = steps.filter((s) => s.status === 'skipped');
  if (skipped.length > 0 && skipped[0]?.status === 'skipped') {
    lines.push(
      style.dim(
        `${skipped.length === 1 ? 'step' : 'steps'} ${skipped.map((s) => s.index).join(', ')} not run: ${skipped[0].reason}`,
      ),
    );
  }
  return lines;
}

/** The first problem of a dialogue in one line: JUnit's message attribute, summaries. */
export function oneLineProblem(result: DialogueResult): string {
  for (const step of result.steps) {
    if (step.status === 'failed') {
      const m = step.mismatches[0]!;
      const more = step.mismatches.length > 1 ? ` (+${step.mismatches.length - 1} more)` : '';
      return `step ${step.index} (${describeAction(step.action)}): ${m.field} expected ${m.expected}, actual ${quote(m.actual)}${more}`;
    }
    if (step.status === 'errored') return `step ${step.index} (${describeAction(step.action)}): ${step.cause.message}`;
  }
  return result.skipReason ?? '';
}

/** What the bot said in a turn, compactly: scenario, chat types, text, buttons. */
export function describeTurn(turn: Turn): string[] {
  const head = `[${turn.scenarioName ?? 'no scenario'}${turn.chatTypes.length ? ` · ${turn.chatTypes.join(', ')}` : ''}]`;
  const lines = [head];
  if (turn.text) lines.push(...turn.text.split('\n').map((l) => `  ${l}`));
  const components = turn.bubbles.map((b) => b.type).filter((t) => t !== 'text');
  if (components.length) lines.push(`  components: ${components.join(', ')}`);
  if (turn.buttons.length) lines.push(`  buttons: ${turn.buttons.map((b) => JSON.stringify(b.title)).join(', ')}`);
  if (turn.persistentMenu.length)
    lines.push(`  menu: ${turn.persistentMenu.map((b) => JSON.stringify(b.title)).join(', ')}`);
  return lines;
}

/** The conversation as a plain transcript: what was sent, what came back, each verdict. */
export function renderTranscript(result: Pick<DialogueResult, 'userId' | 'steps'>): string {
  const lines = [`userId: ${result.userId}`];
  for (const step of result.steps) {
    lines.push('', `${stepTitle(step)} — ${step.status}`);
    if (step.request)
      lines.push(`> ${step.request.event}${step.request.text !== undefined ? `: ${step.request.text}` : ''}`);
    if (step.turn) lines.push(...describeTurn(step.turn).map((l) => `< ${l}`));
    if (step.status === 'failed')
      for (const m of step.mismatches) lines.push(`  ✗ ${m.field}: expected ${m.expected}, actual ${quote(m.actual)}`);
    if (step.status === 'errored') lines.push(`  ! ${step.cause.message}`);
    if (step.status === 'skipped') lines.push(`  - ${step.reason}`);
  }
  return lines.join('\n');
}
