/**
 * The run as data: what reporters receive, what the JSON results file stores, what merge and
 * baselines replay. Verdicts are discriminated unions: `mismatches` only where failed, `cause`
 * only where errored.
 */
import type { SourcePos } from '../diagnostics/problem.js';
import type { Action, DialogueGroup, Expectations, TextMatcher } from '../dialogues/types.js';
import type { Cause, CauseKind } from '../protocol/errors.js';
import type { Turn } from '../protocol/turn.js';
import type { SentRequest } from '../client/bot-client.js';
import type { Mismatch } from '../match/expectations.js';

export type StepVerdict =
  | { status: 'passed' }
  | { status: 'failed'; mismatches: Mismatch[] }
  | { status: 'errored'; cause: Cause }
  | { status: 'skipped'; reason: string };

export type StepStatus = StepVerdict['status'];

export type StepResult = StepVerdict & {
  /** 1-based. */
  index: number;
  name?: string;
  action: Action;
  expect: Expectations;
  pos: SourcePos;
  /** What was sent (absent when the step never sent: skipped, or a click with no such button). */
  request?: SentRequest;
  /** The reply, when one was read. */
  turn?: Turn;
  /** HTTP attempts, when more than one was needed. */
  attempts?: number;
  durationMs: number;
};

export type DialogueStatus = 'passed' | 'failed' | 'errored' | 'flaky' | 'skipped';

/** One run of a dialogue; a dialogue retried after failing has several. */
export interface AttemptResult {
  status: Exclude<DialogueStatus, 'flaky' | 'skipped'>;
  userId: string;
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
}

export interface DialogueResult {
  /** Stable identity across runs: suite and name (unique within a suite). */
  id: string;
  suite: string;
  file: string;
  name: string;
  tags: string[];
  pos: SourcePos;
  status: DialogueStatus;
  skipReason?: string;
  /** The userId of the last attempt (the one whose steps are shown). */
  userId: string;
  startedAt: string;
  durationMs: number;
  /** Steps of the last attempt. */
  steps: StepResult[];
  /** Earlier attempts, oldest first, when the dialogue was retried. */
  retries?: AttemptResult[];
  /** On each variant of a data-driven dialogue (one run per phrasing): which group, which phrasing. */
  group?: DialogueGroup;
  /** How the replies differ from the baseline run (`--baseline`); absent when nothing changed. */
  drift?: DialogueDrift;
  /**
   * With `--repeat-each N`: every run of the dialogue, its own session each. The fields above
   * (status aside) are one of them: the first failing run when the dialogue failed, else the last.
   */
  repeats?: RepeatOutcome;
}

export interface RepeatSetting {
  each: number;
  minPassRate: number;
}

export interface RepeatOutcome extends RepeatSetting {
  /** Runs that passed (first time or on a retry). */
  passed: number;
  /** Every run, in order; fewer than `each` when the run was stopped. */
  runs: RepetitionResult[];
}

/** One of the N runs of a repeated dialogue, with its own retries. */
export interface RepetitionResult extends Pick<
  DialogueResult,
  'status' | 'skipReason' | 'userId' | 'startedAt' | 'durationMs' | 'steps' | 'retries'
> {
  /** 1-based. */
  repetition: number;
}

export interface PlannedDialogue {
  id: string;
  suite: string;
  file: string;
  name: string;
  tags: string[];
  steps: number;
  /** The dialogue's line in its file (for listings). */
  line?: number;
  /** Its position among all the dialogues found, before any selection: merge restores plan order from it. */
  order?: number;
  /** On each variant of a data-driven dialogue. */
  group?: DialogueGroup;
  /** Marked `only: true` in its spec (or its suite). */
  only?: true;
  /**
   * What its steps expect of the answering scenario and chat type, as written: coverage reads it
   * from the plan, so `report` shows the run's expectations, not those of the specs as they are
   * now. Empty for a skipped dialogue (it covers nothing); absent in results files written before
   * plans recorded it (coverage then says the expectations are unknown).
   */
  expects?: PlannedExpectation[];
}

/** One `scenarioName` or `chatType` expectation of a planned dialogue, and where it was written. */
export interface PlannedExpectation {
  field: 'scenarioName' | 'chatType';
  matcher: TextMatcher;
  line: number;
  column: number;
  /** Set when it was written in another file than the dialogue (steps it `uses`). */
  file?: string;
}

