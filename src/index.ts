/**
 * clova-regress as a library. The CLI is a thin layer over this: load specs, run them against a
 * bot, feed reporters, get a summary and an exit code. Nothing here prints or exits.
 */

/** Run specs against a live bot or the built-in mock; the front door. */
export { run, NoDialoguesError, type RunOptions, type RunOutcome } from './run/run.js';
export type { TargetSpec } from './run/target.js';
export { EXIT, exitCodeFor } from './run/exit-code.js';
/** The result stream every reporter reads, and the JSON results file stores. */
export type { DialogueResult, DialogueStatus, StepResult, StepStatus, StepVerdict, RunInfo, RunSummary, RunCounts, PlannedDialogue, AttemptResult } from './run/results.js';

/** Reporters: implement any of onBegin / onDialogueEnd / onEnd. */
export type { Reporter, ReporterFailure } from './report/reporter.js';
export { ConsoleReporter } from './report/console.js';
export { JunitReporter } from './report/junit.js';

/** Specs: load and validate files; positioned problems. */
export { loadSpecs, type LoadedSpecs } from './spec/load.js';
export { InputError, renderInputError, renderProblem, type Problem, type SourcePos } from './spec/problem.js';
export type { Suite, Dialogue, Step, Action, Expectations, TextMatcher, NumberMatcher } from './spec/types.js';

/** The CLOVA wire format: request bodies, the signature, replies distilled to Turns. */
export { buildRequestBody, serializeBody, type ChatRequest, type ChatEvent, type RequestBody } from './protocol/request.js';
export { signBody, verifySignature, SIGNATURE_HEADER } from './protocol/signature.js';
export { normalizeReply } from './protocol/reply.js';
export type { Turn, Button, ButtonAction, BubbleView, Entity } from './protocol/turn.js';
export { readReply, type Cause, type CauseKind } from './protocol/errors.js';
export { BotClient, type BotClientOptions, type Exchange, type SentRequest } from './client/bot-client.js';

/** Matching a Turn against expectations. */
export { matchExpectations, type Mismatch } from './match/expectations.js';

/** Secrets: register values that must never appear in any output. */
export { registerSecret, redact } from './io/redact.js';
