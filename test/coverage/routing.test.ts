/** NLU routing from data-driven steps: accuracy per expected scenario and the confusion table, in every output. */
import { describe, expect, it } from 'vitest';
import { RoutingTally } from '../../src/coverage/routing.js';
import { renderRoutingText } from '../../src/coverage/render-text.js';
import { renderRoutingMarkdown } from '../../src/coverage/render-markdown.js';
import { routingSection } from '../../src/coverage/render-html.js';
import { ConsoleReporter } from '../../src/reporters/console.js';
import type { DialogueGroup } from '../../src/dialogues/types.js';
import type { PlannedDialogue, RunInfo } from '../../src/results/model.js';
import { resultWith } from './results.js';

const group = (
  name: string,
  variant: string,
  index: number,
  size: number,
  expectedScenario?: string,
): DialogueGroup => ({ name, variant, index, size, step: 1, ...(expectedScenario ? { expectedScenario } : {}) });

/** Six phrasings: four must reach Products, two Store hours; one times out. */
function results() {
  return [
    resultWith('nlu [products]', [['Products']], group('nlu', 'products', 1, 6, 'Products')),
    resultWith('nlu [상품 목록]', [['Products']], group('nlu', '상품 목록', 2, 6, 'Products')),
    resultWith('nlu [product a please]', [['Product A']], group('nlu', 'product a please', 3, 6, 'Products')),
    resultWith('nlu [商品]', [[null]], group('nlu', '商品', 4, 6, 'Products')),
    resultWith('nlu [store hours]', [['Store hours']], group('nlu', 'store hours', 5, 6, 'Store hours')),
    resultWith('nlu [영업시간]', ['errored'], group('nlu', '영업시간', 6, 6, 'Store hours')),
    // a variant whose step expects no plain scenario, and an ordinary dialogue: not routing checks
    resultWith('other [x]', [['Products']], group('other', 'x', 1, 1)),
    resultWith('plain', [['Products']]),
  ];
}

describe('the confusion table', () => {
  it('counts, per expected scenario, where each phrasing went; replies that never came are apart', () => {
    const tally = new RoutingTally();
    for (const r of results()) tally.add(r);
    const table = tally.table()!;
    expect(table.columns).toEqual(['Products', 'Store hours', 'Product A', '(no scenario)']);
    expect(
      table.rows.map((r) => ({
        expected: r.expected,
        total: r.total,
        correct: r.correct,
        accuracy: r.accuracy,
        observed: r.observed,
        unanswered: r.unanswered,
      })),
    ).toEqual([
      {
        expected: 'Products',
        total: 4,
        correct: 2,
        accuracy: 50,
        observed: { Products: 2, 'Product A': 1, '(no scenario)': 1 },
        unanswered: 0,
      },
      { expected: 'Store hours', total: 1, correct: 1, accuracy: 100, observed: { 'Store hours': 1 }, unanswered: 1 },
    ]);
    expect(table).toMatchObject({ total: 5, correct: 3, accuracy: 60, unanswered: 1 });
    expect(table.rows[0]!.misses).toEqual([
      { phrasing: 'product a please', observed: 'Product A', dialogue: 'S › nlu' },
      { phrasing: '商品', observed: '(no scenario)', dialogue: 'S › nlu' },
    ]);
  });

  it('is absent when no data-driven step expects a plain scenario', () => {
    const tally = new RoutingTally();
    tally.add(resultWith('plain', [['Products']]));
    expect(tally.table()).toBeUndefined();
  });

  it('renders for the console, Markdown and HTML', () => {
    const tally = new RoutingTally();
    for (const r of results()) tally.add(r);
    const table = tally.table()!;
    expect(renderRoutingText(table)).toEqual([
      'NLU routing (data-driven steps): 3 of 5 phrasings reached their scenario (60.0%); 1 got no answer',
      '  expected scenario  accuracy          routed instead',
      '  Products                2/4   50.0%  Product A ×1, (no scenario) ×1',
      '  Store hours             1/1  100.0%',
      '  ✗ "product a please" → Product A (expected Products)',
      '  ✗ "商品" → (no scenario) (expected Products)',
    ]);
    const md = renderRoutingMarkdown(table);
    expect(md).toContain('| Products | 2/4 (50.0%) | Product A ×1, (no scenario) ×1 |');
    expect(md).toContain('| expected \\ observed | Products | Store hours | Product A | (no scenario) |');
    expect(md).toContain('| Products | **2** |  | 1 | 1 |');
    const html = routingSection(table);
    expect(html).toMatchObject({ id: 'routing', title: 'NLU routing', summary: '60.0%' });
    expect(html.html).toContain('<td class="t-ok"><b>2</b></td>');
    // the report's Content-Security-Policy admits only its own stylesheet: no inline styles here
    expect(html.html).not.toMatch(/<style|style=/);
  });

  it('escapes hostile scenario names in HTML and Markdown', () => {
    const tally = new RoutingTally();
    tally.add(resultWith('x [a]', [['</td><script>alert(1)</script>']], group('x', 'a', 1, 1, 'A|B')));
    const table = tally.table()!;
    expect(routingSection(table).html).not.toContain('<script>');
    expect(renderRoutingMarkdown(table)).toContain(
      '| A\\|B | 0/1 (0.0%) | &lt;/td>&lt;script>alert(1)&lt;/script> ×1 |',
    );
  });
});

describe('the console, for data-driven dialogues', () => {
  it('prints one line per dialogue once all its phrasings ran, then the routing table', () => {
    let out = '';
    const reporter = new ConsoleReporter({ write: (t) => (out += t), color: false });
    const all = results();
    const planned: PlannedDialogue[] = all.map((r) => ({
      id: r.id,
      suite: r.suite,
      file: r.file,
      name: r.name,
      tags: [],
      steps: 1,
      ...(r.group ? { group: r.group } : {}),
    }));
    const info: RunInfo = {
      runId: 'r',
      startedAt: '2024-01-01T00:00:00.000Z',
      toolVersion: '0',
      target: { kind: 'mock', host: 'h', description: 'mock' },
      concurrency: 2,
      planned,
    };
    reporter.onBegin(info);
    for (const r of all) reporter.onDialogueEnd(r);
    reporter.onEnd({
      runId: 'r',
      startedAt: '',
      endedAt: '',
      durationMs: 5,
      counts: { total: 8, passed: 7, failed: 0, errored: 1, flaky: 0, skipped: 0 },
      requests: 8,
      throttled: 0,
      interrupted: false,
      notRun: 0,
    });
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('  ') && l.includes('› nlu'))).toEqual(['  ! S › nlu (1 errored) 1 ms']);
    // the failing phrasing is detailed at the end under its own name
    expect(lines).toContain('! S › nlu [영업시간]  spec.yaml:1');
    expect(lines.filter((l) => l.includes('› other'))).toEqual(['  ✓ S › other (1 phrasing) 1 ms']);
    expect(lines).toContain('  ✓ S › plain 1 ms');
    expect(out).toContain('NLU routing (data-driven steps): 3 of 5 phrasings reached their scenario (60.0%)');
  });
});
