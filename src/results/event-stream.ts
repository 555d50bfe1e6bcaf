/**
 * Reporters over one event stream (after Playwright's reporter API): small objects with optional
 * hooks fed plain data. A reporter never calls the bot and never decides a verdict. The multiplexer
 * calls them in order and turns a reporter's exception into a reported failure, not a crashed run.
 */
import type { DialogueResult, RunInfo, RunProgress, RunSummary } from './model.js';
import { redactValue } from '../io/redact.js';

export interface Reporter {
  /** Shown in messages when the reporter fails: "junit (out/junit.xml)". */
  readonly name: string;
  /** The files a report writes (`-` is standard output): the CLI says "Wrote …" for each that did. */
  readonly writes?: readonly string[];
  /**
   * Reads `info.planned[].expects` (the results file, scenario coverage). The CLI plans them only
   * when a reporter says so: at 100,000 dialogues they are ~35 MB of heap for the whole run.
   */
  readonly readsPlannedExpectations?: boolean;
  onBegin?(info: RunInfo): void | Promise<void>;
  onDialogueEnd?(result: DialogueResult): void | Promise<void>;
  /** Last call; file reporters write (atomically) here. */
  onEnd?(summary: RunSummary): void | Promise<void>;
  /** A few times a second while the run goes on (progress displays); never after onEnd. */
  onProgress?(progress: RunProgress): void;
}

/**
 * Adds facts to the stream before any reporter sees it — baseline drift is one — so every output
 * shows the same thing and the JSON file stores it. It never changes a verdict; one that throws is
 * reported like a failing reporter and the event goes on unannotated.
 */
export interface Annotator {
  readonly name: string;
  onBegin?(info: RunInfo): void | Promise<void>;
  annotateDialogue?(result: DialogueResult): DialogueResult;
  annotateSummary?(summary: RunSummary): RunSummary;
}

/** Whether any of `reporters` reads the plan's expectations: what a command passes as `plannedExpectations`. */
export function readPlannedExpectations(reporters: readonly Reporter[]): boolean {
  return reporters.some((r) => r.readsPlannedExpectations === true);
}

export interface ReporterFailure {
  reporter: string;
  hook: 'onBegin' | 'onDialogueEnd' | 'onEnd' | 'onProgress';
  message: string;
}

export class ReporterMux {
  readonly failures: ReporterFailure[] = [];
  private readonly broken = new Set<Reporter>();

  constructor(
    private readonly reporters: Reporter[],
    private readonly annotators: Annotator[] = [],
  ) {}

  async begin(rawInfo: RunInfo): Promise<void> {
    // results are masked as data, before any reporter cuts or diffs a text around a secret
    const info = redactValue(rawInfo);
    for (const a of this.annotators) await this.guard(a.name, 'onBegin', async () => a.onBegin?.(info));
    return this.call('onBegin', (r) => r.onBegin?.(info));
  }

  async dialogueEnd(result: DialogueResult): Promise<void> {
    let annotated = redactValue(result);
    for (const a of this.annotators)
      if (a.annotateDialogue)
        await this.guard(a.name, 'onDialogueEnd', () => void (annotated = a.annotateDialogue!(annotated)));
    return this.call('onDialogueEnd', (r) => r.onDialogueEnd?.(annotated));
  }

  async end(summary: RunSummary): Promise<void> {
    let annotated = redactValue(summary);
    for (const a of this.annotators)
      if (a.annotateSummary) await this.guard(a.name, 'onEnd', () => void (annotated = a.annotateSummary!(annotated)));
    return this.call('onEnd', (r) => r.onEnd?.(annotated));
  }

  private async guard(name: string, hook: ReporterFailure['hook'], invoke: () => unknown): Promise<void> {
    try {
      await invoke();
    } catch (error) {
      this.failures.push({ reporter: name, hook, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Synchronous and best-effort: a display that throws is dropped like any failing reporter. */
  progress(snapshot: RunProgress): void {
    for (const reporter of this.reporters) {
      if (!reporter.onProgress || this.broken.has(reporter)) continue;
      try {
        reporter.onProgress(snapshot);
      } catch (error) {
        this.broken.add(reporter);
        this.failures.push({
          reporter: reporter.name,
          hook: 'onProgress',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  private async call(hook: ReporterFailure['hook'], invoke: (r: Reporter) => void | Promise<void>): Promise<void> {
    for (const reporter of this.reporters) {
      // a reporter that failed once is not fed again: its output would be incomplete anyway
      if (this.broken.has(reporter)) continue;
      try {
        await invoke(reporter);
      } catch (error) {
        this.broken.add(reporter);
        this.failures.push({
          reporter: reporter.name,
          hook,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
