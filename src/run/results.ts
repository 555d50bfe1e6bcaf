/**
 * The run as data: what reporters receive, what the JSON results file stores, what merge and
 * baselines replay. Verdicts are discriminated unions: `mismatches` only where failed, `cause`
 * only where errored.
 */
import type { SourcePos } from '../spec/problem.js';
import type { Action, DialogueGroup, Expectations } from '../spec/types.js';
import type { Cause } from '../protocol/errors.js';
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
}

export interface PlannedDialogue {
  id: string;
  suite: string;
  file: string;
  name: string;
  tags: string[];
  steps: number;
  /** On each variant of a data-driven dialogue. */
  group?: DialogueGroup;
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
