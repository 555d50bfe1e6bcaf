/**
 * `--last-failed`: every run records which dialogues failed or errored in
 * `.clova-regress/last-run.json` (as Playwright keeps `.last-run.json`); the next run with
 * `--last-failed` runs only those. The record holds ids only, so it costs O(failures).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../results/model.js';
import { writeReportFile } from '../io/write-report.js';

export const LAST_RUN_FILE = '.clova-regress/last-run.json';

export interface LastRun {
  version: 1;
  runId: string;
  endedAt: string;
  status: 'passed' | 'failed' | 'interrupted';
  /** Ids (`suite › name`) of the dialogues that failed or errored, in plan order. */
  failed: string[];
}

/** The previous run's record, or undefined when there is none; throws an Error meant for the user when it is unreadable. */
export async function readLastRun(cwd: string): Promise<LastRun | undefined> {
  const path = join(cwd, LAST_RUN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(
      `cannot read ${LAST_RUN_FILE}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let value: Partial<LastRun>;
  try {
    value = JSON.parse(text) as Partial<LastRun>;
  } catch {
    throw new Error(`${LAST_RUN_FILE} is not JSON: delete it, or run without --last-failed once`);
  }
  if (value?.version !== 1 || !Array.isArray(value.failed) || !value.failed.every((id) => typeof id === 'string')) {
    throw new Error(
      `${LAST_RUN_FILE} is not a record this version of clova-regress wrote: delete it, or run without --last-failed once`,
    );
  }
  return value as LastRun;
}

/** A reporter that writes the record at the end of every run. */
export class LastRunRecorder implements Reporter {
  readonly name = `last run (${LAST_RUN_FILE})`;
  private readonly failed = new Set<string>();
  private planned: RunInfo['planned'] = [];
  /** Why the record could not be written, for the command to print: never a failed run. */
  warning: string | undefined;

  constructor(private readonly cwd: string) {}

  onBegin(info: RunInfo): void {
    this.planned = info.planned;
  }

  onDialogueEnd(result: DialogueResult): void {
    if (result.status === 'failed' || result.status === 'errored') this.failed.add(result.id);
  }

  async onEnd(summary: RunSummary): Promise<void> {
    // plan order, found by one pass over the plan at the end rather than a map kept all run long
    const failed = this.planned.map((d) => d.id).filter((id) => this.failed.delete(id));
    failed.push(...this.failed);
    const record: LastRun = {
      version: 1,
      runId: summary.runId,
      endedAt: summary.endedAt,
      status: summary.stopReason === 'signal' ? 'interrupted' : failed.length > 0 ? 'failed' : 'passed',
      failed,
    };
    try {
      await writeReportFile(join(this.cwd, LAST_RUN_FILE), `${JSON.stringify(record, null, 2)}\n`, {
        durable: false,
      });
    } catch (error) {
      // a convenience for --last-failed, not a report: a run in a read-only folder still gates
      this.warning = `${(error as Error).message} (only --last-failed needs it)`;
    }
  }
}