export interface RunInfo {
  runId: string;
  startedAt: string;
  toolVersion: string;
  target: { kind: 'live' | 'mock'; host: string; description: string };
  concurrency: number;
  /** The dialogues this run will execute, in plan order. */
  planned: PlannedDialogue[];
  /** Set when this run is one shard of several: `i/n`. */
  shard?: string;
  /** The whole selection this run (or shard) was cut from: its dialogues before sharding and their fingerprint. */
  plan?: { dialogues: number; fingerprint: string };
  /** With `--repeat-each N` (N > 1): each dialogue ran N times and passes at this rate (0 < rate ≤ 1). */
  repeat?: RepeatSetting;
  /** Set when some dialogue is marked `only`: how many are, the others not selected. */
  onlyMarked?: number;
  /** Set on a run rebuilt by `merge`: the runs it was made of. */
  merged?: Array<{ runId: string; file: string; shard?: string }>;
}

export interface RunCounts {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  flaky: number;
  skipped: number;
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  counts: RunCounts;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Replies that were throttling (HTTP 429). */
  throttled: number;
  /** True when the run was stopped early (Ctrl-C, --max-failures): some planned dialogues did not run. */
  interrupted: boolean;
  /** Dialogues planned but never run, when interrupted. */
  notRun: number;
  /** Why the run stopped early: the user (Ctrl-C, SIGTERM), `--max-failures`, or an error that cannot fix itself (the run breaker). */
  stopReason?: 'signal' | 'max-failures' | 'fatal-error';
  /** With `stopReason: "fatal-error"`: the error that stopped the run, and how many dialogues in a row ended on it. */
  fatalError?: { kind: CauseKind; message: string; code?: string; status?: number; dialogues: number };
  /** Set on a merge given `--allow-partial` when shards were missing: their dialogues are counted in `notRun`. */
  missingShards?: string[];
  /** Present when the bot throttled hard enough that the runner lowered its concurrency. */
  throttling?: { reductions: number; lowestConcurrency: number };
  /** Step latency (sending to reply read and checked), over every step that got an answer or an error. */
  stepLatencyMs?: { count: number; p50: number; p95: number; p99: number; max: number };
  /** Comparison with the baseline run, when one was given (`--baseline`). */
  drift?: DriftSummary;
}

/** What a reply's drift compares: the facts of a step's reply a user would notice changing. */
export type DriftField = 'scenarioName' | 'chatTypes' | 'text' | 'buttons' | 'components';

export interface FieldChange {
  field: DriftField;
  before: string | string[] | null;
  after: string | string[] | null;
}

export interface StepDrift {
  /** The step's index in this run (in the baseline, for a gone step). */
  index: number;
  /** `step 2: send "hi"`, as reports show it. */
  title: string;
  kind: 'changed' | 'new' | 'gone';
  /** For `changed`: each field whose value differs. */
  changes?: FieldChange[];
}

export interface DialogueDrift {
  /** `new`: the baseline has no such dialogue; `changed`: some step drifted, appeared or went. */
  kind: 'new' | 'changed';
  steps: StepDrift[];
}

export interface DriftSummary {
  baseline: { runId: string; startedAt: string; file?: string };
  /** Dialogues of this run found in the baseline and compared. */
  compared: number;
  changedDialogues: number;
  changedSteps: number;
  newDialogues: number;
  newSteps: number;
  goneSteps: number;
  /** Baseline dialogues this run did not plan (not listed for a shard, which plans only a part). */
  gone: Array<{ id: string; suite: string; name: string; file: string }>;
}

/** A snapshot while the run goes on, for progress displays. */
export interface RunProgress {
  elapsedMs: number;
  /** Dialogues planned. */
  total: number;
  /** Dialogues begun and finished so far. */
  started: number;
  finished: number;
  requests: number;
  throttled: number;
  /** The in-flight limit now (lower than the maximum while the bot throttles). */
  concurrency: number;
  maxConcurrency: number;
}

export function emptyCounts(): RunCounts {
  return { total: 0, passed: 0, failed: 0, errored: 0, flaky: 0, skipped: 0 };
}

export function countResult(counts: RunCounts, result: Pick<DialogueResult, 'status'>): void {
  counts.total++;
  counts[result.status]++;
}

export function dialogueId(suite: string, name: string): string {
  return `${suite} › ${name}`;
}

/** Passed runs a repeated dialogue needs: ⌈rate × N⌉, a hair under (0.7 × 10 is 7.000000000000001 in floats). */
export function runsNeeded(setting: RepeatSetting): number {
  return Math.ceil(setting.minPassRate * setting.each - 1e-9);
}
