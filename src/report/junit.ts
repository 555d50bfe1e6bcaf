/**
 * JUnit XML: one <testsuite> per spec file, one <testcase> per dialogue (classname = suite),
 * <failure> for mismatches, <error> for bot or network errors, the transcript in <system-out>.
 * Valid XML whatever the bot said: text is made XML-safe, truncated, and `]]>` handled (see cdata).
 * Testcases are ordered as planned, so the file does not change with completion order.
 */
import junitModule, { type Builder } from 'junit-report-builder';
import type { Reporter } from './reporter.js';
import type { DialogueResult, RunInfo, RunSummary } from '../run/results.js';
import { oneLineProblem, renderStepProblems, renderTranscript } from './describe.js';
import { truncate, xmlSafe } from './text.js';
import { writeReportFile } from '../io/write-report.js';
import { attachOutput, primaryAttempt } from './junit-reruns.js';

// The package is CommonJS whose module.exports is the builder, while its types declare an ES default
// export; under NodeNext the default import is therefore typed one level too deep.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? (junitModule as unknown as Builder));

/** Per-testcase text limits: CI viewers choke on megabytes, and the JSON results keep everything. */
const MAX_OUTPUT_CHARS = 64 * 1024;
const MAX_MESSAGE_CHARS = 1024;

interface CaseRecord {
  order: number;
  result: DialogueResult;
}

export class JunitReporter implements Reporter {
  readonly name: string;
  private order = new Map<string, number>();
  private files: string[] = [];
  private readonly cases: CaseRecord[] = [];

  constructor(private readonly path: string) {
    this.name = `junit (${path})`;
  }

  onBegin(info: RunInfo): void {
    info.planned.forEach((d, i) => this.order.set(d.id, i));
    this.files = [...new Set(info.planned.map((d) => d.file))];
  }

  onDialogueEnd(result: DialogueResult): void {
    this.cases.push({ order: this.order.get(result.id) ?? this.order.size + this.cases.length, result: compact(result) });
  }

  async onEnd(summary: RunSummary): Promise<void> {
    await writeReportFile(this.path, buildJunitXml(this.files, this.cases, summary));
  }
}

/** Keeps what the XML needs; drops raw replies so a long run does not hold every body. */
function compact(result: DialogueResult): DialogueResult {
  const lean = (steps: DialogueResult['steps']) => steps.map((s) => (s.turn ? { ...s, turn: { ...s.turn, raw: null } } : s));
  // earlier attempts keep their replies too: <flakyFailure>/<rerunFailure> show their transcripts
  return { ...result, steps: lean(result.steps), ...(result.retries ? { retries: result.retries.map((r) => ({ ...r, steps: lean(r.steps) })) } : {}) };
}

export function buildJunitXml(fileOrder: string[], records: CaseRecord[], summary: RunSummary): string {
  const builder = junit.newBuilder();
  builder.name(xmlSafe(`clova-regress ${summary.runId}`));
  const byFile = new Map<string, CaseRecord[]>();
  for (const record of records) {
    const list = byFile.get(record.result.file) ?? [];
    list.push(record);
    byFile.set(record.result.file, list);
  }
  const files = [...fileOrder.filter((f) => byFile.has(f)), ...[...byFile.keys()].filter((f) => !fileOrder.includes(f))];
  for (const file of files) {
    const cases = byFile.get(file)!.sort((a, b) => a.order - b.order);
    const starts = cases.map((c) => Date.parse(c.result.startedAt)).filter(Number.isFinite);
    // reduce, not Math.min(...): spreading a hundred thousand arguments overflows the stack
    const start = starts.length ? starts.reduce((a, b) => Math.min(a, b)) : Date.parse(summary.startedAt);
    const end = cases.map((c) => Date.parse(c.result.startedAt) + c.result.durationMs).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), start);
    const suite = builder.testSuite().name(xmlSafe(cases[0]!.result.suite)).timestamp(new Date(start)).time(seconds(end - start));
    suite.property('file', xmlSafe(file));
    for (const { result: final } of cases) {
      // a dialogue that failed every attempt: <failure>/<error> is its first attempt (Surefire), the rest are reruns
      const result = primaryAttempt(final);
      const testCase = suite.testCase().className(xmlSafe(result.suite)).name(xmlSafe(result.name)).file(xmlSafe(result.file)).time(seconds(result.durationMs));
      const message = xmlSafe(truncate(oneLineProblem(result), MAX_MESSAGE_CHARS, 'message'));
      const details = cdata(truncate(renderStepProblems(result.steps).join('\n'), MAX_OUTPUT_CHARS, 'details'));
      switch (result.status) {
        case 'failed':
          testCase.failure(message, 'ExpectationFailed').stacktrace(details);
          break;
        case 'errored': {
          const cause = result.steps.find((s) => s.status === 'errored');
          testCase.error(message, cause?.status === 'errored' ? cause.cause.kind : 'Error', details);
          break;
        }
        case 'skipped':
          testCase.skipped();
          break;
        case 'passed':
        case 'flaky':
          break;
      }
      const ran = final.status !== 'skipped' || final.steps.some((s) => s.request);
      const transcript = ran ? cdata(truncate(renderTranscript(final), MAX_OUTPUT_CHARS, 'transcript')) : undefined;
      attachOutput(testCase, final, transcript, { output: MAX_OUTPUT_CHARS, message: MAX_MESSAGE_CHARS, cdata });
    }
  }
  return builder.build();
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * Text for a CDATA section. junit-report-builder 5.1.2 escapes only the first `]]>` (it calls
 * String.replace with a string), so a second one would end the section and break the XML. We
 * split every later occurrence ourselves (`]]]]><![CDATA[>`) and leave the first to the library,
 * which then turns it into the same split: the reader sees the original text.
 */
export function cdata(text: string): string {
  const safe = xmlSafe(text);
  const first = safe.indexOf(']]>');
  if (first === -1) return safe;
  const head = safe.slice(0, first + 3);
  return head + safe.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}
