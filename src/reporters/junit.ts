/**
 * JUnit XML: one <testsuite> per spec file, one <testcase> per dialogue (classname = suite),
 * <failure> for mismatches, <error> for bot or network errors, the transcript in <system-out>,
 * retried dialogues as Surefire writes them (junit-case.ts).
 * Valid XML whatever the bot said: text is made XML-safe, truncated, and `]]>` handled (see cdata).
 * Testcases are ordered as planned, so the file does not change with completion order.
 */
import { notRunMessage, stopProperty } from '../render/stop-note.js';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../results/model.js';
import { xmlSafe } from '../render/text.js';
import { writeReportFile } from '../io/write-report.js';
import { junitCase, notRunCase, type JunitCase } from './junit-case.js';
import { junitTimestamp, leaf, parent } from './junit-xml.js';

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
    this.cases.push(junitCase(result, this.cases.length));
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
  const byFile = new Map<string, JunitCase[]>();
  for (const record of records) {
    const list = byFile.get(record.file) ?? [];
    list.push(record);
    byFile.set(record.file, list);
  }
  const known = new Set(fileOrder);
  const files = [...fileOrder.filter((f) => byFile.has(f)), ...[...byFile.keys()].filter((f) => !known.has(f))];
  const suites: string[] = [];
  const total = { tests: 0, failure: 0, error: 0, skipped: 0 };
  for (const file of files) {
    const cases = byFile.get(file)!.sort((a, b) => a.order - b.order);
    const starts = cases.map((c) => c.startedAt).filter(Number.isFinite);
    // reduce, not Math.min(...): spreading a hundred thousand arguments overflows the stack
    const start = starts.length ? starts.reduce((a, b) => Math.min(a, b)) : Date.parse(summary.startedAt);
    const end = cases.map((c) => c.startedAt + c.durationMs).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), start);
    const n = { failure: 0, error: 0, skipped: 0 };
    for (const c of cases) if (c.counts) n[c.counts]++;
    total.tests += cases.length;
    total.failure += n.failure;
    total.error += n.error;
    total.skipped += n.skipped;
    const properties = [leaf('      ', 'property', [['name', 'file'], ['value', xmlSafe(file)]])];
    if (summary.interrupted) properties.push(leaf('      ', 'property', [['name', 'interrupted'], ['value', xmlSafe(stopProperty(summary))]]));
    const attrs: Array<[string, string | number]> = [
      ['name', xmlSafe(cases[0]!.suite)], ['timestamp', junitTimestamp(new Date(start))], ['time', Math.round(end - start) / 1000],
      ['tests', cases.length], ['failures', n.failure], ['errors', n.error], ['skipped', n.skipped],
    ];
    suites.push(parent('  ', 'testsuite', attrs, [parent('    ', 'properties', [], properties), ...cases.map((c) => c.xml)]));
  }
  const root = parent('', 'testsuites', [['name', xmlSafe(`clova-regress ${summary.runId}`)], ['tests', total.tests], ['failures', total.failure], ['errors', total.error], ['skipped', total.skipped]], suites);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}`;
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
    out.push(notRunCase(d, i, why));
  });
  return out;
}

/**
 * Text for a CDATA section: XML-safe (forbidden characters spelled out). Every `]]>` in it is split
 * where the section is written (junit-xml.ts), so the reader sees the original text.
 */
export function cdata(text: string): string {
  return xmlSafe(text);
}
