/**
 * Retried dialogues in JUnit, as Maven Surefire writes them (and Jenkins, GitLab and most JUnit
 * readers understand): a flaky dialogue is a passing <testcase> holding one <flakyFailure> or
 * <flakyError> per failed attempt; a dialogue that failed every attempt has its first attempt as
 * <failure>/<error> and each later one as <rerunFailure>/<rerunError>. Each carries a message, a
 * type, the attempt's problems as <stackTrace> and its transcript as <system-out>.
 *
 * junit-report-builder has no API for these, so the test case's `build` is wrapped: after the
 * library wrote failure/error/skipped, the attempts are appended, then <system-out> (Surefire's order).
 */
import type { TestCase } from 'junit-report-builder';
import type { AttemptResult, DialogueResult } from '../run/results.js';
import { oneLineProblem, renderStepProblems, renderTranscript } from './describe.js';
import { truncate, xmlSafe } from './text.js';

type XmlElement = Parameters<TestCase['build']>[0];

export interface JunitTextLimits {
  output: number;
  message: number;
  /** Makes text safe inside CDATA (junit.ts's `cdata`). */
  cdata: (text: string) => string;
}

/** The attempt a testcase's <failure>/<error> describes: the first, when a failing dialogue was retried. */
export function primaryAttempt(result: DialogueResult): DialogueResult {
  const first = result.retries?.[0];
  if (!first || (result.status !== 'failed' && result.status !== 'errored')) return result;
  return { ...result, status: first.status, userId: first.userId, steps: first.steps };
}

/** The attempts to add, with their element names. */
export function extraAttempts(result: DialogueResult): Array<{ element: string; attempt: AttemptResult }> {
  const retries = result.retries ?? [];
  if (retries.length === 0) return [];
  if (result.status === 'flaky') return retries.map((a) => ({ element: a.status === 'errored' ? 'flakyError' : 'flakyFailure', attempt: a }));
  if (result.status !== 'failed' && result.status !== 'errored') return [];
  const last: AttemptResult = { status: result.status, userId: result.userId, startedAt: result.startedAt, durationMs: result.durationMs, steps: result.steps };
  return [...retries.slice(1), last].map((a) => ({ element: a.status === 'errored' ? 'rerunError' : 'rerunFailure', attempt: a }));
}

/**
 * Sets the test case's output, and its retried attempts when there are any. `transcript` is the
 * <system-out> text of the testcase itself.
 */
export function attachOutput(testCase: TestCase, result: DialogueResult, transcript: string | undefined, limits: JunitTextLimits): void {
  const extras = extraAttempts(result);
  if (extras.length === 0) {
    if (transcript !== undefined) testCase.standardOutput(transcript);
    return;
  }
  const build = testCase.build.bind(testCase);
  testCase.build = (parent: XmlElement) => {
    const element = build(parent);
    for (const { element: name, attempt } of extras) {
      const view = { ...result, status: attempt.status, userId: attempt.userId, steps: attempt.steps };
      const type = attempt.status === 'errored' ? (attempt.steps.find((s) => s.status === 'errored') as { cause?: { kind: string } } | undefined)?.cause?.kind ?? 'Error' : 'ExpectationFailed';
      const node = element.ele(name, { message: xmlSafe(truncate(oneLineProblem(view), limits.message, 'message')), type });
      node.ele('stackTrace').cdata(limits.cdata(truncate(renderStepProblems(attempt.steps).join('\n'), limits.output, 'details')));
      node.ele('system-out').cdata(limits.cdata(truncate(renderTranscript(view), limits.output, 'transcript')));
    }
    if (transcript !== undefined) element.ele('system-out').cdata(transcript);
    return element;
  };
}
