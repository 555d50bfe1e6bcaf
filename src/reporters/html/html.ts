/**
 * The HTML reporter (`--html <file>`): one self-contained page (page.ts), written atomically at the
 * end. Other features add sections of their own (coverage) through `sections`, evaluated when the
 * run has ended.
 *
 * Streamed: each dialogue's article is rendered when the dialogue ends (raw replies dropped, long
 * texts cut) and spilled to a private temporary file (io/spill-file.ts); memory keeps what the
 * header, filters and drift section need (status, suite, tags, drift). At the end the page is
 * written in plan order — its top, then each article read back, then the rest — through the same
 * whole-or-nothing writer as the JUnit report. A passing dialogue known by then to fall past
 * `maxTranscripts` has its transcript left out and never rendered (passed-before.ts).
 */
import type { Reporter } from '../../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../../results/model.js';
import { capDialogue } from '../size-caps.js';
import { writeReportStream } from '../../io/atomic-stream.js';
import { SpillFile, type SpillRef } from '../../io/spill-file.js';
import {
  ARTICLE_END,
  articleHead,
  htmlFrame,
  NO_TRANSCRIPT,
  MAX_TRANSCRIPTS,
  pageEntry,
  stepsHtml,
  type PageEntry,
} from './page.js';
import { PassedBefore } from './passed-before.js';
import type { HtmlSection, HtmlSectionSource } from '../../render/html-section.js';

export type { HtmlSection, HtmlSectionSource };

/** Longest text shown in a transcript; the JSON results keep more. */
export const MAX_PAGE_TEXT_CHARS = 20_000;

export interface HtmlReporterOptions {
  sections?: HtmlSectionSource[];
  /** Passing dialogues shown with a transcript, at most (default 2000); failures always are. */
  maxTranscripts?: number;
}

/** An ended dialogue: its entry, and where its article's head and transcript (if rendered) are spilled. */
type SpilledEntry = PageEntry & { head?: SpillRef; steps?: SpillRef };

export class HtmlReporter implements Reporter {
  readonly name: string;
  readonly writes: readonly string[];
  private info: RunInfo | undefined;
  private readonly order = new Map<string, number>();
  /** In completion order, as the dialogues ended. */
  private readonly entries: SpilledEntry[] = [];
  private passed: PassedBefore | undefined;
  /** A promise: dialogues end concurrently, and the first two must not make two files. */
  private spill: Promise<SpillFile> | undefined;

  constructor(
    readonly path: string,
    private readonly options: HtmlReporterOptions = {},
  ) {
    this.name = `html (${path})`;
    this.writes = [path];
  }

  async onBegin(info: RunInfo): Promise<void> {
    this.info = info;
    info.planned.forEach((d, i) => this.order.set(d.id, i));
    // one more position for dialogues the plan does not name: the page lists them last
    this.passed = new PassedBefore(info.planned.length + 1);
    await this.spillFile();
  }

  async onDialogueEnd(result: DialogueResult): Promise<void> {
    const d = forPage(result);
    // its place is taken now, before any await, so ties keep the order the dialogues ended in
    const entry: SpilledEntry = pageEntry(d);
    this.entries.push(entry);
    const transcript = this.mayShowTranscript(d);
    const spill = await this.spillFile();
    try {
      entry.head = await spill.append(articleHead(d));
      if (transcript) entry.steps = await spill.append(stepsHtml(d));
    } catch (error) {
      await spill.remove();
      throw error;
    }
  }

  async onEnd(summary: RunSummary): Promise<void> {
    const spill = await this.spillFile();
    try {
      const at = (d: PageEntry) => this.order.get(d.id) ?? Number.MAX_SAFE_INTEGER;
      const entries = [...this.entries].sort((a, b) => at(a) - at(b));
      const sections: HtmlSection[] = [];
      for (const source of this.options.sections ?? []) {
        const section = await source();
        if (section) sections.push(section);
      }
      const model = {
        ...(this.info ? { info: this.info } : {}),
        entries,
        summary,
        sections,
        ...(this.options.maxTranscripts !== undefined ? { maxTranscripts: this.options.maxTranscripts } : {}),
      };
      await writeReportStream(this.path, async (write, writeRedacted) => {
        for (const piece of htmlFrame(model)) {
          if (typeof piece === 'string') {
            await write(piece);
            continue;
          }
          const { head, steps } = piece.entry;
          if (!head || (piece.full && !steps)) throw new Error(`the article of ${piece.entry.id} was not rendered`);
          // the article's spilled parts are copied as bytes (masked as they were spilled), in articleHtml's frame
          await writeRedacted(await spill.readBytes(head));
          if (piece.full) await writeRedacted(await spill.readBytes(steps!));
          else await write(NO_TRANSCRIPT);
          await write(ARTICLE_END);
        }
      });
    } finally {
      await spill.remove();
    }
  }

  private spillFile(): Promise<SpillFile> {
    return (this.spill ??= SpillFile.create('html'));
  }

  /**
   * False when the page will certainly list this dialogue without its transcript: it passed, and
   * as many passing dialogues as the page shows transcripts of, planned before it, have ended.
   */
  private mayShowTranscript(d: DialogueResult): boolean {
    if (d.status !== 'passed' || !this.passed) return true;
    const position = this.order.get(d.id);
    const last = this.passed.size - 1;
    const before = this.passed.below(position ?? last + 1);
    this.passed.add(position ?? last);
    return before < (this.options.maxTranscripts ?? MAX_TRANSCRIPTS);
  }
}

/** The page renders Turns, never raw bodies, and no text longer than a screenful or two. */
function forPage(result: DialogueResult): DialogueResult {
  return capDialogue(result, { textChars: MAX_PAGE_TEXT_CHARS, raw: 'drop' });
}
