/**
 * `--baseline <results.json>`: an annotator that compares each finished dialogue with the same
 * dialogue of a previous run and attaches what drifted, so the console, Markdown, HTML and the
 * JSON results all show the same drift. The baseline is read once, streamed, and kept compact
 * (reply facts only); this run's dialogues are compared as they end and not kept.
 */
import type { DialogueResult, DriftSummary, RunInfo, RunSummary } from '../results/model.js';
import type { Annotator } from '../results/event-stream.js';
import { streamResultsFile } from '../results/results-file.js';
import { baselineDialogue, compareDialogue, Interner, type BaselineDialogue } from './drift.js';

export class BaselineDrift implements Annotator {
  readonly name: string;
  private planned = new Set<string>();
  private shard = false;
  private readonly counts = {
    compared: 0,
    changedDialogues: 0,
    changedSteps: 0,
    newDialogues: 0,
    newSteps: 0,
    goneSteps: 0,
  };

  private constructor(
    private readonly dialogues: Map<string, BaselineDialogue>,
    private readonly baseline: DriftSummary['baseline'],
  ) {
    this.name = `baseline (${baseline.file ?? baseline.runId})`;
  }

  /** Reads the baseline results file; throws ResultsFileError when it is unusable. */
  static async load(path: string, shownAs = path): Promise<BaselineDrift> {
    const dialogues = new Map<string, BaselineDialogue>();
    const intern = new Interner();
    const header = await streamResultsFile(path, (d) => {
      dialogues.set(d.id, baselineDialogue(d, intern));
    });
    return new BaselineDrift(dialogues, { runId: header.info.runId, startedAt: header.info.startedAt, file: shownAs });
  }

  /** For tests and the library: a baseline from results in memory. */
  static fromResults(results: DialogueResult[], baseline: DriftSummary['baseline']): BaselineDrift {
    return new BaselineDrift(new Map(results.map((d) => [d.id, baselineDialogue(d)])), baseline);
  }

  onBegin(info: RunInfo): void {
    this.planned = new Set(info.planned.map((d) => d.id));
    this.shard = info.shard !== undefined;
  }

  annotateDialogue(result: DialogueResult): DialogueResult {
    const { drift: _stale, ...rest } = result;
    const base = this.dialogues.get(result.id);
    if (base && result.status !== 'skipped' && !base.skipped) this.counts.compared++;
    const drift = compareDialogue(base, result);
    if (!drift) return rest;
    if (drift.kind === 'new') this.counts.newDialogues++;
    else {
      this.counts.changedDialogues++;
      this.counts.changedSteps += drift.steps.filter((s) => s.kind === 'changed').length;
      this.counts.newSteps += drift.steps.filter((s) => s.kind === 'new').length;
      this.counts.goneSteps += drift.steps.filter((s) => s.kind === 'gone').length;
    }
    return { ...rest, drift };
  }

  annotateSummary(summary: RunSummary): RunSummary {
    return { ...summary, drift: this.summary() };
  }

  summary(): DriftSummary {
    const gone = this.shard
      ? []
      : [...this.dialogues.values()]
          .filter((d) => !this.planned.has(d.id))
          .map(({ id, suite, name, file }) => ({ id, suite, name, file }));
    return { baseline: this.baseline, ...this.counts, gone };
  }

  /** True when anything drifted: what `--fail-on-drift` gates on. */
  get drifted(): boolean {
    return hasDrift(this.summary());
  }
}

export function hasDrift(drift: DriftSummary | undefined): boolean {
  if (!drift) return false;
  return drift.changedSteps + drift.newDialogues + drift.newSteps + drift.goneSteps + drift.gone.length > 0;
}
