/**
 * clova-regress as a library: what a program that runs specs needs, and no more — every name here
 * is a semver promise (docs/architecture.md, "Library use"). Load and validate specs, run them
 * against a bot or the built-in mock, feed reporters, read a results file back. Nothing here
 * prints or exits. Internals (the client, the renderer, coverage, merge) are reached through the
 * CLI, not this module.
 */

/** Run specs against a live bot or the built-in mock; the front door. `planRun` lists without running. */
export { run, planRun, NoDialoguesError, type RunOptions, type RunOutcome } from './run/run.js';
export type { RunPlan } from './run/run-plan.js';
export type { TargetSpec } from './run/target.js';
/** Choosing dialogues (grep, tags, ids, shard): the options of `run`, and the error a bad one raises. */
export { SelectionError, type Selection } from './run/select.js';
export { EXIT } from './results/exit-code.js';
/** How a live bot is reached: proxy, TLS, extra headers (what the CLI's network flags turn into). */
export type { ClientNetwork, DispatcherSettings, ProxyChoice, TlsMaterial } from './client/network.js';

/** The result stream every reporter reads, and the JSON results file stores. */
export type {
  AttemptResult,
  DialogueDrift,
  DialogueResult,
  DialogueStatus,
  DriftField,
  DriftSummary,
  FieldChange,
  PlannedDialogue,
  PlannedExpectation,
  RunCounts,
  RunInfo,
  RunProgress,
  RunSummary,
  StepDrift,
  StepResult,
  StepStatus,
  StepVerdict,
} from './results/model.js';
export type {
  Turn,
  Button,
  ButtonAction,
  ButtonSource,
  BubbleView,
  InformationEntry,
  Entity,
} from './protocol/turn.js';
export type { Cause, CauseKind } from './protocol/errors.js';
export type { SentRequest } from './client/bot-client.js';
export type { Mismatch } from './match/expectations.js';

/** Reporters: implement any of onBegin / onDialogueEnd / onEnd, or use the built-in ones. */
export type { Reporter, ReporterFailure, Annotator } from './results/event-stream.js';
export { ConsoleReporter } from './reporters/console.js';
export { JunitReporter } from './reporters/junit.js';
export { JsonResultsReporter } from './reporters/json.js';
export { HtmlReporter, type HtmlSection, type HtmlSectionSource } from './reporters/html/html.js';
export { MarkdownReporter, type MarkdownReporterOptions } from './reporters/markdown.js';

/** The JSON results file (docs/results-format.md): read it whole or streamed, replay it through reporters. */
export {
  readResultsFile,
  streamResultsFile,
  ResultsFileError,
  RESULTS_SCHEMA,
  RESULTS_VERSION,
  type ResultsFile,
  type ResultsHeader,
} from './results/results-file.js';
export { replayResultsFile, type ReplayOutcome } from './results/replay.js';

/** Specs: load and validate files; positioned problems. */
export { loadSpecs, type LoadedSpecs } from './dialogues/load.js';
export { validateFiles, type ValidationReport } from './validate/validate.js';
export { InputError, renderInputError, type Problem, type SourcePos } from './diagnostics/problem.js';
export type {
  Action,
  BubbleExpectation,
  Capture,
  Dialogue,
  DialogueGroup,
  Expectations,
  JsonExpectation,
  NumberMatcher,
  Step,
  Suite,
  TextMatcher,
} from './dialogues/types.js';

/** The built-in mock CLOVA Chatbot: a bot definition served on 127.0.0.1. */
export {
  loadBotDefinition,
  startMockServer,
  type BotDefinition,
  type MockServer,
  type MockServerOptions,
  type MockStats,
} from './mock/index.js';

/** Secrets: register values (a header read from the environment, say) that must never appear in any output. */
export { registerSecret } from './io/redact.js';
