/**
 * One dialogue as a JUnit <testcase>, written as XML text as soon as the dialogue ends: the
 * reporter keeps one string per dialogue instead of the dialogue's results, so a long run does not
 * hold every reply until the file is written.
 *
 * The testcase carries `file` and `line` (the dialogue's line in its spec: action-junit-report and
 * others annotate with it). A dialogue skipped with `skip: <reason>` keeps its reason in
 * `<skipped message>`.
 *
 * Retried dialogues follow Maven Surefire (which Jenkins, GitLab and most JUnit readers know): a
 * flaky dialogue is a passing <testcase> with one <flakyFailure>/<flakyError> per failed attempt; a
 * dialogue that failed every attempt has its first attempt as <failure>/<error> and each later
 * one as <rerunFailure>/<rerunError>. Each carries a message, a type, the attempt's problems as
 * <stackTrace> and its transcript as <system-out>. Readers that ignore those elements (most show
 * only the testcase's own output) still see every attempt: the testcase's <system-out> holds each
 * attempt's transcript in turn, oldest first, the last one last.
 *
 * A repeated dialogue (`--repeat-each`) stays one <testcase> under its own name, so CI history
 * tracks it across runs whatever N is: its verdict is the pass-rate gate's, the <failure> message
 * says the rate ("passed 7/10 runs: below …"), each run that did not pass is a <flakyFailure> /
 * <flakyError> when the gate held, and <system-out> lists every run, then the run shown.
 */
import type { AttemptResult, DialogueResult, DialogueStatus } from '../results/model.js';
import { oneLineProblem, renderStepProblems, renderTranscript } from '../render/dialogue-text.js';
import { truncate, xmlSafe } from '../render/text.js';
import { rateSentence, repetitionLines } from '../render/pass-rate.js';
import { leaf, parent, type Attrs } from './junit-xml.js';

/** Per-testcase text limits: CI viewers choke on megabytes, and the JSON results keep everything. */
const MAX_OUTPUT_CHARS = 64 * 1024;
const MAX_MESSAGE_CHARS = 1024;

/** Text as it goes into the file: made XML-safe (forbidden characters spelled out). */
export type PrepareText = (text: string) => string;

export interface JunitCase {
  /** Position in the plan: testcases are written in plan order, whatever order they finished in. */
  order: number;
  suite: string;
  name: string;
  file: string;
  status: DialogueStatus;
  startedAt: number;
  durationMs: number;
  /** What the testsuite counts: a <failure>, an <error>, a <skipped>. */
  counts: 'failure' | 'error' | 'skipped' | undefined;
  /** The <testcase> element, indented for its place in a <testsuite>. */
  xml: string;
}

const INDENT = '    ';
const CHILD = `${INDENT}  `;
const GRANDCHILD = `${CHILD}  `;

export function junitCase(result: DialogueResult, order: number, prepare: PrepareText = xmlSafe): JunitCase {
  if (result.repeats) return repeatedCase(result, order, prepare);
  const ran = result.status !== 'skipped' || result.steps.some((s) => s.request);
  const retries = result.retries ?? [];
  const status = result.status === 'errored' ? 'errored' : result.status === 'failed' ? 'failed' : 'passed';
  const { userId, startedAt, durationMs, steps } = result;
  const last: AttemptResult = { status, userId, startedAt, durationMs, steps };
  const children: string[] = [];
  let counts: JunitCase['counts'];
  if (result.status === 'failed' || result.status === 'errored') {
    // Surefire: the first attempt is the failure, the later ones (this one last) are reruns
    const [first, ...later] = [...retries, last];
    const p = problem(result, first!, prepare);
    counts = first!.status === 'errored' ? 'error' : 'failure';
    children.push(
      leaf(
        CHILD,
        counts,
        [
          ['message', p.message],
          ['type', p.type],
        ],
        p.details,
      ),
    );
    for (const a of later) {
      children.push(attemptXml(a.status === 'errored' ? 'rerunError' : 'rerunFailure', result, a, prepare));
    }
  } else if (result.status === 'flaky') {
    for (const a of retries) {
      children.push(attemptXml(a.status === 'errored' ? 'flakyError' : 'flakyFailure', result, a, prepare));
    }
  } else if (result.status === 'skipped') {
    counts = 'skipped';
    const reason = result.skipReason === undefined ? undefined : prepare(result.skipReason);
    children.push(leaf(CHILD, 'skipped', [['message', reason]]));
  }
  if (ran) {
    const transcript = retries.length ? everyAttempt([...retries, last]) : renderTranscript(result);
    const text = truncate(transcript, MAX_OUTPUT_CHARS * (retries.length + 1), 'transcript');
    children.push(leaf(CHILD, 'system-out', [], prepare(text)));
  }
  return ranCase(result, order, counts, children, prepare);
}

/** The testcase of a dialogue that ran (or was skipped by its spec), with its children in place. */
function ranCase(
  result: DialogueResult,
  order: number,
  counts: JunitCase['counts'],
  children: string[],
  prepare: PrepareText,
): JunitCase {
  return {
    order,
    suite: result.suite,
    name: result.name,
    file: result.file,
    status: result.status,
    startedAt: Date.parse(result.startedAt),
    durationMs: result.durationMs,
    counts,
    xml: testcaseXml(result, result.pos?.line, children, prepare),
  };
}

