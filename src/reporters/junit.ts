/**
 * JUnit XML: one <testsuite> per spec file, one <testcase> per dialogue (classname = suite),
 * <failure> for mismatches, <error> for bot or network errors, the transcript in <system-out>,
 * retried dialogues as Surefire writes them (junit-case.ts).
 * Valid XML whatever the bot said: text is made XML-safe, truncated, and every `]]>` split
 * (junit-xml.ts). Testcases are ordered as planned, so the file does not change with completion order.
 *
 * Streamed: each testcase is written as XML when its dialogue ends, to a temporary file
 * (io/spill-file.ts), and only a few numbers per dialogue stay in memory. At the end the report is
 * written in plan order — each testsuite's counts and times first, then its testcases read back —
 * through the same whole-or-nothing file writer as the JSON results.
 */
import { notRunMessage, stopProperty } from '../render/stop-note.js';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../results/model.js';
import { xmlSafe } from '../render/text.js';
import { writeReportStream } from '../io/atomic-stream.js';
import { junitCase, notRunCase, type JunitCase } from './junit-case.js';
import { attrText, junitTimestamp, leaf, type Attrs } from './junit-xml.js';
import { SpillFile, type SpillRef } from '../io/spill-file.js';

/** What the file's frame needs of a testcase; its XML comes from memory or from the spill file. */
export type CaseMeta = Omit<JunitCase, 'xml'>;

type SpilledCase = CaseMeta & { at: SpillRef };

export class JunitReporter implements Reporter {
  readonly name: string;
  readonly writes: readonly string[];
  private planned: RunInfo['planned'] = [];
  private readonly cases: SpilledCase[] = [];
  private spill: SpillFile | undefined;

  constructor(private readonly path: string) {
    this.name = `junit (${path})`;
    this.writes = [path];
  }

  async onBegin(info: RunInfo): Promise<void> {
    this.planned = info.planned;
    this.spill = await SpillFile.create('junit');
  }

  async onDialogueEnd(result: DialogueResult): Promise<void> {
    const { xml, ...meta } = junitCase(result, this.cases.length);
    this.spill ??= await SpillFile.create('junit');
    try {
      this.cases.push({ ...meta, at: await this.spill.append(xml) });
    } catch (error) {
      await this.spill.remove();
      throw error;
    }
  }

  async onEnd(summary: RunSummary): Promise<void> {
    const spill = this.spill ?? (await SpillFile.create('junit'));
    try {
      // plan positions, looked up once at the end rather than kept in a map all run long
      const position = new Map<string, number>();
      this.planned.forEach((d, i) => position.has(caseKey(d)) || position.set(caseKey(d), i));
      for (const c of this.cases) c.order = position.get(caseKey(c)) ?? this.planned.length + c.order;
      const files = [...new Set(this.planned.map((d) => d.file))];
      const notRun = summary.notRun > 0 ? notRunCases(this.planned, this.cases, summary) : [];
      const inMemory = new Map<CaseMeta, string>(notRun.map(({ xml, ...meta }) => [meta, xml]));
      await writeReportStream(this.path, async (write, writeRedacted) => {
        for (const part of junitFrame(files, [...this.cases, ...inMemory.keys()], summary)) {
          if (typeof part === 'string') await write(part);
          else {
            const xml = inMemory.get(part);
            // a spilled testcase is copied as bytes: it was masked as it was spilled
            if (xml === undefined) await writeRedacted(await spill.readBytes((part as SpilledCase).at));
            await write(xml === undefined ? '\n' : `${xml}\n`);
          }
        }
      });
    } finally {
      await spill.remove();
    }
  }
}

/** A dialogue as the plan and the ended testcases both name it. */
function caseKey(d: { file: string; suite: string; name: string }): string {
  return `${d.file}\u0000${d.suite}\u0000${d.name}`;
}

/** The whole file as one string, for cases held in memory (tests, small tools). */
export function buildJunitXml(fileOrder: string[], records: JunitCase[], summary: RunSummary): string {
  const xml = new Map<CaseMeta, string>(records.map((r) => [r, r.xml]));
  let out = '';
  for (const part of junitFrame(fileOrder, records, summary)) {
    out += typeof part === 'string' ? part : `${xml.get(part)}\n`;
  }
  return out.trimEnd();
}

/**
 * The file in order: the frame's text, and each testcase (a record, in plan order) where its XML
 * goes. Each testsuite's counts and times are known before its testcases, from the records alone.
 */
export function* junitFrame<C extends CaseMeta>(
  fileOrder: string[],
  records: C[],
  summary: RunSummary,
): Generator<string | C> {
  const byFile = new Map<string, C[]>();
  for (const record of records) {
    const list = byFile.get(record.file) ?? [];
    list.push(record);
    byFile.set(record.file, list);
  }
  const known = new Set(fileOrder);
  const files = [...fileOrder.filter((f) => byFile.has(f)), ...[...byFile.keys()].filter((f) => !known.has(f))];
  const total = { failure: 0, error: 0, skipped: 0 };
  for (const r of records) if (r.counts) total[r.counts]++;
  const root: Attrs = [
    ['name', xmlSafe(`clova-regress ${summary.runId}`)],
    ['tests', records.length],
    ['failures', total.failure],
    ['errors', total.error],
    ['skipped', total.skipped],
  ];
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrText(root)}${records.length ? '>' : '/>'}\n`;
  if (!records.length) return;
  for (const file of files) {
    const cases = byFile.get(file)!.sort((a, b) => a.order - b.order);
    const starts = cases.map((c) => c.startedAt).filter(Number.isFinite);
    // reduce, not Math.min(...): spreading a hundred thousand arguments overflows the stack
    const start = starts.length ? starts.reduce((a, b) => Math.min(a, b)) : Date.parse(summary.startedAt);
    const ends = cases.map((c) => c.startedAt + c.durationMs).filter(Number.isFinite);
    const end = ends.reduce((a, b) => Math.max(a, b), start);
    const n = { failure: 0, error: 0, skipped: 0 };
    for (const c of cases) if (c.counts) n[c.counts]++;
    const suite: Attrs = [
      ['name', xmlSafe(cases[0]!.suite)],
      ['timestamp', junitTimestamp(new Date(start))],
      ['time', Math.round(end - start) / 1000],
      ['tests', cases.length],
      ['failures', n.failure],
      ['errors', n.error],
      ['skipped', n.skipped],
    ];
    const property = (name: string, value: string) =>
      leaf('      ', 'property', [
        ['name', name],
        ['value', xmlSafe(value)],
      ]);
    const properties = [property('file', file)];
    if (summary.interrupted) properties.push(property('interrupted', stopProperty(summary)));
    yield `  <testsuite${attrText(suite)}>\n    <properties>\n${properties.join('\n')}\n    </properties>\n`;
    yield* cases;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/**
 * The planned dialogues that never started, as skipped testcases that say why: CI readers count
 * them, so a cut-short run cannot pass for a smaller suite. Matched to ended ones by file, suite and
 * name, counted, since two dialogues may share a name.
 */
function notRunCases(planned: RunInfo['planned'], ended: CaseMeta[], summary: RunSummary): JunitCase[] {
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
