/**
 * How a repeated dialogue (`--repeat-each`) reads in every report: "7/10" beside its name, a
 * sentence saying whether that met the rate, and one line per run. One wording for all outputs.
 */
import { runsNeeded } from '../results/model.js';
import type { DialogueResult, RepeatOutcome, RepeatSetting, RunCounts } from '../results/model.js';
import { oneLineProblem } from './dialogue-text.js';

/** `70%`, `66.7%`, `100%`. */
export function formatRate(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}

/** `7/10`: runs passed of runs planned. */
export function rateText(repeats: RepeatOutcome): string {
  return `${repeats.passed}/${repeats.each}`;
}

/** `passed 7/10 runs, needs 70% (7)`, or with fewer runs done when the run was stopped. */
export function rateSentence(repeats: RepeatOutcome): string {
  const needed = runsNeeded(repeats);
  const done = repeats.runs.length < repeats.each ? ` (${repeats.runs.length} run before the stop)` : '';
  const met = repeats.passed >= needed ? 'met' : 'below';
  const rate = `${formatRate(repeats.minPassRate)} (${needed} of ${repeats.each})`;
  return `passed ${rateText(repeats)} runs${done}: ${met} the minimum pass rate ${rate}`;
}

/** One line per run: `repeat 3: failed — step 2 (send "hi"): scenarioName expected …`. */
export function repetitionLines(result: DialogueResult): string[] {
  return (result.repeats?.runs ?? []).map((run) => {
    const view = { ...result, status: run.status, steps: run.steps, userId: run.userId };
    const problem = run.status === 'passed' ? '' : oneLineProblem(view);
    const retried = run.retries?.length ? `, ${run.retries.length + 1} attempts` : '';
    return `repeat ${run.repetition}: ${run.status}${retried}${problem ? ` — ${problem}` : ''}`;
  });
}

/** Runs and passed runs over the dialogues of a run, counted as they end. */
export class RepeatTally {
  runs = 0;
  passed = 0;

  add(result: Pick<DialogueResult, 'repeats'>): void {
    if (!result.repeats) return;
    this.runs += result.repeats.runs.length;
    this.passed += result.repeats.passed;
  }
}

/**
 * The closing line of a repeated run:
 * `Repeat-each 10, minimum pass rate 70%: 3 of 4 dialogues met it; 34/40 runs passed.`
 */
export function repeatSummaryLine(setting: RepeatSetting, tally: RepeatTally, counts: RunCounts): string {
  const met = counts.passed + counts.flaky;
  const total = counts.total - counts.skipped;
  const dialogues = `${total} dialogue${total === 1 ? '' : 's'}`;
  const gate = `Repeat-each ${setting.each}, minimum pass rate ${formatRate(setting.minPassRate)}`;
  return `${gate}: ${met} of ${dialogues} met it; ${tally.passed}/${tally.runs} runs passed.`;
}