/** A planned dialogue that never started: a skipped testcase saying why (`why` is XML-safe already). */
export function notRunCase(d: Where & { line?: number }, order: number, why: string): JunitCase {
  const xml = testcaseXml({ ...d, durationMs: 0 }, d.line, [leaf(CHILD, 'skipped', [['message', why]])], xmlSafe);
  return { order, ...pick(d), status: 'skipped', startedAt: Number.NaN, durationMs: 0, counts: 'skipped', xml };
}

interface Where {
  suite: string;
  name: string;
  file: string;
}

function pick(d: Where): Where {
  return { suite: d.suite, name: d.name, file: d.file };
}

type Timed = Where & { durationMs: number };

function testcaseXml(d: Timed, line: number | undefined, children: string[], prepare: PrepareText): string {
  const attrs: Attrs = [
    ['classname', prepare(d.suite)],
    ['name', prepare(d.name)],
    ['file', prepare(d.file)],
    ['line', line],
    ['time', Math.round(d.durationMs) / 1000],
  ];
  return parent(INDENT, 'testcase', attrs, children);
}

/** A <flaky…>/<rerun…> element for one attempt; `label` (a repetition) leads its message. */
function attemptXml(
  element: string,
  result: DialogueResult,
  attempt: AttemptResult,
  prepare: PrepareText,
  label?: string,
): string {
  const p = problem(result, attempt, prepare);
  if (label !== undefined) p.message = xmlSafe(truncate(`${label}: ${p.message}`, MAX_MESSAGE_CHARS, 'message'));
  const transcript = prepare(truncate(attemptTranscript(attempt), MAX_OUTPUT_CHARS, 'transcript'));
  const inner = [leaf(GRANDCHILD, 'stackTrace', [], p.details), leaf(GRANDCHILD, 'system-out', [], transcript)];
  return parent(
    CHILD,
    element,
    [
      ['message', p.message],
      ['type', p.type],
    ],
    inner,
  );
}

function attemptTranscript(attempt: AttemptResult): string {
  return renderTranscript({ userId: attempt.userId, steps: attempt.steps });
}

/** Each attempt's transcript under a heading, oldest first: the testcase's own output shows them all. */
function everyAttempt(attempts: AttemptResult[]): string {
  return attempts
    .map((a, i) => {
      const heading = `── attempt ${i + 1} of ${attempts.length}: ${a.status} ──`;
      return `${heading}\n${truncate(attemptTranscript(a), MAX_OUTPUT_CHARS, 'transcript')}`;
    })
    .join('\n\n');
}

interface Problem {
  message: string;
  type: string;
  details: string;
}

function problem(result: DialogueResult, attempt: AttemptResult, prepare: PrepareText): Problem {
  const view = { ...result, status: attempt.status, userId: attempt.userId, steps: attempt.steps };
  const cause = attempt.steps.find((s) => s.status === 'errored');
  return {
    message: xmlSafe(truncate(oneLineProblem(view), MAX_MESSAGE_CHARS, 'message')),
    type: attempt.status !== 'errored' ? 'ExpectationFailed' : cause?.status === 'errored' ? cause.cause.kind : 'Error',
    details: prepare(truncate(renderStepProblems(attempt.steps).join('\n'), MAX_OUTPUT_CHARS, 'details')),
  };
}

/** One testcase for all N runs of a repeated dialogue, gated on its pass rate. */
function repeatedCase(result: DialogueResult, order: number, prepare: PrepareText): JunitCase {
  const repeats = result.repeats!;
  const runs = repetitionLines(result);
  const shown = repeats.runs.find((r) => r.userId === result.userId);
  const header = [rateSentence(repeats), ...runs, '', ...(shown ? [`repeat ${shown.repetition}:`] : [])].join('\n');
  const children: string[] = [];
  let counts: JunitCase['counts'];
  if (result.status === 'failed' || result.status === 'errored') {
    counts = result.status === 'errored' ? 'error' : 'failure';
    const details = prepare(
      truncate([...runs, '', ...renderStepProblems(result.steps)].join('\n'), MAX_OUTPUT_CHARS, 'details'),
    );
    const message = xmlSafe(truncate(rateSentence(repeats), MAX_MESSAGE_CHARS, 'message'));
    children.push(
      leaf(
        CHILD,
        counts,
        [
          ['message', message],
          ['type', 'PassRateBelowMinimum'],
        ],
        details,
      ),
    );
  } else if (result.status === 'flaky') {
    for (const run of repeats.runs) {
      if (run.status !== 'failed' && run.status !== 'errored') continue;
      const { userId, startedAt, durationMs, steps } = run;
      const attempt: AttemptResult = { status: run.status, userId, startedAt, durationMs, steps };
      const element = run.status === 'errored' ? 'flakyError' : 'flakyFailure';
      children.push(attemptXml(element, result, attempt, prepare, `repeat ${run.repetition}`));
    }
  }
  const text = truncate(`${header}\n${renderTranscript(result)}`, MAX_OUTPUT_CHARS, 'transcript');
  children.push(leaf(CHILD, 'system-out', [], prepare(text)));
  return ranCase(result, order, counts, children, prepare);
}
