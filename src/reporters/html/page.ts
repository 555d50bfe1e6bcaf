/**
 * The HTML report page: one self-contained file (inline CSS and JS, allowed by hash in its CSP; no
 * CDN, no fetch). Summary numbers, filters by status, tag, suite and text, then each dialogue as a
 * chat transcript with each step's verdict beside it — the field table and the same diff the
 * console prints — and the drift section. Every piece of data is escaped where it is inserted.
 */
import { rateSentence, rateText, repetitionLines } from '../../render/pass-rate.js';
import type { DialogueResult, RunInfo, RunSummary, StepResult } from '../../results/model.js';
import { stepProblemLines, stepTitle } from '../../render/dialogue-text.js';
import { fieldRows } from '../../render/mismatch.js';
import {
  dialogueDriftLines,
  driftHeadline,
  goneDialogueLines,
  groupedDriftLines,
  type DriftedDialogue,
} from '../../drift/drift-render.js';
import { chatHtml } from './chat.js';
import { dialogueAnchor } from './anchor.js';
import { escapeHtml as e } from '../../render/html-escape.js';
import { stopNote } from '../../render/stop-note.js';
import { indent, span, toHtml } from '../../render/styled.js';
import { counted, formatDuration } from '../../render/text.js';
import type { HtmlSection } from '../../render/html-section.js';
import { pageShell, sectionHtml } from '../../render/html-page-shell.js';

export type { HtmlSection };

export interface HtmlReportModel {
  info?: RunInfo;
  /** In plan order. */
  dialogues: DialogueResult[];
  summary: RunSummary;
  sections?: HtmlSection[];
  /** Dialogues past this many passing ones are listed without their transcript. */
  maxTranscripts?: number;
}

/** Passing dialogues shown with their transcript, at most, unless told otherwise. */
export const MAX_TRANSCRIPTS = 2_000;

/** What the page needs of a dialogue besides its article (order, filters, drift): a few fields. */
export interface PageEntry {
  id: string;
  status: DialogueResult['status'];
  suite: string;
  tags: string[];
  /** Drifted dialogues only: the drift section lists them. */
  drifted?: DriftedDialogue;
}

export type HtmlFrameModel<E extends PageEntry> = Omit<HtmlReportModel, 'dialogues'> & {
  /** In plan order. */
  entries: E[];
};

/** A place in the page for a dialogue's article, with its transcript or without (`full`). */
export interface ArticleSlot<E> {
  entry: E;
  full: boolean;
}

const STATUSES = [
  ['failed', 'Failed'],
  ['errored', 'Errors'],
  ['flaky', 'Flaky'],
  ['passed', 'Passed'],
  ['skipped', 'Skipped'],
] as const;

const MARK: Record<DialogueResult['status'], string> = {
  passed: '✓',
  failed: '✗',
  errored: '!',
  flaky: '~',
  skipped: '-',
};

/** The whole page as one string, every dialogue in memory (tests, small tools). */
export function buildHtmlReport(model: HtmlReportModel): string {
  const articles = new Map<PageEntry, DialogueResult>();
  const entries = model.dialogues.map((d) => {
    const entry = pageEntry(d);
    articles.set(entry, d);
    return entry;
  });
  let out = '';
  for (const piece of htmlFrame({ ...model, entries })) {
    if (typeof piece === 'string') out += piece;
    else {
      const d = articles.get(piece.entry)!;
      out += articleHtml(articleHead(d), piece.full ? stepsHtml(d) : undefined);
    }
  }
  return out;
}

export function pageEntry(d: DialogueResult): PageEntry {
  const entry: PageEntry = { id: d.id, status: d.status, suite: d.suite, tags: d.tags };
  if (d.drift) entry.drifted = { name: `${d.suite} › ${d.name}`, drift: d.drift };
  return entry;
}

/**
 * The page in order: its text, and a slot (in plan order) where each dialogue's article goes. The
 * header, filters and drift section come from the entries alone, so articles can be streamed in.
 */
export function* htmlFrame<E extends PageEntry>(model: HtmlFrameModel<E>): Generator<string | ArticleSlot<E>> {
  const { info, summary, entries } = model;
  const sections = model.sections ?? [];
  const c = summary.counts;
  const title = `clova-regress — ${c.failed + c.errored ? `${c.failed} failed, ${counted(c.errored, 'error')}` : 'all passed'} · run ${summary.runId}`;
  const maxTranscripts = model.maxTranscripts ?? MAX_TRANSCRIPTS;
  const cut = Math.max(0, entries.filter((d) => d.status === 'passed').length - maxTranscripts);
  const shell = pageShell({
    title,
    top: `${headerHtml(info, summary, sections)}\n${filtersHtml(entries)}`,
    footer: `clova-regress ${e(info?.toolVersion ?? '')} · run ${e(summary.runId)} · ${e(summary.startedAt)} → ${e(summary.endedAt)}`,
    script: true,
  });
  yield `${shell.before}${summary.drift ? driftHtml(summary, entries) : ''}
<section id="dialogues" aria-label="dialogues">
`;
  let transcripts = 0;
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) yield '\n';
    const entry = entries[i]!;
    yield { entry, full: entry.status !== 'passed' || transcripts++ < maxTranscripts };
  }
  yield `
<p id="none" class="empty" hidden>No dialogue matches these filters.</p>
${cut ? `<p class="empty">${cut} passing dialogue${cut === 1 ? '' : 's'} listed without a transcript (more than ${maxTranscripts} passed); the JSON results hold them all.</p>` : ''}
</section>
${sections.map(sectionHtml).join('\n')}${shell.after}`;
}

