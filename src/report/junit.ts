/**
 * JUnit XML: one <testsuite> per spec file, one <testcase> per dialogue (classname = suite),
 * <failure> for mismatches, <error> for bot or network errors, the transcript in <system-out>,
 * retried dialogues as Surefire writes them (junit-case.ts).
 * Valid XML whatever the bot said: text is made XML-safe, truncated, and `]]>` handled (see cdata).
 * Testcases are ordered as planned, so the file does not change with completion order.
 */
import junitModule, { type Builder } from 'junit-report-builder';
import type { Reporter } from './reporter.js';
import type { DialogueResult, RunInfo, RunSummary } from '../run/results.js';
import { xmlSafe } from './text.js';
import { writeReportFile } from '../io/write-report.js';
import { addTestCase, junitCase, type JunitCase } from './junit-case.js';

// The package is CommonJS whose module.exports is the builder, while its types declare an ES default
// export; under NodeNext the default import is therefore typed one level too deep.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? (junitModule as unknown as Builder));

export class JunitReporter implements Reporter {
  readonly name: string;
  private planned: RunInfo['planned'] = [];
  private readonly cases: JunitCase[] = [];

  constructor(private readonly path: string) {
    this.name = `junit (${path})`;
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
    this.planned.forEach((d, i) => position.has(`${d.file}\u0000${d.suite}\u0000${d.name}`) || position.set(`${d.file}\u0000${d.suite}\u0000${d.name}`, i));
    for (const c of this.cases) c.order = position.get(`${c.file}\u0000${c.suite}\u0000${c.name}`) ?? this.planned.length + c.order;
    const files = [...new Set(this.planned.map((d) => d.file))];
    await writeReportFile(this.path, buildJunitXml(files, this.cases, summary));
  }
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
    for (const record of cases) addTestCase(suite, record);
  }
  return builder.build();
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
