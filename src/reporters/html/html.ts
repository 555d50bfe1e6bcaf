/**
 * The HTML reporter (`--html <file>`): keeps the run's dialogues (raw replies dropped), and at the
 * end writes one self-contained page (html-page.ts), atomically. Other features add sections of
 * their own (coverage) through `sections`, evaluated when the run has ended.
 */
import type { Reporter } from '../../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../../results/model.js';
import { capDialogue } from '../size-caps.js';
import { writeReportFile } from '../../io/write-report.js';
import { buildHtmlReport } from './page.js';
import type { HtmlSection, HtmlSectionSource } from '../../render/html-section.js';

export type { HtmlSection, HtmlSectionSource };

/** Longest text shown in a transcript; the JSON results keep more. */
export const MAX_PAGE_TEXT_CHARS = 20_000;

export interface HtmlReporterOptions {
  sections?: HtmlSectionSource[];
  /** Passing dialogues shown with a transcript, at most (default 2000); failures always are. */
  maxTranscripts?: number;
}

export class HtmlReporter implements Reporter {
  readonly name: string;
  readonly writes: readonly string[];
  private info: RunInfo | undefined;
  private readonly order = new Map<string, number>();
  private readonly dialogues: DialogueResult[] = [];

  constructor(
    readonly path: string,
    private readonly options: HtmlReporterOptions = {},
  ) {
    this.name = `html (${path})`;
    this.writes = [path];
  }

  onBegin(info: RunInfo): void {
    this.info = info;
    info.planned.forEach((d, i) => this.order.set(d.id, i));
  }

  onDialogueEnd(result: DialogueResult): void {
    this.dialogues.push(forPage(result));
  }

  async onEnd(summary: RunSummary): Promise<void> {
    const at = (d: DialogueResult) => this.order.get(d.id) ?? Number.MAX_SAFE_INTEGER;
    const dialogues = [...this.dialogues].sort((a, b) => at(a) - at(b));
    const sections: HtmlSection[] = [];
    for (const source of this.options.sections ?? []) {
      const section = await source();
      if (section) sections.push(section);
    }
    const html = buildHtmlReport({
      ...(this.info ? { info: this.info } : {}),
      dialogues,
      summary,
      sections,
      ...(this.options.maxTranscripts !== undefined ? { maxTranscripts: this.options.maxTranscripts } : {}),
    });
    await writeReportFile(this.path, html);
  }
}

/** The page renders Turns, never raw bodies, and no text longer than a screenful or two. */
function forPage(result: DialogueResult): DialogueResult {
  return capDialogue(result, { textChars: MAX_PAGE_TEXT_CHARS, raw: 'drop' });
}
