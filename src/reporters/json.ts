/**
 * The JSON results reporter: streams the run to the results file (results-file.ts) as dialogues
 * end, so memory does not grow with the run, and renames it into place at the end. What it
 * leaves out on purpose: the invoke URL's path (only its host), and the bulk of huge raw replies.
 */
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../results/model.js';
import { capDialogue } from './size-caps.js';
import { AtomicStreamFile } from '../io/atomic-stream.js';
import { TOOL_VERSION } from '../version.js';
import { dialogueLineParts, footerLine, headerLineParts, RESULTS_SCHEMA } from '../results/results-file.js';

/** A raw reply longer than this (as JSON) is stored cut, with a note: the Turn keeps what reports need. */
export const MAX_RAW_CHARS = 1024 * 1024;
const RAW_HEAD_CHARS = 64 * 1024;
/** Texts (the reply's text, bubble descriptions, a mismatch's actual value) are kept up to this. */
export const MAX_TEXT_CHARS = 256 * 1024;

export interface JsonReporterOptions {
  /** Run options worth keeping with the results (paths, concurrency, timeout, baseline…). */
  options?: Record<string, unknown>;
}

export class JsonResultsReporter implements Reporter {
  readonly name: string;
  readonly writes: readonly string[];
  /** The header's plan keeps them, so coverage can be computed from the file later. */
  readonly readsPlannedExpectations = true;
  private readonly file: AtomicStreamFile;
  private first = true;

  constructor(
    readonly path: string,
    private readonly config: JsonReporterOptions = {},
  ) {
    this.name = `json (${path})`;
    this.writes = [path];
    this.file = new AtomicStreamFile(path);
  }

  async onBegin(info: RunInfo): Promise<void> {
    await this.file.open();
    const header = {
      schema: RESULTS_SCHEMA,
      tool: { name: 'clova-regress' as const, version: TOOL_VERSION },
      info: scrubInfo(info),
      ...(this.config.options ? { options: this.config.options } : {}),
    };
    // piece by piece, each awaited: the writer flushes as they gather, so a big plan is never one string
    for (const part of headerLineParts(header)) await this.file.write(part);
  }

  async onDialogueEnd(result: DialogueResult): Promise<void> {
    // each raw reply is stringified once: to measure it for the cap, and that text goes in the line
    const rawTexts = new Map<unknown, string>();
    await this.file.write(dialogueLineParts(forFile(result, rawTexts), this.first, rawTexts));
    this.first = false;
  }

  async onEnd(summary: RunSummary): Promise<void> {
    await this.file.write(footerLine(summary));
    await this.file.commit();
  }

  /** Drops the file being written (the run is abandoned): the previous results file stays. */
  discard(): Promise<void> {
    return this.file.discard();
  }
}

/** A live bot's invoke URL path identifies the bot's endpoint: the file keeps the host only. */
export function scrubInfo(info: RunInfo): RunInfo {
  if (info.target.kind !== 'live') return info;
  return { ...info, target: { ...info.target, description: `bot at ${info.target.host}` } };
}

/** The dialogue as stored: long texts and raw replies cut, with notes (see cap.ts). */
export function forFile(result: DialogueResult, rawTexts?: Map<unknown, string>): DialogueResult {
  return capDialogue(result, {
    textChars: MAX_TEXT_CHARS,
    raw: { rawChars: MAX_RAW_CHARS, headChars: RAW_HEAD_CHARS },
    rawTexts,
  });
}
