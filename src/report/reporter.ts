/**
 * Reporters over one event stream (after Playwright's reporter API): small objects with optional
 * hooks fed plain data. A reporter never calls the bot and never decides a verdict. The multiplexer
 * calls them in order and turns a reporter's exception into a reported failure, not a crashed run.
 */
import type { DialogueResult, RunInfo, RunSummary } from '../run/results.js';

export interface Reporter {
  /** Shown in messages when the reporter fails: "junit (out/junit.xml)". */
  readonly name: string;
  onBegin?(info: RunInfo): void | Promise<void>;
  onDialogueEnd?(result: DialogueResult): void | Promise<void>;
  /** Last call; file reporters write (atomically) here. */
  onEnd?(summary: RunSummary): void | Promise<void>;
}

export interface ReporterFailure {
  reporter: string;
  hook: 'onBegin' | 'onDialogueEnd' | 'onEnd';
  message: string;
}

export class ReporterMux {
  readonly failures: ReporterFailure[] = [];
  private readonly broken = new Set<Reporter>();

  constructor(private readonly reporters: Reporter[]) {}

  begin(info: RunInfo): Promise<void> {
    return this.call('onBegin', (r) => r.onBegin?.(info));
  }

  dialogueEnd(result: DialogueResult): Promise<void> {
    return this.call('onDialogueEnd', (r) => r.onDialogueEnd?.(result));
  }

  end(summary: RunSummary): Promise<void> {
    return this.call('onEnd', (r) => r.onEnd?.(summary));
  }

  private async call(hook: ReporterFailure['hook'], invoke: (r: Reporter) => void | Promise<void>): Promise<void> {
    for (const reporter of this.reporters) {
      // a reporter that failed once is not fed again: its output would be incomplete anyway
      if (this.broken.has(reporter)) continue;
      try {
        await invoke(reporter);
      } catch (error) {
        this.broken.add(reporter);
        this.failures.push({ reporter: reporter.name, hook, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
