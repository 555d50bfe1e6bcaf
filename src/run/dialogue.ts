/**
 * One attempt at one dialogue: its steps strictly in order, in one bot session (one userId).
 * Every step's expectations are checked and every mismatch kept; a step that cannot go on (the
 * bot errored, a button to click is missing) ends the attempt and the rest are marked not run.
 */
import type { Dialogue, Step } from '../dialogues/types.js';
import type { Button, Turn } from '../protocol/turn.js';
import type { ChatRequest } from '../protocol/request.js';
import type { Exchange, SendOptions, SentRequest } from '../client/bot-client.js';
import type { Cause } from '../protocol/errors.js';
import { RegexTimeoutError } from '../match/text-matcher.js';
import { normalizeReply } from '../protocol/reply.js';
import { markProvenClean } from '../io/redact.js';
import { matchExpectations } from '../match/expectations.js';
import { describeMatcher, matchText } from '../match/text-matcher.js';
import type { AttemptResult, StepResult, StepVerdict } from '../results/model.js';
import { bindStep, takeCaptures } from './captures.js';
import { monotonicMs } from '../io/clock.js';

export interface DialogueContext {
  send(request: ChatRequest, options: SendOptions): Promise<Exchange>;
  /** Default per-request timeout (--timeout). */
  timeoutMs: number;
  /** Aborted when the run stops: no further step starts. */
  signal?: AbortSignal;
  /** Aborted when requests in flight are to be cancelled (the grace period after a stop ran out). */
  requestSignal?: AbortSignal;
}

/** An attempt and whether the run's interruption cut it short (then its verdict is not the bot's). */
export type AttemptOutcome = AttemptResult & { interrupted: boolean };

const INTERRUPTED = 'the run was interrupted';

export async function runDialogueAttempt(
  dialogue: Dialogue,
  userId: string,
  ctx: DialogueContext,
): Promise<AttemptOutcome> {
  const started = Date.now();
  const steps: StepResult[] = [];
  let previous: Turn | undefined;
  let menu: Button[] = [];
  let stopReason: string | undefined;
  let interrupted = false;
  const requestSignal = ctx.requestSignal ?? ctx.signal;
  // values captured from replies (`capture:`), for `${name}` in later steps
  const captured = new Map<string, string>();

  for (const written of dialogue.steps) {
    const binding = bindStep(written, captured);
    const step = binding.step;
    if (!stopReason && !binding.ok) stopReason = `\`\${${binding.missing}}\` was not captured by an earlier step`;
    if (!stopReason && ctx.signal?.aborted) {
      stopReason = INTERRUPTED;
      interrupted = true;
    }
    if (stopReason) {
      steps.push(stepResult(step, { status: 'skipped', reason: stopReason }, 0));
      continue;
    }
    const stepStarted = monotonicMs();
    let resolved: Resolution;
    try {
      resolved = resolveRequest(step, userId, previous, menu);
    } catch (error) {
      steps.push(stepResult(step, { status: 'errored', cause: checkCause(error) }, elapsedMs(stepStarted)));
      stopReason = `step ${step.index} errored`;
      continue;
    }
    if (!resolved.ok) {
      const mismatch = { field: 'click', expected: resolved.expected, actual: resolved.actual, pos: step.pos };
      steps.push(stepResult(step, { status: 'failed', mismatches: [mismatch] }, elapsedMs(stepStarted)));
      stopReason = `step ${step.index} could not click`;
      continue;
    }
    const timeoutMs = step.timeoutMs ?? dialogue.timeoutMs ?? ctx.timeoutMs;
    const exchange = await ctx.send(
      resolved.request,
      requestSignal ? { timeoutMs, signal: requestSignal } : { timeoutMs },
    );
    const { attempts, request } = exchange;
    if (!exchange.ok && requestSignal?.aborted) {
      // cancelled by us, not failed by the bot: the step did not run to an answer
      steps.push(
        stepResult(
          step,
          { status: 'skipped', reason: INTERRUPTED },
          elapsedMs(stepStarted),
          request,
          undefined,
          attempts,
        ),
      );
      stopReason = INTERRUPTED;
      interrupted = true;
      continue;
    }
    if (!exchange.ok) {
      steps.push(
        stepResult(
          step,
          { status: 'errored', cause: exchange.cause },
          elapsedMs(stepStarted),
          request,
          undefined,
          attempts,
        ),
      );
      stopReason = `step ${step.index} errored`;
      continue;
    }
    const turn = normalizeReply(exchange.json, {
      status: exchange.status,
      latencyMs: exchange.latencyMs,
      event: resolved.request.event,
      withinRawBounds: exchange.withinRawBounds,
    });
    // every string of the Turn is cut from the checked reply, but for its texts joined
    if (exchange.cleanAt !== undefined) markProvenClean(turn, [turn.text], exchange.cleanAt);
    let mismatches;
    try {
      mismatches = matchExpectations(step.expect, turn, step.expectPos);
      if (step.captures) mismatches = [...mismatches, ...takeCaptures(step.captures, turn, captured)];
    } catch (error) {
      // our bug, met on this reply: the dialogue reports it and the run goes on
      const verdict = { status: 'errored' as const, cause: checkCause(error) };
      steps.push(stepResult(step, verdict, elapsedMs(stepStarted), request, turn, attempts));
      stopReason = `step ${step.index} errored`;
      continue;
    }
    const verdict = mismatches.length > 0 ? { status: 'failed' as const, mismatches } : PASSED;
    steps.push(stepResult(step, verdict, elapsedMs(stepStarted), request, turn, attempts));
    previous = turn;
    if (turn.persistentMenu.length > 0) menu = turn.persistentMenu;
  }

  const status = steps.some((s) => s.status === 'failed')
    ? 'failed'
    : steps.some((s) => s.status === 'errored')
      ? 'errored'
      : 'passed';
  return {
    status,
    userId,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    steps,
    interrupted,
  };
}

