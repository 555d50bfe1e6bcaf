/**
 * JUnit XML: one <testsuite> per spec file, one <testcase> per dialogue (classname = suite),
 * <failure> for mismatches, <error> for bot or network errors, the transcript in <system-out>,
 * retried dialogues as Surefire writes them (junit-case.ts).
 * Valid XML whatever the bot said: text is made XML-safe, truncated, and `]]>` handled (see cdata).
 * Testcases are ordered as planned, so the file does not change with completion order.
 */
import { notRunMessage, stopProperty } from '../render/stop-note.js';
import junitModule, { type Builder } from 'junit-report-builder';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../results/model.js';
import { xmlSafe } from '../render/text.js';
import { writeReportFile } from '../io/write-report.js';
import { addTestCase, junitCase, type JunitCase } from './junit-case.js';

// The package is CommonJS whose module.exports is the builder, while its types declare an ES default
// export; under NodeNext the default import is therefore typed one level too deep.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? (junitModule as unknown as Builder));

export class JunitReporter implements Reporter {
  readonly name: string;
  readonly writes: readonly string[];
  private planned: RunInfo['planned'] = [];
  private readonly cases: JunitCase[] = [];

  constructor(private readonly path: string) {
    this.name = `junit (${path})`;
    this.writes = [path];
  }

  onBegin(info: RunInfo): void {
    this.planned = info.planned;
  }

  onDialogueEnd(result: DialogueResult): void {
    // rendered now, kept as a few strings: the results themselves are not held until the end
    this.cases.push(junitCase(result, this.cases.length, cdata));
  }

  async onEnd(summary: RunSummary): Promise<void> {
    // plan positions, looked up once at the end rather than kept in a map all run long
    const position = new Map<string, number>();
    this.planned.forEach((d, i) => position.has(caseKey(d)) || position.set(caseKey(d), i));
    for (const c of this.cases) c.order = position.get(caseKey(c)) ?? this.planned.length + c.order;
    const files = [...new Set(this.planned.map((d) => d.file))];
    if (summary.notRun > 0) this.cases.push(...notRunCases(this.planned, this.cases, summary));
    await writeReportFile(this.path, buildJunitXml(files, this.cases, summary));
  }
}

/** A dialogue as the plan and the ended testcases both name it. */
function caseKey(d: { file: string; suite: string; name: string }): string {
  return `${d.file}\u0000${d.suite}\u0000${d.name}`;
}

export function buildJunitXml(fileOrder: string[], records: JunitCase[], summary: RunSummary): string {
  const builder = junit.newBuilder();
  builder.name(xmlSafe(`clova-regress ${summary.runId}`));
  const byFile = new Map<string, JunitCase[]>();
  for (const record of records) {
    const list = byFile.get(record.file) ?? [];
    list.push(record);
    byFile.set(record.file, list);
  }
  const known = new Set(fileOrder);
  const files = [...fileOrder.filter((f) => byFile.has(f)), ...[...byFile.keys()].filter((f) => !known.has(f))];
  for (const file of files) {
    const cases = byFile.get(file)!.sort((a, b) => a.order - b.order);
    const starts = cases.map((c) => c.startedAt).filter(Number.isFinite);
    // reduce, not Math.min(...): spreading a hundred thousand arguments overflows the stack
    const start = starts.length ? starts.reduce((a, b) => Math.min(a, b)) : Date.parse(summary.startedAt);
    const end = cases.map((c) => c.startedAt + c.durationMs).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), start);
    const suite = builder.testSuite().name(xmlSafe(cases[0]!.suite)).timestamp(new Date(start)).time(Math.round(end - start) / 1000);
    suite.property('file', xmlSafe(file));
    if (summary.interrupted) suite.property('interrupted', xmlSafe(stopProperty(summary)));
    for (const record of cases) addTestCase(suite, record);
  }
  return builder.build();
}

/**
 * The planned dialogues that never started, as skipped testcases that say why: CI readers count
 * them, so a cut-short run cannot pass for a smaller suite. Matched to ended ones by file, suite and
 * name, counted, since two dialogues may share a name.
 */
function notRunCases(planned: RunInfo['planned'], ended: JunitCase[], summary: RunSummary): JunitCase[] {
  const seen = new Map<string, number>();
  for (const c of ended) {
    const key = caseKey(c);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const why = xmlSafe(notRunMessage(summary));
  const out: JunitCase[] = [];
  planned.forEach((d, i) => {
    const key = caseKey(d);
    const left = seen.get(key) ?? 0;
    if (left > 0) return void seen.set(key, left - 1);
    out.push({ order: i, suite: d.suite, name: d.name, file: d.file, status: 'skipped', startedAt: Number.NaN, durationMs: 0, attempts: [], skipped: why });
  });
  return out;
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
