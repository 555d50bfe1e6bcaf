/**
 * One dialogue as a JUnit <testcase>, rendered as soon as the dialogue ends: the reporter keeps
 * these few strings per dialogue (message, problems, transcript) instead of the dialogue's results,
 * so a long run does not hold every reply until the file is written.
 *
 * Retried dialogues follow Maven Surefire (which Jenkins, GitLab and most JUnit readers know): a
 * flaky dialogue is a passing <testcase> with one <flakyFailure>/<flakyError> per failed attempt; a
 * dialogue that failed every attempt has its first attempt as <failure>/<error> and each later
 * one as <rerunFailure>/<rerunError>. Each carries a message, a type, the attempt's problems as
 * <stackTrace> and its transcript as <system-out>. junit-report-builder has no API for these, so
 * the test case's `build` is wrapped: after the library wrote failure/error/skipped, the attempts
 * are appended, then <system-out> (Surefire's order).
 *
 * A repeated dialogue (`--repeat-each`) stays one <testcase> under its own name, so CI history
 * tracks it across runs whatever N is: its verdict is the pass-rate gate's, the <failure> message
 * says the rate ("passed 7/10 runs: below …"), each run that did not pass is a <flakyFailure> /
 * <flakyError> when the gate held, and <system-out> lists every run, then the run shown.
 */
import type { TestCase, TestSuite } from 'junit-report-builder';
import type { AttemptResult, DialogueResult, DialogueStatus } from '../results/model.js';
import { oneLineProblem, renderStepProblems, renderTranscript } from '../render/dialogue-text.js';
import { truncate, xmlSafe } from '../render/text.js';
import { rateSentence, repetitionLines } from '../render/pass-rate.js';

/** Per-testcase text limits: CI viewers choke on megabytes, and the JSON results keep everything. */
const MAX_OUTPUT_CHARS = 64 * 1024;
const MAX_MESSAGE_CHARS = 1024;

type XmlElement = Parameters<TestCase['build']>[0];

interface Problem {
  message: string;
  type: string;
  /** CDATA-ready. */
  details: string;
}

export interface JunitCase {
  /** Position in the plan: testcases are written in plan order, whatever order they finished in. */
  order: number;
  suite: string;
  name: string;
  file: string;
  status: DialogueStatus;
  startedAt: number;
  durationMs: number;
  /** <failure> or <error>: the first attempt of a dialogue that never passed. */
  problem?: Problem & { element: 'failure' | 'error' };
  /** <system-out>, CDATA-ready. */
  transcript?: string;
  /** <flaky…>/<rerun…> elements. */
  attempts: Array<Problem & { element: string; transcript: string }>;
  /** Why a <skipped> dialogue did not run (the run was interrupted, --max-failures). */
  skipped?: string;
}

export function junitCase(result: DialogueResult, order: number, cdata: (text: string) => string): JunitCase {
  if (result.repeats) return repeatedCase(result, order, cdata);
  const ran = result.status !== 'skipped' || result.steps.some((s) => s.request);
  const record: JunitCase = {
    order,
    suite: result.suite,
    name: result.name,
    file: result.file,
    status: result.status,
    startedAt: Date.parse(result.startedAt),
    durationMs: result.durationMs,
    attempts: [],
    ...(ran ? { transcript: cdata(truncate(renderTranscript(result), MAX_OUTPUT_CHARS, 'transcript')) } : {}),
  };
  const retries = result.retries ?? [];
  if (result.status === 'failed' || result.status === 'errored') {
    // Surefire: the first attempt is the failure, the later ones (this one last) are reruns
    const last: AttemptResult = { status: result.status, userId: result.userId, startedAt: result.startedAt, durationMs: result.durationMs, steps: result.steps };
    const [first, ...later] = [...retries, last];
    record.problem = { element: first!.status === 'errored' ? 'error' : 'failure', ...problem(result, first!, cdata) };
    record.attempts = later.map((a) => ({ element: a.status === 'errored' ? 'rerunError' : 'rerunFailure', ...problem(result, a, cdata), transcript: transcriptOf(result, a, cdata) }));
  } else if (result.status === 'flaky') {
    record.attempts = retries.map((a) => ({ element: a.status === 'errored' ? 'flakyError' : 'flakyFailure', ...problem(result, a, cdata), transcript: transcriptOf(result, a, cdata) }));
  }
  return record;
}