const PASSED: StepVerdict = Object.freeze({ status: 'passed' });

/** Fractional ms since `started` (monotonicMs()), to a hundredth: sub-millisecond steps are common. */
function elapsedMs(started: number): number {
  return Math.round((monotonicMs() - started) * 100) / 100;
}

/**
 * A step's result, built once. The key order is the results file's (index, action, expect, pos,
 * name, the verdict, request, turn, durationMs, attempts); the common step — passed, unnamed, one
 * HTTP attempt — is one literal of a fixed shape, not spreads of a base, a verdict and extras.
 */
function stepResult(
  step: Step,
  verdict: StepVerdict,
  durationMs: number,
  request?: SentRequest,
  turn?: Turn,
  attempts = 1,
): StepResult {
  const { index, action, expect, pos } = step;
  if (verdict === PASSED && !step.name && request && turn && attempts === 1) {
    return { index, action, expect, pos, status: 'passed', request, turn, durationMs };
  }
  const out: Record<string, unknown> = { index, action, expect, pos };
  if (step.name) out.name = step.name;
  for (const key in verdict) out[key] = verdict[key as keyof StepVerdict];
  if (request) out.request = request;
  if (turn) out.turn = turn;
  out.durationMs = durationMs;
  if (attempts > 1) out.attempts = attempts;
  return out as StepResult;
}

/** A check that could not be made: a spec regex over its time limit, or our own bug. */
function checkCause(error: unknown): Cause {
  if (error instanceof RegexTimeoutError) return { kind: 'check', message: error.message, retryable: false };
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'internal',
    message: `clova-regress failed while checking this reply: ${message.split('\n')[0]} (a bug: please report it)`,
    retryable: false,
  };
}

type Resolution = { ok: true; request: ChatRequest } | { ok: false; expected: string; actual: string[] };

function resolveRequest(step: Step, userId: string, previous: Turn | undefined, menu: Button[]): Resolution {
  const action = step.action;
  switch (action.kind) {
    case 'open':
      return {
        ok: true,
        request: { event: 'open', userId, ...(action.text !== undefined ? { text: action.text } : {}) },
      };
    case 'send':
      return { ok: true, request: { event: 'send', userId, text: action.text } };
    case 'getPersistentMenu':
      return { ok: true, request: { event: 'getPersistentMenu', userId } };
    case 'click':
      return resolveClick(action.button, userId, previous, menu);
  }
}

/**
 * A click sends, as a `send`, the button's postbackFull when present, else its postback. The
 * previous reply's buttons (template, carousel, flex, quick) are searched first, then the
 * persistent menu last served, which stays on screen across turns.
 */
function resolveClick(
  matcher: Extract<Step['action'], { kind: 'click' }>['button'],
  userId: string,
  previous: Turn | undefined,
  menu: Button[],
): Resolution {
  const candidates = [...(previous?.buttons ?? []), ...menu];
  const button = candidates.find((b) => matchText(matcher, b.title));
  const titles = candidates.map((b) => b.title);
  if (!button) {
    return {
      ok: false,
      expected: `a button titled ${describeMatcher(matcher)} in the previous reply`,
      actual: previous ? titles : ['(no previous reply)'],
    };
  }
  const a = button.action;
  const text =
    a?.postbackFull ?? a?.postback ?? (a?.type === 'utterance' || a?.type === 'message' ? a.text : undefined);
  if (text === undefined) {
    const target = a?.url ?? a?.number;
    return {
      ok: false,
      expected: `a button titled ${describeMatcher(matcher)} that sends a postback`,
      actual: [`"${button.title}" is a ${a?.type ?? 'plain'} button${target ? ` (${target})` : ''}: nothing to send`],
    };
  }
  return { ok: true, request: { event: 'send', userId, text } };
}