/** Everything that drifted, as one number for the header. */
function driftCount(d: NonNullable<RunSummary['drift']>): number {
  return d.changedSteps + d.newSteps + d.goneSteps + d.newDialogues + d.gone.length;
}

function headerHtml(info: RunInfo | undefined, summary: RunSummary, sections: HtmlSection[]): string {
  const c = summary.counts;
  const num = (cls: string, label: string, value: string | number) =>
    `<div class="num ${cls}"><b>${e(String(value))}</b>${e(label)}</div>`;
  const numbers = [
    num('total', 'dialogues', c.total),
    num('passed', 'passed', c.passed),
    num('failed', 'failed', c.failed),
    num('errored', 'errors', c.errored),
    ...(c.flaky ? [num('flaky', 'flaky', c.flaky)] : []),
    ...(c.skipped ? [num('skipped', 'skipped', c.skipped)] : []),
    num('time', 'duration', formatDuration(summary.durationMs)),
    num('requests', 'requests', summary.requests),
    ...(summary.drift ? [`<a class="num drift" href="#drift"><b>${driftCount(summary.drift)}</b>drift</a>`] : []),
    ...sections
      .filter((s) => s.summary)
      .map((s) => `<a class="num" href="#${e(s.id)}"><b>${e(s.summary!)}</b>${e(s.title)}</a>`),
  ];
  const notes: string[] = [];
  if (summary.interrupted || summary.stopReason || summary.missingShards?.length)
    notes.push(`<p class="t-warn">${e(stopNote(summary))}</p>`);
  if (summary.throttled)
    notes.push(
      `<p class="t-warn">The bot throttled ${summary.throttled} request${summary.throttled === 1 ? '' : 's'} (HTTP 429).</p>`,
    );
  const target = info
    ? `${e(info.target.description)} · run ${e(info.runId)} · ${e(info.startedAt)}${info.shard ? ` · shard ${e(info.shard)}` : ''}`
    : `run ${e(summary.runId)}`;
  return `<header><h1>clova-regress report</h1><div class="meta">${target}</div><div class="numbers">${numbers.join('')}</div>${notes.join('')}</header>`;
}

function filtersHtml(dialogues: PageEntry[]): string {
  const count = (status: string) => dialogues.filter((d) => d.status === status).length;
  const buttons = [`<button type="button" data-status="all" aria-pressed="true">All ${dialogues.length}</button>`];
  for (const [status, label] of STATUSES)
    if (count(status))
      buttons.push(
        `<button type="button" data-status="${status}" aria-pressed="false">${label} ${count(status)}</button>`,
      );
  const tags = [...new Set(dialogues.flatMap((d) => d.tags))].sort();
  const suites = [...new Set(dialogues.map((d) => d.suite))];
  const select = (id: string, all: string, values: string[]) =>
    `<select id="${id}" aria-label="${all}"><option value="">${all}</option>${values.map((v) => `<option value="${e(v)}">${e(v)}</option>`).join('')}</select>`;
  return `<nav class="filters" aria-label="filters">${buttons.join('')}${tags.length ? select('tag', 'all tags', tags) : ''}${suites.length > 1 ? select('suite', 'all suites', suites) : ''}<input id="q" type="search" placeholder="search names" aria-label="search"><button type="button" id="expand">expand all</button><button type="button" id="collapse">collapse all</button><label class="toggle"><input type="checkbox" id="images">load images</label><span id="shown"></span></nav>`;
}

