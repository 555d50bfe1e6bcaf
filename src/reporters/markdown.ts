/**
 * The Markdown summary (`--markdown <file>`, and appended to `$GITHUB_STEP_SUMMARY` on GitHub
 * Actions): counts, each failing dialogue collapsed in `<details>` with its field table and the
 * same diff the console prints (a ```diff block, so GitHub colours expected and actual), then drift.
 * Each failure links to its spec line and to the HTML report when those are known (markdown-links.ts).
 * Sized for a PR comment: past the budget, the rest is counted, not shown. Bot text is escaped: in a
 * table cell it cannot break the table or inject HTML.
 */
import { formatRate, rateSentence, rateText, repetitionLines } from '../render/pass-rate.js';
import type { Reporter } from '../results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary, StepResult } from '../results/model.js';
import { appendReportFile, writeReportFile } from '../io/write-report.js';
import { oneLineProblem, renderStepProblems, stepProblemLines, stepTitle } from '../render/dialogue-text.js';
import { fieldRows } from '../render/mismatch.js';
import { hasDrift } from '../drift/baseline.js';
import { driftHeadline, goneDialogueLines, groupedDriftLines } from '../drift/drift-render.js';
import { plainStyle, toText, type StyledLine } from '../render/styled.js';
import { mdHref, sourceLink, type MarkdownLinks } from './markdown-links.js';
import { dialogueAnchor } from './html/anchor.js';
import { formatDuration, stripAnsi, truncate } from '../render/text.js';
import { escapeHtml } from '../render/html-escape.js';
import { stopNote } from '../render/stop-note.js';
import { forHumans } from '../render/terminal-safe.js';

/** GitHub refuses comments over 65,536 characters; keep room for what CI wraps around it. */
export const MAX_MARKDOWN_CHARS = 60_000;

export interface MarkdownReporterOptions {
  /** The file to write (atomically); optional when only the step summary is wanted. */
  path?: string;
  /** `$GITHUB_STEP_SUMMARY`: appended to, as GitHub expects. */
  stepSummary?: string;
  maxChars?: number;
  /** More sections (coverage…), Markdown text each, evaluated at the end of the run. */
  sections?: Array<() => string | undefined | Promise<string | undefined>>;
  /** Links to spec lines and the HTML report (the same in the file and the step summary). */
  links?: MarkdownLinks;
}

export class MarkdownReporter implements Reporter {
  readonly name: string;
  readonly writes: readonly string[];
  private info: RunInfo | undefined;
  private readonly order = new Map<string, number>();
  private readonly notable: DialogueResult[] = [];

  constructor(private readonly options: MarkdownReporterOptions) {
    this.writes = [options.path, options.stepSummary].filter((p): p is string => typeof p === 'string');
    this.name = `markdown (${[options.path, options.stepSummary && '$GITHUB_STEP_SUMMARY'].filter(Boolean).join(', ')})`;
  }

  onBegin(info: RunInfo): void {
    this.info = info;
    info.planned.forEach((d, i) => this.order.set(d.id, i));
  }

  onDialogueEnd(received: DialogueResult): void {
    // bot and spec text is spelled out, never run by the terminal (terminal-safe.ts)
    const result = forHumans(received);
    if (result.status === 'failed' || result.status === 'errored' || result.status === 'flaky' || result.drift)
      this.notable.push(result);
  }

  async onEnd(summary: RunSummary): Promise<void> {
    const at = (d: DialogueResult) => this.order.get(d.id) ?? Number.MAX_SAFE_INTEGER;
    const dialogues = this.notable.sort((a, b) => at(a) - at(b));
    const extra: string[] = [];
    for (const section of this.options.sections ?? []) {
      const text = await section();
      if (text) extra.push(text);
    }
    const links = this.options.links;
    const markdown = buildMarkdown(this.info, dialogues, summary, {
      maxChars: this.options.maxChars ?? MAX_MARKDOWN_CHARS,
      extra,
      ...(links ? { links } : {}),
    });
    if (this.options.path) await writeReportFile(this.options.path, markdown);
    // checked like every report write, and cut back on failure: the summary is shared with other steps
    if (this.options.stepSummary) await appendReportFile(this.options.stepSummary, `${markdown}\n`);
  }
}

