/**
 * clova-regress as a library. The CLI is a thin layer over this: load specs, run them against a
 * bot, feed reporters, get a summary and an exit code. Nothing here prints or exits.
 */

/** Run specs against a live bot or the built-in mock; the front door. */
export { run, planRun, NoDialoguesError, type RunOptions, type RunOutcome } from './run/run.js';
/** Choosing dialogues: grep, tags, ids, and the deterministic `--shard` split. */
export { selectDialogues, SelectionError, type Selection } from './run/select.js';
export { parseShard, assignShards, type Shard } from './run/shard.js';
export type { RunPlan } from './run/run-plan.js';
/** The shard runs of one suite rebuilt into one run (`merge`). */
export { mergeResultsFiles, combineRuns, MergeError, type MergedRun } from './results/merge.js';
/** Progress while a run goes on (a live terminal line, or plain lines). */
export { ProgressReporter, StatusTerminal } from './reporters/progress.js';
export type { TargetSpec } from './run/target.js';
/** How a live bot is reached: proxy, TLS, extra headers (what the CLI's network flags turn into). */
export type { ClientNetwork, DispatcherSettings, ProxyChoice, TlsMaterial } from './client/network.js';
export { EXIT, exitCodeFor } from './results/exit-code.js';
/** The result stream every reporter reads, and the JSON results file stores. */
export type { DialogueResult, DialogueStatus, StepResult, StepStatus, StepVerdict, RunInfo, RunSummary, RunCounts, PlannedDialogue, AttemptResult, RunProgress } from './results/model.js';

/** Reporters: implement any of onBegin / onDialogueEnd / onEnd. */
export type { Reporter, ReporterFailure } from './results/event-stream.js';
export { ConsoleReporter } from './reporters/console.js';
export { JunitReporter } from './reporters/junit.js';
export type { Annotator } from './results/event-stream.js';
export { JsonResultsReporter } from './reporters/json.js';
export { HtmlReporter, type HtmlSection, type HtmlSectionSource } from './reporters/html/html.js';
export { MarkdownReporter, type MarkdownReporterOptions } from './reporters/markdown.js';
/** Drift against a previous run (`--baseline`): an annotator on the stream. */
export { BaselineDrift, hasDrift } from './drift/baseline.js';
export type { DialogueDrift, StepDrift, FieldChange, DriftField, DriftSummary } from './results/model.js';

/** The JSON results file (docs/results-format.md): read it whole or streamed, replay it through reporters. */
export { readResultsFile, streamResultsFile, formatResultsFile, ResultsFileError, RESULTS_SCHEMA, RESULTS_VERSION, type ResultsFile, type ResultsHeader } from './results/results-file.js';
export { replayResults, replayResultsFile, type ReplayOutcome } from './results/replay.js';
/** The shared renderer: a mismatch as text (a console Style, or plain) or HTML, with its diff. */
export { renderMismatch, renderStepProblems, renderTranscript, plainStyle, type Style } from './render/dialogue-text.js';
export { escapeHtml } from './render/html-escape.js';

/** Specs: load and validate files; positioned problems. */
export { loadSpecs, type LoadedSpecs } from './dialogues/load.js';
export { InputError, renderInputError, renderProblem, type Problem, type SourcePos } from './diagnostics/problem.js';
export type { Suite, Dialogue, Step, Action, Expectations, BubbleExpectation, JsonExpectation, TextMatcher, NumberMatcher, Capture, DialogueGroup } from './dialogues/types.js';
/** Checking spec and bot files without running them; the JSON Schemas behind editor completion. */
export { validateFiles, type ValidationReport } from './dialogues/validate.js';
export { jsonSchema, jsonSchemaText, SCHEMA_KINDS, type SchemaKind } from './cli/json-schemas.js';

/** Scenario coverage: inventories, static and observed tallies, NLU routing, renderers. */
export { readInventory, type Inventory, type InventoryOptions } from './coverage/inventory.js';
export { buildCoverage, coveredNames, ExpectedTally, ObservedTally, CHAT_TYPES, type CoverageReport, type CoverageRow, type CoverageSection, type CoverageStatus } from './coverage/coverage.js';
export { RoutingTally, type RoutingTable, type RoutingRow } from './coverage/routing.js';
export { renderCoverageText, renderRoutingText } from './coverage/render-text.js';
export { renderCoverageMarkdown, renderRoutingMarkdown } from './coverage/render-markdown.js';
export { CoverageCollector } from './coverage/report-sections.js';

/** The CLOVA wire format: request bodies, the signature, replies distilled to Turns. */
export { buildRequestBody, serializeBody, type ChatRequest, type ChatEvent, type RequestBody } from './protocol/request.js';
export { signBody, verifySignature, SIGNATURE_HEADER } from './protocol/signature.js';
export { normalizeReply } from './protocol/reply.js';
export type { Turn, Button, ButtonAction, ButtonSource, BubbleView, InformationEntry, Entity } from './protocol/turn.js';
export { readReply, type Cause, type CauseKind } from './protocol/errors.js';
export { BotClient, type BotClientOptions, type Exchange, type SentRequest } from './client/bot-client.js';

/** Matching a Turn against expectations. */
export { matchExpectations, type Mismatch } from './match/expectations.js';

/** Secrets: register values that must never appear in any output. */
export { registerSecret, redact } from './io/redact.js';
