/**
 * Coverage and routing as sections of the HTML report (report/html-page.ts): plain tables with
 * the page's own classes, every name escaped.
 */
import { escapeHtml as e } from '../report/html-escape.js';
import type { HtmlSection } from '../report/html-page.js';
import type { CoverageReport, CoverageSection } from './coverage.js';
import type { RoutingTable } from './routing.js';
import { STATUS_LABEL } from './render-text.js';

const CLASS = { covered: 'ok', 'expected-not-observed': 'bad', 'observed-only': 'warn', untested: 'dim' } as const;
const STYLE = '<style>table.cov{border-collapse:collapse;font-size:13px;margin:6px 0 12px}table.cov td,table.cov th{border:1px solid var(--line,#ddd);padding:3px 8px;text-align:left}table.cov td.n{text-align:right;font-variant-numeric:tabular-nums}table.cov tr.ok td:last-child{color:var(--ok,#1a7f37)}table.cov tr.bad td:last-child{color:var(--bad,#cf222e)}table.cov tr.warn td:last-child{color:#9a6700}table.cov tr.dim td{opacity:.7}table.cov td.hit{font-weight:bold}</style>';

export function coverageSection(report: CoverageReport): HtmlSection {
  const observed = report.results !== undefined;
  const parts = [
    STYLE,
    `<p>Inventory: ${report.inventory.files.map((f) => `<code>${e(f)}</code>`).join(', ')} (${report.inventory.scenarios} scenarios)${observed ? '; observed in this run' : ''}. ${e(totals(report.scenarios, observed))}</p>`,
    table(report.scenarios, 'Scenario', observed),
  ];
  if (report.outside.expected.length > 0 || report.outside.observed.length > 0) {
    const items = [...report.outside.expected.map((o) => `expected <code>${e(o.name)}</code> (${e(`${o.at.file}:${o.at.line}`)})`), ...report.outside.observed.map((o) => `observed <code>${e(o.name)}</code> ×${o.observed}`)];
    parts.push(`<p><b>Not in the inventory:</b> ${items.join(', ')}</p>`);
  }
  parts.push(`<h3>Chat types</h3><p>${e(totals(report.chatTypes, observed))}</p>`, table(report.chatTypes, 'Chat type', observed));
  return { id: 'coverage', title: 'Scenario coverage', summary: `${report.coverage.toFixed(1)}%`, html: parts.join('\n') };
}

function totals(section: CoverageSection, observed: boolean): string {
  const parts = [`expected by specs ${section.expected} of ${section.total} (${section.percent.expected.toFixed(1)}%)`];
  if (observed) parts.push(`observed ${section.observed} (${section.percent.observed!.toFixed(1)}%)`, `covered ${section.covered} (${section.percent.covered!.toFixed(1)}%)`);
  return parts.join(' · ');
}

function table(section: CoverageSection, noun: string, observed: boolean): string {
  const head = `<tr><th>${noun}</th><th>Expected by</th>${observed ? '<th>Observed</th>' : ''}<th>Status</th></tr>`;
  const rows = section.rows.map((r) => `<tr class="${CLASS[r.status]}"><td>${e(r.name)}</td><td class="n">${r.expectedBy}</td>${observed ? `<td class="n">${r.observed ?? 0}</td>` : ''}<td>${e(STATUS_LABEL[r.status])}</td></tr>`);
  return `<table class="cov">${head}${rows.join('')}</table>`;
}

/** Accuracy per expected scenario and the confusion table (rows expected, columns observed). */
export function routingSection(routing: RoutingTable): HtmlSection {
  const accuracy = routing.rows.map((r) => `<tr class="${r.correct === r.total ? 'ok' : 'bad'}"><td>${e(r.expected)}</td><td class="n">${r.correct}/${r.total}</td><td>${r.accuracy.toFixed(1)}%</td></tr>`);
  const matrixHead = `<tr><th>expected \\ observed</th>${routing.columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
  const matrix = routing.rows.map((r) => `<tr><td>${e(r.expected)}</td>${routing.columns.map((c) => `<td class="n${c === r.expected ? ' hit' : ''}">${r.observed[c] ?? ''}</td>`).join('')}</tr>`);
  const misses = routing.rows.flatMap((r) => r.misses.map((m) => `<li><q>${e(m.phrasing)}</q> → ${e(m.observed)} <small>(expected ${e(r.expected)})</small></li>`));
  const html = [
    STYLE,
    `<p>${routing.correct} of ${routing.total} phrasings reached their scenario (${routing.accuracy.toFixed(1)}%)${routing.unanswered ? `; ${routing.unanswered} got no answer` : ''}.</p>`,
    `<table class="cov"><tr><th>Expected scenario</th><th>Correct</th><th>Accuracy</th></tr>${accuracy.join('')}</table>`,
    `<h3>Confusion table</h3><table class="cov">${matrixHead}${matrix.join('')}</table>`,
    misses.length ? `<h3>Misrouted phrasings</h3><ul>${misses.join('')}</ul>` : '',
  ];
  return { id: 'routing', title: 'NLU routing', summary: `${routing.accuracy.toFixed(1)}%`, html: html.join('\n') };
}
