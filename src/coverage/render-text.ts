/** Coverage and routing for the console: aligned tables, coloured statuses, the totals line. */
import { plainStyle, type Style } from '../render/styled.js';
import {
  gapsFirst,
  type CoverageReport,
  type CoverageRow,
  type CoverageSection,
  type CoverageStatus,
} from './coverage.js';
import type { RoutingTable } from './routing.js';
import { alignColumns } from './text-width.js';
import { closestName } from '../diagnostics/problem.js';

export const STATUS_LABEL: Record<CoverageStatus, string> = {
  covered: 'covered',
  'expected-not-observed': 'expected, never observed',
  'observed-only': 'observed, not expected',
  untested: 'untested',
};

// untested is the gap to see first: bold yellow, its row's name too (it was dim)
const STATUS_PAINT: Record<CoverageStatus, 'green' | 'red' | 'yellow' | 'dim'> = {
  covered: 'green',
  'expected-not-observed': 'red',
  'observed-only': 'yellow',
  untested: 'yellow',
};

export function renderCoverageText(report: CoverageReport, style: Style = plainStyle): string[] {
  const observed = report.results !== undefined;
  const out: string[] = [];
  const from = `${report.inventory.files.join(', ')} (${report.inventory.scenarios} scenario${report.inventory.scenarios === 1 ? '' : 's'})`;
  out.push(
    style.bold('Scenario coverage'),
    style.dim(
      `inventory: ${from}${observed ? `; observed in ${report.results!.length > 0 ? report.results!.join(', ') : 'this run'}` : '; static (add --results <results.json> for what the bot answered)'}`,
    ),
  );
  const untested = report.scenarios.rows.filter((r) => r.status === 'untested');
  if (untested.length)
    out.push(
      style.yellow(
        style.bold(
          `${untested.length} untested scenario${untested.length === 1 ? '' : 's'} (no spec expects ${untested.length === 1 ? 'it' : 'them'}), listed first`,
        ),
      ),
    );
  out.push(
    ...table(report.scenarios, 'scenario', observed, style, true),
    `  ${totalsLine(report.scenarios, observed, 'scenarios')}`,
  );
  if (report.outside.expected.length > 0 || report.outside.observed.length > 0) {
    out.push('', style.yellow('Not in the inventory:'));
    const names = report.scenarios.rows.map((r) => r.name);
    for (const e of report.outside.expected) {
      const guess = closestName(e.name, names);
      out.push(
        `  expected ${JSON.stringify(e.name)} (${e.expectedBy} dialogue${e.expectedBy === 1 ? '' : 's'}) at ${e.at.file}:${e.at.line}:${e.at.column}${guess ? ` — did you mean ${JSON.stringify(guess)}?` : ''}`,
      );
    }
    for (const o of report.outside.observed) out.push(`  observed ${JSON.stringify(o.name)} ×${o.observed}`);
  }
  if (report.unresolved.length > 0) {
    out.push(
      '',
      style.dim(
        `Not counted (they use captured values or unset env variables, known only while running): ${report.unresolved.map((u) => `${u.matcher} at ${u.at.file}:${u.at.line}`).join('; ')}`,
      ),
    );
  }
  out.push(
    '',
    style.bold('Chat type coverage'),
    ...table(report.chatTypes, 'chat type', observed, style),
    `  ${totalsLine(report.chatTypes, observed, 'chat types')}`,
  );
  if (report.routing) out.push('', ...renderRoutingText(report.routing, style));
  out.push(
    '',
    `Coverage: ${report.coverage.toFixed(1)}% ${style.dim(observed ? '(scenarios expected by a spec and observed in the run)' : '(scenarios expected by a spec)')}`,
  );
  return out;
}

function table(section: CoverageSection, noun: string, observed: boolean, style: Style, gaps = false): string[] {
  const shown = gaps ? gapsFirst(section.rows) : section.rows;
  const header = observed ? [noun, 'expected by', 'observed', 'status'] : [noun, 'expected by', 'status'];
  const cells = (r: CoverageRow) => {
    const by = r.expectedBy === 0 ? '–' : `${r.expectedBy} dialogue${r.expectedBy === 1 ? '' : 's'}`;
    return observed
      ? [r.name, by, r.observed ? `${r.observed}×` : '–', STATUS_LABEL[r.status]]
      : [r.name, by, STATUS_LABEL[r.status]];
  };
  const rows = [header, ...shown.map(cells)];
  const last = header.length - 1;
  return alignColumns(rows, observed ? ['left', 'right', 'right', 'left'] : ['left', 'right', 'left'], (r, c, text) => {
    if (r === 0) return style.dim(text);
    const status = shown[r - 1]!.status;
    if (c === last) return status === 'untested' ? style.bold(style.yellow(text)) : style[STATUS_PAINT[status]](text);
    return status === 'untested' && c === 0 ? style.bold(text) : text;
  }).map((l) => `  ${l}`);
}

function totalsLine(section: CoverageSection, observed: boolean, noun: string): string {
  const part = (label: string, n: number, pct: number) => `${label} ${n} of ${section.total} (${pct.toFixed(1)}%)`;
  const parts = [part(`${noun} expected by specs:`, section.expected, section.percent.expected)];
  if (observed)
    parts.push(
      part('observed:', section.observed!, section.percent.observed!),
      part('covered:', section.covered, section.percent.covered!),
    );
  return parts.join(' · ');
}

/** Per expected scenario: accuracy, and where the other phrasings went (the confusion table's row). */
export function renderRoutingText(table: RoutingTable, style: Style = plainStyle): string[] {
  const head = `${table.correct} of ${table.total} phrasings reached their scenario (${table.accuracy.toFixed(1)}%)${table.unanswered ? `; ${table.unanswered} got no answer` : ''}`;
  const rows = [
    ['expected scenario', 'accuracy', '', 'routed instead'],
    ...table.rows.map((r) => [
      r.expected,
      `${r.correct}/${r.total}`,
      `${r.accuracy.toFixed(1)}%`,
      elsewhere(r.observed, r.expected),
    ]),
  ];
  const lines = alignColumns(rows, ['left', 'right', 'right', 'left'], (r, c, text) => {
    if (r === 0) return style.dim(text);
    const row = table.rows[r - 1]!;
    return c === 2 ? (row.correct === row.total ? style.green : style.red)(text) : text;
  }).map((l) => `  ${l}`);
  const misses = table.rows.flatMap((r) =>
    r.misses.map(
      (m) =>
        `  ${style.dim('✗')} ${JSON.stringify(m.phrasing)} → ${m.observed} ${style.dim(`(expected ${r.expected})`)}`,
    ),
  );
  return [`${style.bold('NLU routing')} ${style.dim('(data-driven steps)')}: ${head}`, ...lines, ...misses];
}

function elsewhere(observed: Record<string, number>, expected: string): string {
  return Object.entries(observed)
    .filter(([name]) => name !== expected)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ×${n}`)
    .join(', ');
}
