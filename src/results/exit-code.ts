/**
 * Exit codes, decided in one place. CI gates on them, so they are a contract (docs/cli.md):
 *   0  every dialogue passed (flaky counts as passed unless --fail-on-flaky)
 *   1  some dialogue failed an expectation
 *   2  usage error, or a spec / bot file / config problem: nothing ran
 *   3  no expectation failed, but some dialogue errored (the bot or the network, not its answers),
 *      or planned dialogues did not run (the run breaker stopped the run, a partial merge)
 *   4  a report could not be written
 *   5  internal error of clova-regress (a bug: please report it)
 *   130 interrupted (Ctrl-C / SIGTERM); reports written so far are complete and marked interrupted
 */
import type { RunSummary } from './model.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, errored: 3, output: 4, internal: 5, interrupted: 130 } as const;

export interface ExitInputs {
  summary: RunSummary;
  reporterFailures: number;
  /** Set when the user stopped the run (signal), as opposed to --max-failures. */
  interruptedBySignal?: boolean;
  failOnFlaky?: boolean;
}

export function exitCodeFor({ summary, reporterFailures, interruptedBySignal, failOnFlaky }: ExitInputs): number {
  if (interruptedBySignal) return EXIT.interrupted;
  const c = summary.counts;
  if (c.failed > 0 || (failOnFlaky && c.flaky > 0)) return EXIT.failed;
  if (reporterFailures > 0) return EXIT.output;
  // a dialogue that did not run has no verdict: never green
  if (c.errored > 0 || summary.notRun > 0) return EXIT.errored;
  return EXIT.ok;
}
