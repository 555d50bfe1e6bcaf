/**
 * Coverage and routing as sections of the HTML report (reporters/html/page.ts), or as a page of
 * their own (`coverage --html`, in the same page shell): plain tables with the page's own classes,
 * every name escaped. Untested scenarios come first, highlighted.
 */
import { escapeHtml as e } from '../render/html-escape.js';
import type { HtmlSection } from '../render/html-section.js';
import { htmlPage, sectionHtml } from '../render/html-page-shell.js';
import { gapsFirst, type CoverageReport, type CoverageSection } from './coverage.js';
import type { RoutingTable } from './routing.js';
import { STATUS_LABEL } from './render-text.js';

/**
 * The page's own classes only: its Content-Security-Policy admits its stylesheet by hash, so a
 * section cannot bring styles of its own. A row's first cell is its mark, coloured by the row class.
 */
const ROW = {
  covered: { mark: '✓', row: 'ok', text: 't-ok' },
  'expected-not-observed': { mark: '✗', row: 'bad', text: 't-bad' },
  'observed-only': { mark: '~', row: '', text: 't-warn' },
  // highlighted by its row (page.ts styles tr.untested): the gap to see first
  untested: { mark: '!', row: 'untested', text: 't-dim' },
} as const;

export function coverageSection(report: CoverageReport): HtmlSection {
  const observed = report.results !== undefined;
  const parts = [
    `<p>Inventory: ${report.inventory.files.map((f) => `<code>${e(f)}</code>`).join(', ')} (${report.inventory.scenarios} scenario${report.inventory.scenarios === 1 ? '' : 's'})${observed ? '; observed in this run' : ''}. ${e(totals(report.scenarios, observed))}</p>`,
    table(report.scenarios, 'Scenario', observed, true),
  ];
  if (report.outside.expected.length > 0 || report.outside.observed.length > 0) {
    const items = [
      ...report.outside.expected.map((o) => `expected <code>${e(o.name)}</code> (${e(`${o.at.file}:${o.at.line}`)})`),
      ...report.outside.observed.map((o) => `observed <code>${e(o.name)}</code> ×${o.observed}`),
    ];
    parts.push(`<p><b>Not in the inventory:</b> ${items.join(', ')}</p>`);
  }
  parts.push(
    `<h3>Chat types</h3><p>${e(totals(report.chatTypes, observed))}</p>`,
    table(report.chatTypes, 'Chat type', observed),
  );
  return {
    id: 'coverage',
    title: 'Scenario coverage',
    summary: `${report.coverage.toFixed(1)}%`,
    html: parts.join('\n'),
  };
}

function totals(section: CoverageSection, observed: boolean): string {
  const parts = [`Expected by specs ${section.expected} of ${section.total} (${section.percent.expected.toFixed(1)}%)`];
  if (observed)
    parts.push(
      `observed ${section.observed} (${section.percent.observed!.toFixed(1)}%)`,
      `covered ${section.covered} (${section.percent.covered!.toFixed(1)}%)`,
    );
  return parts.join(' · ');
}

function table(section: CoverageSection, noun: string, observed: boolean, gaps = false): string {
  const head = `<tr><th></th><th>${noun}</th><th>Expected by (dialogues)</th>${observed ? '<th>Observed (replies)</th>' : ''}<th>Status</th></tr>`;
  const rows = (gaps ? gapsFirst(section.rows) : section.rows).map((r) => {
    const look = ROW[r.status];
    return `<tr class="${look.row}"><td>${look.mark}</td><td>${e(r.name)}</td><td>${r.expectedBy}</td>${observed ? `<td>${r.observed ?? 0}</td>` : ''}<td class="${look.text}">${e(STATUS_LABEL[r.status])}</td></tr>`;
  });
  return `<table class="fields">${head}${rows.join('')}</table>`;
}

/** Accuracy per expected scenario and the confusion table (rows expected, columns observed). */
export function routingSection(routing: RoutingTable): HtmlSection {
  const accuracy = routing.rows.map((r) => {
    const ok = r.correct === r.total;
    return `<tr class="${ok ? 'ok' : 'bad'}"><td>${ok ? '✓' : '✗'}</td><td>${e(r.expected)}</td><td>${r.correct}/${r.total}</td><td class="${ok ? 't-ok' : 't-bad'}">${r.accuracy.toFixed(1)}%</td></tr>`;
  });
  const matrixHead = `<tr><th></th><th>expected \\ observed</th>${routing.columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
  const matrix = routing.rows.map(
    (r) =>
      `<tr><td></td><td>${e(r.expected)}</td>${routing.columns.map((c) => (r.observed[c] ? `<td class="${c === r.expected ? 't-ok' : 't-bad'}">${c === r.expected ? `<b>${r.observed[c]}</b>` : r.observed[c]}</td>` : '<td></td>')).join('')}</tr>`,
  );
  const misses = routing.rows.flatMap((r) =>
    r.misses.map(
      (m) =>
        `<li><q>${e(m.phrasing)}</q> → ${e(m.observed)} <span class="t-dim">(expected ${e(r.expected)}; ${e(m.dialogue)})</span></li>`,
    ),
  );
  const html = [
    `<p>${routing.correct} of ${routing.total} phrasings reached their scenario (${routing.accuracy.toFixed(1)}%)${routing.unanswered ? `; ${routing.unanswered} got no answer` : ''}.</p>`,
    `<table class="fields"><tr><th></th><th>Expected scenario</th><th>Correct</th><th>Accuracy</th></tr>${accuracy.join('')}</table>`,
    `<h3>Confusion table</h3><table class="fields">${matrixHead}${matrix.join('')}</table>`,
    misses.length ? `<h3>Misrouted phrasings</h3><ul>${misses.join('')}</ul>` : '',
  ];
  return { id: 'routing', title: 'NLU routing', summary: `${routing.accuracy.toFixed(1)}%`, html: html.join('\n') };
}

/** The standalone coverage page: the same sections the run report carries, with a header of totals. */
export function coveragePage(report: CoverageReport, notes: string[], toolVersion: string): string {
  const sections = [coverageSection(report), ...(report.routing ? [routingSection(report.routing)] : [])];
  const untested = report.scenarios.rows.filter((r) => r.status === 'untested').length;
  const num = (cls: string, label: string, value: string | number) =>
    `<div class="num ${cls}"><b>${e(String(value))}</b>${e(label)}</div>`;
  const numbers = [
    num('', 'coverage', `${report.coverage.toFixed(1)}%`),
    num('total', 'scenarios', report.scenarios.total),
    num(untested ? 'failed' : 'passed', 'untested', untested),
    ...(report.routing ? [num('', 'NLU routing', `${report.routing.accuracy.toFixed(1)}%`)] : []),
  ];
  const meta = report.results ? `observed in ${report.results.join(', ') || 'a run'}` : 'static: what the specs expect';
  const top = `<header><h1>Scenario coverage</h1><div class="meta">${e(meta)}</div><div class="numbers">${numbers.join('')}</div>${notes.map((n) => `<p class="t-warn">${e(n)}</p>`).join('')}</header>`;
  return htmlPage({
    title: `clova-regress — scenario coverage ${report.coverage.toFixed(1)}%`,
    top,
    main: sections.map(sectionHtml).join('\n'),
    footer: `clova-regress ${e(toolVersion)}`,
  });
}
