/**
 * The console reporter: the target on the first line, one line per finished dialogue, then every
 * failure with expected vs actual, and a closing line `N passed, N failed, N errors`.
 */
import type { Reporter } from '../results/event-stream.js';
import type {
  DialogueDrift,
  DialogueResult,
  DialogueStatus,
  DriftSummary,
  RunInfo,
  RunSummary,
} from '../results/model.js';
import { hasDrift } from '../drift/baseline.js';
import { driftHeadline, goneDialogueLines, groupedDriftLines } from '../drift/drift-render.js';
import { plainStyle, toText, type Style } from '../render/styled.js';
import { renderStepProblems } from '../render/dialogue-text.js';
import { counted, formatDuration } from '../render/text.js';
import { stopHeadline } from '../render/stop-note.js';
import { DialogueGroups, describeGroup, type GroupOutcome } from '../coverage/dialogue-groups.js';
import { RoutingTally } from '../coverage/routing.js';
import { renderRoutingText } from '../coverage/render-text.js';
import { forHumans } from '../render/terminal-safe.js';
import { RepeatTally, rateSentence, rateText, repeatSummaryLine, repetitionLines } from '../render/pass-rate.js';

export interface ConsoleReporterOptions {
  write: (text: string) => void;
  color: boolean;
  /** Lines for passing dialogues too (default true); false prints only problems. */
  listPassed?: boolean;
  /** A saved run replayed (`merge`): nothing runs, so no "Running N dialogues" line. */
  replayed?: boolean;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const colorStyle: Style = {
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
  inverse: ansi(7, 27),
};

const MARKS: Record<DialogueStatus, { mark: string; paint: Exclude<keyof Style, 'inverse'> }> = {
  passed: { mark: '✓', paint: 'green' },
  failed: { mark: '✗', paint: 'red' },
  errored: { mark: '!', paint: 'red' },
  flaky: { mark: '~', paint: 'yellow' },
  skipped: { mark: '-', paint: 'dim' },
};

export function statusMark(status: DialogueStatus, style: Style): string {
  const { mark, paint } = MARKS[status];
  return style[paint](mark);
}

export class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private readonly style: Style;
  private readonly problems: DialogueResult[] = [];
  private order = new Map<string, number>();
  private planned: RunInfo['planned'] = [];
  private repeat: RunInfo['repeat'];
  private readonly repeats = new RepeatTally();
  private readonly drifted: Array<{ id: string; name: string; drift: DialogueDrift }> = [];
  // data-driven dialogues: one line per dialogue, not per phrasing; NLU routing at the end
  private readonly groups = new DialogueGroups();
  private readonly routing = new RoutingTally();

  constructor(private readonly options: ConsoleReporterOptions) {
    this.style = options.color ? colorStyle : plainStyle;
  }