export function buildMarkdown(
  info: RunInfo | undefined,
  dialogues: DialogueResult[],
  summary: RunSummary,
  options: { maxChars: number; extra?: string[]; links?: MarkdownLinks },
): string {
  const c = summary.counts;
  const bad = c.failed + c.errored;
  const verdict = bad
    ? `❌ ${[c.failed && `${c.failed} failed`, c.errored && `${c.errored} errored`].filter(Boolean).join(', ')}`
    : '✅ all passed';
  const head = [
    `## clova-regress: ${verdict}${summary.interrupted ? ' (interrupted)' : ''}`,
    '',
    '| total | passed | failed | errors | flaky | skipped | duration | requests |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${c.total} | ${c.passed} | ${c.failed} | ${c.errored} | ${c.flaky} | ${c.skipped} | ${formatDuration(summary.durationMs)} | ${summary.requests} |`,
    '',
  ];
  if (info)
    head.push(
      `${mdText(info.target.kind === 'live' ? `live bot at ${info.target.host}` : info.target.description)} · run \`${info.runId}\` · ${info.startedAt}${info.shard ? ` · shard ${info.shard}` : ''}`,
      '',
    );
  if (info?.repeat) {
    const gate = `it passes when at least ${formatRate(info.repeat.minPassRate)} of its runs pass`;
    head.push(`Each dialogue ran ${info.repeat.each} times, its own session each; ${gate}.`, '');
  }
  // why the run stopped (a signal, --max-failures, an error that cannot fix itself), as the console says it
  if (summary.interrupted || summary.stopReason || summary.missingShards?.length)
    head.push(`> **${mdText(stopNote(summary))}**`, '');
  if (summary.throttled)
    head.push(`> The bot throttled ${summary.throttled} request${summary.throttled === 1 ? '' : 's'} (HTTP 429).`, '');

  const budget = new Budget(options.maxChars - 400);
  const out = [...head];
  budget.take(out.join('\n'));
  const problems = dialogues.filter((d) => d.status === 'failed' || d.status === 'errored');
  if (problems.length) {
    out.push('### Failures', '');
    let shown = 0;
    for (const d of problems) {
      const block = failureBlock(d, options.links ?? {});
      if (!budget.take(block)) break;
      out.push(block);
      shown++;
    }
    if (shown < problems.length)
      out.push(
        `_…and ${problems.length - shown} more failing dialogue${problems.length - shown === 1 ? '' : 's'} not shown: this summary is capped for a PR comment; the JUnit, HTML and JSON reports have them all._`,
        '',
      );
  }
  const flaky = dialogues.filter((d) => d.status === 'flaky');
  if (flaky.length) {
    const title = info?.repeat
      ? 'Flaky (passed on a retry, or met the pass rate with runs that failed)'
      : 'Flaky (passed on a retry)';
    const list = [
      `### ${title}`,
      '',
      ...flaky.map((d) => `- ${mdText(`${d.suite} › ${d.name}`)} — ${mdText(flakyProblem(d))}`),
      '',
    ].join('\n');
    if (budget.take(list)) out.push(list);
  }
  if (summary.drift) out.push(...driftBlock(summary, dialogues, budget));
  for (const section of options.extra ?? []) if (budget.take(section)) out.push(section, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function failureBlock(d: DialogueResult, links: MarkdownLinks): string {
  const mark = d.status === 'failed' ? '✗' : '!';
  const rate = d.repeats ? `${rateText(d.repeats)} — ` : '';
  const lines = [
    `<details><summary>${mark} <b>${htmlText(`${d.suite} › ${d.name}`)}</b> — ${htmlText(rate + truncate(oneLineProblem(d), 200, 'message'))}</summary>`,
    '',
  ];
  const where = [
    linked(`\`${mdCode(`${d.file}:${d.pos.line}`)}\``, sourceLink(links.source, d.file, d.pos.line)),
    `userId \`${mdCode(d.userId)}\``,
  ];
  if (links.html) where.push(`[in the HTML report](${mdHref(`${links.html}#${dialogueAnchor(d.id)}`)})`);
  lines.push(where.join(' · '), '');
  if (d.repeats) lines.push(fenced([rateSentence(d.repeats), ...repetitionLines(d)].join('\n')), '');
  for (const step of d.steps.filter((s) => s.status === 'failed' || s.status === 'errored'))
    lines.push(...stepBlock(step, links));
  lines.push('</details>', '');
  return lines.join('\n');
}

function stepBlock(step: StepResult, links: MarkdownLinks): string[] {
  const at = linked(
    `\`${mdCode(`${step.pos.file}:${step.pos.line}:${step.pos.column}`)}\``,
    sourceLink(links.source, step.pos.file, step.pos.line),
  );
  const lines = [`**${mdText(stepTitle(step))}** — ${at}`, ''];
  const rows = fieldRows(step);
  if (rows.length) {
    lines.push('| | field | expected | actual |', '| --- | --- | --- | --- |');
    for (const r of rows)
      lines.push(`| ${r.ok ? '✓' : '✗'} | ${mdText(r.field)} | ${mdText(r.expected)} | ${mdText(r.actual)} |`);
    lines.push('');
  }
  // a failure as a diff block (GitHub colours `-` expected and `+` actual); an error as plain text
  if (step.status === 'failed')
    lines.push(fenced(truncate(diffText(stepProblemLines(step)).join('\n'), 8_000, 'details'), 'diff'), '');
  else
    lines.push(
      fenced(
        truncate(
          renderStepProblems([step])
            .slice(1)
            .map((l) => l.replace(/^ {2}/, ''))
            .join('\n'),
          8_000,
          'details',
        ),
      ),
      '',
    );
  return lines;
}

/** `text` as a link when there is somewhere to go. */
function linked(text: string, href: string | undefined): string {
  return href ? `[${text}](${mdHref(href)})` : text;
}

/**
 * Styled lines as a unified diff's body: `-` for what the spec expected (and lines a text diff
 * removed), `+` for what the bot answered, a space for the rest. A one-line word diff holds both,
 * so it stays a context line with its `[-…-]{+…+}` markers.
 */
export function diffText(lines: StyledLine[]): string[] {
  return lines.map((l) => {
    const minus = l.some((s) => s.tone === 'expected' || s.tone === 'delLine' || s.tone === 'delEmph');
    const plus = l.some((s) => s.tone === 'actual' || s.tone === 'insLine' || s.tone === 'insEmph');
    const text = toText([l], plainStyle)[0]!;
    return `${minus && !plus ? '-' : plus && !minus ? '+' : ' '}${text}`;
  });
}

function driftBlock(summary: RunSummary, dialogues: DialogueResult[], budget: Budget): string[] {
  const drift = summary.drift!;
  const out = ['### Drift since the baseline', '', mdText(driftHeadline(drift)), ''];
  budget.take(out.join('\n'));
  if (!hasDrift(drift)) return out;
  const drifted = dialogues.filter((d) => d.drift).map((d) => ({ name: `${d.suite} › ${d.name}`, drift: d.drift! }));
  const lines = toText(groupedDriftLines(drifted), plainStyle);
  lines.push(...toText(goneDialogueLines(drift), plainStyle));
  let text = lines.join('\n');
  const room = budget.left() - 100;
  if (text.length > room) text = truncate(text, Math.max(0, room), 'drift');
  const block = `<details open><summary>What changed</summary>\n\n${fenced(text)}\n\n</details>\n`;
  if (budget.take(block)) out.push(block);
  return out;
}

function flakyProblem(d: DialogueResult): string {
  if (!d.repeats) return `first attempt: ${firstAttemptProblem(d)}`;
  const failing = repetitionLines(d).find((l) => !/^repeat \d+: passed$/.test(l));
  return `${rateText(d.repeats)} runs passed${failing ? `; ${failing}` : ''}`;
}

function firstAttemptProblem(d: DialogueResult): string {
  const first = d.retries?.[0];
  return first ? oneLineProblem({ ...d, steps: first.steps }) : '';
}

class Budget {
  private used = 0;
  constructor(private readonly max: number) {}
  take(text: string): boolean {
    if (this.used + text.length + 1 > this.max) return false;
    this.used += text.length + 1;
    return true;
  }
  left(): number {
    return this.max - this.used;
  }
}

/** Bot text in Markdown (a table cell, a list item): markup neutralised, one line. */
export function mdText(text: string): string {
  return stripAnsi(text)
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/[\\`*_[\]#|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ⏎ ');
}

/** Text inside an HTML line (the `<summary>`): GitHub does not read Markdown there, so entities only. */
function htmlText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, ' ⏎ ');
}

/** Inside inline code: backticks cannot be escaped there, so they are replaced. */
function mdCode(text: string): string {
  return stripAnsi(text).replace(/`/g, 'ʼ').replace(/\r?\n/g, ' ');
}

/** A fenced block whose fence is longer than any backtick run inside, so bot text cannot close it. */
export function fenced(text: string, lang = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}