/** A dialogue's article up to its transcript: the line a reader clicks to open it. */
export function articleHead(d: DialogueResult): string {
  const open = d.status === 'failed' || d.status === 'errored' ? ' open' : '';
  const tags = d.tags.map((t) => `<span class="tag">${e(t)}</span>`).join('');
  const badges = [
    d.drift ? `<span class="badge">drift</span>` : '',
    d.repeats
      ? `<span class="badge">${e(rateText(d.repeats))} runs</span>`
      : d.status === 'flaky'
        ? `<span class="badge">passed on attempt ${(d.retries?.length ?? 0) + 1}</span>`
        : '',
  ].join('');
  const search = `${d.suite} › ${d.name} ${d.file} ${d.userId}`.toLowerCase();
  const head = `<summary><span class="mark ${d.status}" aria-label="${d.status}">${MARK[d.status]}</span><span class="name">${e(d.name)}</span><span class="where">${e(d.suite)} · ${e(`${d.file}:${d.pos.line}`)}</span>${tags}${badges}<span class="took">${d.status === 'skipped' ? e(d.skipReason ? `skipped: ${d.skipReason}` : 'skipped') : e(formatDuration(d.durationMs))}</span></summary>`;
  return `<article class="dialogue" id="${e(dialogueAnchor(d.id))}" data-status="${d.status}" data-suite="${e(d.suite)}" data-tags="${e(JSON.stringify(d.tags))}" data-search="${e(search)}"><details${open}>${head}`;
}

/** The article whole: its head, then its transcript (`stepsHtml`) or a note that it was left out. */
export function articleHtml(head: string, steps: string | undefined): string {
  return `${head}${steps ?? NO_TRANSCRIPT}${ARTICLE_END}`;
}

/** An article's parts after its head and transcript, for a writer that copies those two as they were spilled. */
export const NO_TRANSCRIPT = '<div class="steps"><p class="empty">transcript left out (see the JSON results)</p></div>';
export const ARTICLE_END = '</details></article>';

/** A dialogue's transcript: each step's chat and verdict, and what came before (retries, drift). */
export function stepsHtml(d: DialogueResult): string {
  const parts: string[] = [];
  if (d.repeats) {
    const runs = e(repetitionLines(d).join('\n'));
    parts.push(`<div class="facts repeats">${e(rateSentence(d.repeats))}<pre>${runs}</pre></div>`);
  }
  if (d.status !== 'skipped') parts.push(`<div class="facts uid">userId ${e(d.userId)}</div>`);
  for (const attempt of d.retries ?? []) {
    const problems = attempt.steps
      .filter((s) => s.status === 'failed' || s.status === 'errored')
      .flatMap((s) => [[span(stepTitle(s), 'bold')], ...indent(stepProblemLines(s), '  ')]);
    parts.push(
      `<div class="step"><div class="verdict"><h3 class="bad">an earlier attempt ${e(attempt.status)} (userId ${e(attempt.userId)})</h3><pre>${toHtml(problems)}</pre></div></div>`,
    );
  }
  if (d.drift)
    parts.push(
      `<div class="step"><div class="verdict"><h3>drift since the baseline</h3><pre>${toHtml(dialogueDriftLines(d.name, d.drift).slice(1))}</pre></div></div>`,
    );
  for (const step of d.steps)
    parts.push(`<div class="step step-${step.status}">${chatHtml(step)}${verdictHtml(step)}</div>`);
  return `<div class="steps">${parts.join('')}</div>`;
}

function verdictHtml(step: StepResult): string {
  const title = `<h3>${e(stepTitle(step))} <span class="dimmed">${e(`${step.pos.file}:${step.pos.line}`)}</span></h3>`;
  const rows = fieldRows(step);
  const table = rows.length
    ? `<table class="fields"><thead><tr><th></th><th>field</th><th>expected</th><th>actual</th></tr></thead><tbody>${rows
        .map(
          (r) =>
            `<tr class="${r.ok ? 'ok' : 'bad'}"><td>${r.ok ? '✓' : '✗'}</td><td>${e(r.field)}</td><td>${e(r.expected)}</td><td>${e(r.actual)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  switch (step.status) {
    case 'passed':
      return `<div class="verdict">${title}<p class="ok">✓ passed${rows.length ? '' : ' (nothing expected)'}</p>${table}</div>`;
    case 'failed':
      return `<div class="verdict">${title}${table}<pre class="diff">${toHtml(stepProblemLines(step))}</pre></div>`;
    case 'errored':
      return `<div class="verdict">${title}<pre class="diff">${toHtml(stepProblemLines(step))}</pre></div>`;
    case 'skipped':
      return `<div class="verdict">${title}<p class="dimmed">not run: ${e(step.reason)}</p></div>`;
  }
}

function driftHtml(summary: RunSummary, dialogues: PageEntry[]): string {
  const drift = summary.drift!;
  const drifted = dialogues.filter((d) => d.drifted).map((d) => d.drifted!);
  // every place listed: the page has room, and the filter finds them
  const lines = groupedDriftLines(drifted, 0);
  lines.push(...goneDialogueLines(drift));
  const base = drift.baseline.file ? ` <span class="t-dim">(${e(drift.baseline.file)})</span>` : '';
  return `<section class="block" id="drift"><h2>Drift since the baseline${base}</h2><p>${e(driftHeadline(drift))}</p>${lines.length ? `<pre>${toHtml(lines)}</pre>` : ''}</section>`;
}
