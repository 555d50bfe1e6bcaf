/** Coverage and routing as Markdown: tables sized for a PR comment or a GitHub step summary. */
import { gapsFirst, type CoverageReport, type CoverageSection } from './coverage.js';
import type { RoutingTable } from './routing.js';
import { STATUS_LABEL } from './render-text.js';

/** A table cell: pipes and line breaks would break the table; `<` would open HTML. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

const ICON = { covered: '✅', 'expected-not-observed': '❌', 'observed-only': '⚠️', untested: '🟨' } as const;

export function renderCoverageMarkdown(report: CoverageReport): string {
  const observed = report.results !== undefined;
  const lines = [`### Scenario coverage: ${report.coverage.toFixed(1)}%`, ''];
  lines.push(
    `Inventory: ${report.inventory.files.map((f) => `\`${cell(f)}\``).join(', ')} (${report.inventory.scenarios} scenario${report.inventory.scenarios === 1 ? '' : 's'})${observed ? `; observed in ${report.results!.length > 0 ? report.results!.map((f) => `\`${cell(f)}\``).join(', ') : 'this run'}` : ' — static: what the specs expect'}.`,
    '',
  );
  lines.push(totals(report.scenarios, observed, 'Scenarios'), totals(report.chatTypes, observed, 'Chat types'), '');
  const untested = report.scenarios.rows.filter((r) => r.status === 'untested').length;
  if (untested)
    lines.push(
      `**${untested} untested scenario${untested === 1 ? '' : 's'}** (no spec expects ${untested === 1 ? 'it' : 'them'}), listed first:`,
      '',
    );
  lines.push(...sectionTable(report.scenarios, 'Scenario', observed, true));
  if (report.outside.expected.length > 0 || report.outside.observed.length > 0) {
    lines.push(
      '',
      '**Not in the inventory:** ' +
        [
          ...report.outside.expected.map((e) => `expected \`${cell(e.name)}\` (${e.at.file}:${e.at.line})`),
          ...report.outside.observed.map((o) => `observed \`${cell(o.name)}\` ×${o.observed}`),
        ].join(', '),
    );
  }
  lines.push(
    '',
    '<details><summary>Chat types</summary>',
    '',
    ...sectionTable(report.chatTypes, 'Chat type', observed),
    '',
    '</details>',
  );
  if (report.routing) lines.push('', renderRoutingMarkdown(report.routing));
  return `${lines.join('\n')}\n`;
}

function totals(section: CoverageSection, observed: boolean, noun: string): string {
  const parts = [`expected by specs ${section.expected}/${section.total} (${section.percent.expected.toFixed(1)}%)`];
  if (observed)
    parts.push(
      `observed ${section.observed}/${section.total} (${section.percent.observed!.toFixed(1)}%)`,
      `covered ${section.covered}/${section.total} (${section.percent.covered!.toFixed(1)}%)`,
    );
  return `- **${noun}:** ${parts.join(' · ')}`;
}

function sectionTable(section: CoverageSection, noun: string, observed: boolean, gaps = false): string[] {
  const head = observed
    ? `| ${noun} | Expected by | Observed | Status |\n| --- | ---: | ---: | --- |`
    : `| ${noun} | Expected by | Status |\n| --- | ---: | --- |`;
  const rows = (gaps ? gapsFirst(section.rows) : section.rows).map((r) => {
    // untested in bold: the row to see first
    const bold = (text: string) => (r.status === 'untested' ? `**${text}**` : text);
    const status = `${ICON[r.status]} ${bold(STATUS_LABEL[r.status])}`;
    const name = bold(cell(r.name));
    return observed
      ? `| ${name} | ${r.expectedBy} | ${r.observed ?? 0} | ${status} |`
      : `| ${name} | ${r.expectedBy} | ${status} |`;
  });
  return [head, ...rows];
}

/** Accuracy per expected scenario, then the full confusion table (rows expected, columns observed). */
export function renderRoutingMarkdown(table: RoutingTable): string {
  const lines = [
    `### NLU routing: ${table.correct}/${table.total} phrasings reached their scenario (${table.accuracy.toFixed(1)}%)`,
    '',
  ];
  lines.push('| Expected scenario | Accuracy | Routed instead |', '| --- | ---: | --- |');
  for (const r of table.rows) {
    const other = Object.entries(r.observed)
      .filter(([n]) => n !== r.expected)
      .map(([n, c]) => `${cell(n)} ×${c}`)
      .join(', ');
    lines.push(`| ${cell(r.expected)} | ${r.correct}/${r.total} (${r.accuracy.toFixed(1)}%) | ${other} |`);
  }
  lines.push('', '<details><summary>Confusion table (rows: expected scenario, columns: observed)</summary>', '');
  lines.push(
    `| expected \\ observed | ${table.columns.map(cell).join(' | ')} |`,
    `| --- | ${table.columns.map(() => '---:').join(' | ')} |`,
  );
  for (const r of table.rows)
    lines.push(
      `| ${cell(r.expected)} | ${table.columns.map((c) => (r.observed[c] ? (c === r.expected ? `**${r.observed[c]}**` : String(r.observed[c])) : '')).join(' | ')} |`,
    );
  lines.push('', '</details>');
  return lines.join('\n');
}