/** Adds the <testcase> to its <testsuite>. */
export function addTestCase(suite: TestSuite, record: JunitCase): void {
  const testCase = suite.testCase().className(xmlSafe(record.suite)).name(xmlSafe(record.name)).file(xmlSafe(record.file)).time(Math.round(record.durationMs) / 1000);
  if (record.problem?.element === 'failure') testCase.failure(record.problem.message, record.problem.type).stacktrace(record.problem.details);
  else if (record.problem?.element === 'error') testCase.error(record.problem.message, record.problem.type, record.problem.details);
  if (record.status === 'skipped') testCase.skipped();
  if (record.skipped !== undefined) {
    // the library writes a bare <skipped/>; Surefire readers show its message
    const message = record.skipped;
    const build = testCase.build.bind(testCase);
    testCase.build = (parent: XmlElement) => {
      const element = build(parent);
      const skipped = (element as unknown as { children: Array<{ name?: string; att(name: string, value: string): void }> }).children.find((c) => c.name === 'skipped');
      skipped?.att('message', message);
      return element;
    };
  }
  if (record.attempts.length === 0) {
    if (record.transcript !== undefined) testCase.standardOutput(record.transcript);
    return;
  }
  const build = testCase.build.bind(testCase);
  testCase.build = (parent: XmlElement) => {
    const element = build(parent);
    for (const attempt of record.attempts) {
      const node = element.ele(attempt.element, { message: attempt.message, type: attempt.type });
      node.ele('stackTrace').cdata(attempt.details);
      node.ele('system-out').cdata(attempt.transcript);
    }
    if (record.transcript !== undefined) element.ele('system-out').cdata(record.transcript);
    return element;
  };
}

function problem(result: DialogueResult, attempt: AttemptResult, cdata: (text: string) => string): Problem {
  const view = { ...result, status: attempt.status, userId: attempt.userId, steps: attempt.steps };
  const cause = attempt.steps.find((s) => s.status === 'errored');
  return {
    message: xmlSafe(truncate(oneLineProblem(view), MAX_MESSAGE_CHARS, 'message')),
    type: attempt.status === 'errored' ? (cause?.status === 'errored' ? cause.cause.kind : 'Error') : 'ExpectationFailed',
    details: cdata(truncate(renderStepProblems(attempt.steps).join('\n'), MAX_OUTPUT_CHARS, 'details')),
  };
}

function transcriptOf(result: DialogueResult, attempt: AttemptResult, cdata: (text: string) => string): string {
  return cdata(truncate(renderTranscript({ userId: attempt.userId, steps: attempt.steps }), MAX_OUTPUT_CHARS, 'transcript'));
}

/** One testcase for all N runs of a repeated dialogue, gated on its pass rate. */
function repeatedCase(result: DialogueResult, order: number, cdata: (text: string) => string): JunitCase {
  const repeats = result.repeats!;
  const runs = repetitionLines(result);
  const shown = repeats.runs.find((r) => r.userId === result.userId);
  const header = [rateSentence(repeats), ...runs, '', ...(shown ? [`repeat ${shown.repetition}:`] : [])].join('\n');
  const record: JunitCase = {
    order,
    suite: result.suite,
    name: result.name,
    file: result.file,
    status: result.status,
    startedAt: Date.parse(result.startedAt),
    durationMs: result.durationMs,
    attempts: [],
    transcript: cdata(truncate(`${header}\n${renderTranscript(result)}`, MAX_OUTPUT_CHARS, 'transcript')),
  };
  if (result.status === 'failed' || result.status === 'errored') {
    const details = [...runs, '', ...renderStepProblems(result.steps)].join('\n');
    record.problem = {
      element: result.status === 'errored' ? 'error' : 'failure',
      message: xmlSafe(truncate(rateSentence(repeats), MAX_MESSAGE_CHARS, 'message')),
      type: 'PassRateBelowMinimum',
      details: cdata(truncate(details, MAX_OUTPUT_CHARS, 'details')),
    };
  } else if (result.status === 'flaky') {
    record.attempts = repeats.runs
      .filter((run) => run.status === 'failed' || run.status === 'errored')
      .map((run) => {
        const { userId, startedAt, durationMs, steps } = run;
        const attempt: AttemptResult = { status: run.status as AttemptResult['status'], userId, startedAt, durationMs, steps };
        const found = problem(result, attempt, cdata);
        const message = `repeat ${run.repetition}: ${found.message}`;
        return {
          element: run.status === 'errored' ? 'flakyError' : 'flakyFailure',
          ...found,
          message: xmlSafe(truncate(message, MAX_MESSAGE_CHARS, 'message')),
          transcript: transcriptOf(result, attempt, cdata),
        };
      });
  }
  return record;
}