  onBegin(info: RunInfo): void {
    this.planned = info.planned;
    this.repeat = info.repeat;
    this.groups.plan(info.planned);
    const files = new Set(info.planned.map((d) => d.file)).size;
    const count = info.planned.length;
    this.options.write(`Target: ${info.target.description}\n`);
    if (this.options.replayed) return;
    this.options.write(
      `${this.style.dim(`Running ${count} dialogue${count === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'}, concurrency ${info.concurrency}${info.shard ? `, shard ${info.shard}` : ''}${info.repeat ? `, ${info.repeat.each} times each` : ''}`)}\n`,
    );
    if (info.onlyMarked) {
      const marked = `${info.onlyMarked} dialogue${info.onlyMarked === 1 ? '' : 's'}`;
      this.options.write(`${this.style.yellow(`Only the ${marked} marked \`only\`: the others are not selected.`)}\n`);
    }
  }

  onDialogueEnd(received: DialogueResult): void {
    // bot and spec text is spelled out, never run by the terminal (terminal-safe.ts)
    const result = forHumans(received);
    if (result.status !== 'passed' && result.status !== 'skipped') this.problems.push(result);
    if (result.drift)
      this.drifted.push({ id: result.id, name: `${result.suite} › ${result.name}`, drift: result.drift });
    this.routing.add(result);
    this.repeats.add(result);
    const group = this.groups.add(result);
    if (group === 'pending') return;
    if (group) return this.groupLine(group);
    if (result.status === 'passed' && this.options.listPassed === false) return;
    const s = this.style;
    const time =
      result.status === 'skipped'
        ? s.dim(result.skipReason ? `skipped: ${result.skipReason}` : 'skipped')
        : s.dim(formatDuration(result.durationMs));
    const met = result.status === 'passed' || result.status === 'flaky';
    const rate = result.repeats ? `${(met ? s.green : s.red)(rateText(result.repeats))} ` : '';
    this.options.write(`  ${statusMark(result.status, s)} ${result.suite} › ${result.name} ${rate}${time}\n`);
  }

  onEnd(summary: RunSummary): void {
    const s = this.style;
    const out: string[] = [];
    this.indexPlanOrder();
    this.problems.sort((a, b) => (this.order.get(a.id) ?? 0) - (this.order.get(b.id) ?? 0));
    for (const result of this.problems) {
      out.push(
        '',
        `${statusMark(result.status, s)} ${s.bold(`${result.suite} › ${result.name}`)}  ${s.dim(`${result.file}:${result.pos.line}`)}`,
      );
      if (result.repeats) {
        out.push(...this.repeatedProblems(result));
        continue;
      }
      const steps = result.status === 'flaky' ? (result.retries?.[0]?.steps ?? []) : result.steps;
      if (result.status === 'flaky')
        out.push(`  ${s.yellow(`passed on attempt ${(result.retries?.length ?? 0) + 1}; the first attempt:`)}`);
      else if (result.retries?.length)
        out.push(`  ${s.dim(`${result.status} on all ${result.retries.length + 1} attempts; the last:`)}`);
      out.push(...renderStepProblems(steps, s).map((l) => `  ${l}`));
    }
    const c = summary.counts;
    const parts = [
      s.green(`${c.passed} passed`),
      (c.failed ? s.red : s.dim)(`${c.failed} failed`),
      (c.errored ? s.red : s.dim)(counted(c.errored, 'error')),
    ];
    if (c.flaky) parts.push(s.yellow(`${c.flaky} flaky`));
    if (c.skipped) parts.push(s.dim(`${c.skipped} skipped`));
    if (summary.notRun) parts.push(s.yellow(`${summary.notRun} not run`));
    if (summary.drift) out.push(...this.driftSection(summary.drift));
    for (const group of this.groups.unfinished()) this.groupLine(group);
    const routing = this.routing.table();
    // quiet runs show routing only when a phrasing went astray
    if (routing && (this.options.listPassed !== false || routing.correct < routing.total))
      out.push('', ...renderRoutingText(routing, s));
    out.push('');
    const stopped = stopHeadline(summary);
    if (stopped) out.push(s.yellow(stopped));
    if (summary.throttled) {
      const lowered = summary.throttling
        ? `; concurrency lowered ${summary.throttling.reductions} time${summary.throttling.reductions === 1 ? '' : 's'}, to ${summary.throttling.lowestConcurrency} at the lowest`
        : '';
      out.push(
        s.yellow(
          `The bot throttled ${summary.throttled} request${summary.throttled === 1 ? '' : 's'} (HTTP 429)${lowered}.`,
        ),
      );
    }
    const latency = summary.stepLatencyMs
      ? `; step latency p50 ${formatDuration(summary.stepLatencyMs.p50)}, p99 ${formatDuration(summary.stepLatencyMs.p99)}`
      : '';
    if (this.repeat) out.push(repeatSummaryLine(this.repeat, this.repeats, c));
    out.push(
      `${parts.join(', ')} ${s.dim(`(${formatDuration(summary.durationMs)}, ${counted(summary.requests, 'request')}${latency})`)}`,
    );
    this.options.write(`${out.join('\n')}\n`);
  }

  /** A repeated dialogue that failed its rate or had failing runs: the rate, each run, then the run shown. */
  private repeatedProblems(result: DialogueResult): string[] {
    const s = this.style;
    const repeats = result.repeats!;
    const met = result.status === 'flaky' || result.status === 'passed';
    const out = [`  ${(met ? s.yellow : s.red)(rateSentence(repeats))}`];
    out.push(...repetitionLines(result).map((l) => `    ${s.dim(l)}`));
    const shown = repeats.runs.find((r) => r.userId === result.userId);
    if (shown && shown.status !== 'passed') {
      const which = shown.retries?.length ? `, its ${shown.status === 'flaky' ? 'first' : 'last'} attempt` : '';
      out.push(`  ${s.dim(`repeat ${shown.repetition}${which}:`)}`);
      const steps = shown.status === 'flaky' ? (shown.retries?.[0]?.steps ?? []) : shown.steps;
      out.push(...renderStepProblems(steps, s).map((l) => `  ${l}`));
    }
    return out;
  }

  /** The line of a data-driven dialogue, once all its phrasings have run. */
  private groupLine(group: GroupOutcome): void {
    if (group.status === 'passed' && this.options.listPassed === false) return;
    this.options.write(
      `  ${statusMark(group.status, this.style)} ${group.suite} › ${group.name} ${this.style.dim(`(${describeGroup(group)}) ${formatDuration(group.durationMs)}`)}\n`,
    );
  }

  /** Plan positions of the dialogues shown at the end only: one pass, instead of a map of every id kept all run. */
  private indexPlanOrder(): void {
    const wanted = new Set([...this.problems.map((r) => r.id), ...this.drifted.map((d) => d.id)]);
    this.planned.forEach((d, i) => {
      if (wanted.has(d.id) && !this.order.has(d.id)) this.order.set(d.id, i);
    });
  }

  /** Baseline drift: a section of its own, after the failures; not a failure unless --fail-on-drift. */
  private driftSection(drift: DriftSummary): string[] {
    const s = this.style;
    const out = ['', (hasDrift(drift) ? s.yellow : s.dim)(driftHeadline(drift))];
    this.drifted.sort((a, b) => (this.order.get(a.id) ?? 0) - (this.order.get(b.id) ?? 0));
    out.push(...toText(groupedDriftLines(this.drifted), s).map((l) => `  ${l}`));
    out.push(...toText(goneDialogueLines(drift), s).map((l) => `  ${l}`));
    return out;
  }
}
