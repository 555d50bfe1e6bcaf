/**
 * Coverage numbers over the fixture inventory (CSV and .xlsx of the same ten scenarios) against
 * specs/coverage.yaml, checked against a count made by hand (see the comments per scenario).
 */
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/dialogues/load.js';
import { readInventory } from '../../src/coverage/inventory.js';
import { buildCoverage, coveredNames, ExpectedTally, ObservedTally } from '../../src/coverage/coverage.js';
import { InputError } from '../../src/diagnostics/problem.js';
import type { TextMatcher } from '../../src/dialogues/types.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/temp.js';
import { resultWith } from './results.js';
import { coverageSection } from '../../src/coverage/render-html.js';
import { renderCoverageMarkdown } from '../../src/coverage/render-markdown.js';
import { renderCoverageText } from '../../src/coverage/render-text.js';

const DIR = `${FIXTURES}coverage`;

async function expectedTally(): Promise<ExpectedTally> {
  const { suites } = await loadSpecs(['specs/coverage.yaml'], DIR, { env: {} });
  const tally = new ExpectedTally();
  for (const d of suites[0]!.dialogues) if (d.skip === undefined) tally.add(d);
  return tally;
}

const TEN = [
  'Products',
  'Product A',
  'Price, Product A',
  '영업시간',
  '営業時間',
  'Order',
  'Order size',
  'Store hours',
  'Delivery',
  'Thanks',
];

describe('scenario inventories', () => {
  it('reads the Builder export as CSV (column "Conversation name") and as .xlsx (column "대화 이름")', async () => {
    const csv = await readInventory('conversation-list.csv', DIR);
    expect(csv).toEqual({ file: 'conversation-list.csv', kind: 'table', scenarios: TEN, column: 'Conversation name' });
    const xlsx = await readInventory('conversation-list.xlsx', DIR);
    expect(xlsx).toEqual({
      file: 'conversation-list.xlsx',
      kind: 'table',
      scenarios: TEN,
      column: '대화 이름',
      sheet: '대화 목록',
    });
  });

  it('reads a bot definition, a YAML list and a text list', async () => {
    const bot = await readInventory('../../../specs/bot.yaml', DIR);
    expect(bot.kind).toBe('bot definition');
    expect(bot.scenarios).toHaveLength(22);
    expect((await readInventory('scenarios.txt', DIR)).scenarios).toEqual([
      'Products',
      'Product A',
      'Price, Product A',
    ]);
    const dir = tempProject({ 'list.yaml': '- Products\n- { name: Order }\n- 42\n' });
    expect((await readInventory('list.yaml', dir)).scenarios).toEqual(['Products', 'Order', '42']);
  });

  it('takes a column by name, and says which columns there are when none fits', async () => {
    expect((await readInventory('conversation-list.csv', DIR, { column: 'type' })).scenarios).toEqual([
      'Basic',
      'Follow-up',
      'Form',
    ]);
    const dir = tempProject({ 'list.csv': 'No,Name\n1,Products\n' });
    await expect(readInventory('list.csv', dir)).rejects.toThrow(
      'list.csv:1:1: no column names a scenario (columns: `No`, `Name`); choose one with --column',
    );
    await expect(readInventory('conversation-list.csv', DIR, { column: 'Scenario' })).rejects.toThrow(
      /no column `Scenario` \(columns: `No`, `Conversation name`, `Type`, `Questions`, `Memo`\)/,
    );
    await expect(readInventory('nope.csv', DIR)).rejects.toBeInstanceOf(InputError);
  });
});

describe('which scenarios a scenarioName expectation covers', () => {
  const m = (matcher: TextMatcher) => coveredNames(matcher, TEN);
  it('resolves plain names, contains, regexes, anyOf and not against the inventory', () => {
    expect(m({ op: 'equals', value: 'Products' })).toEqual(['Products']);
    expect(m({ op: 'equals', value: 'Prodcts' })).toEqual(['Prodcts']); // kept, reported as outside the inventory
    expect(m({ op: 'contains', value: 'Product' })).toEqual(['Products', 'Product A', 'Price, Product A']);
    expect(m({ op: 'regex', pattern: '^order', flags: 'i' })).toEqual(['Order', 'Order size']);
    expect(m({ op: 'regex', pattern: '時間$', flags: '' })).toEqual(['営業時間']);
    expect(
      m({
        op: 'anyOf',
        matchers: [
          { op: 'equals', value: 'Thanks' },
          { op: 'regex', pattern: 'size', flags: '' },
        ],
      }),
    ).toEqual(['Thanks', 'Order size']);
    expect(m({ op: 'not', matcher: { op: 'equals', value: 'Order' } })).toEqual([]);
    expect(m({ op: 'equals', value: '' })).toEqual([]);
  });
});

describe('coverage over the fixture inventory', () => {
  it('static: matches the hand count, the same from CSV and from .xlsx', async () => {
    for (const file of ['conversation-list.csv', 'conversation-list.xlsx']) {
      const inventory = await readInventory(file, DIR);
      const report = buildCoverage({
        inventoryFiles: [file],
        inventory: inventory.scenarios,
        expected: await expectedTally(),
      });
      const by = Object.fromEntries(report.scenarios.rows.map((r) => [r.name, [r.expectedBy, r.status]]));
      expect(by).toEqual({
        Products: [2, 'covered'], // products, products again
        'Product A': [1, 'covered'], // products (the click)
        'Price, Product A': [1, 'covered'], // contains "Price, "
        영업시간: [1, 'covered'], // the regex; the three phrasings are one dialogue
        営業時間: [1, 'covered'],
        Order: [1, 'covered'], // anyOf; the `not: Order` covers nothing
        'Order size': [0, 'untested'], // only a skipped dialogue expects it
        'Store hours': [1, 'covered'], // the regex
        Delivery: [1, 'covered'], // anyOf
        Thanks: [0, 'untested'], // the spec misspells it
      });
      expect(report.scenarios).toMatchObject({ total: 10, expected: 8, covered: 8, percent: { expected: 80 } });
      expect(report.coverage).toBe(80);
      expect(report.outside.expected).toEqual([
        { name: 'Thank', expectedBy: 1, at: { file: 'specs/coverage.yaml', line: 37, column: 19 } },
      ]);
      expect(report.chatTypes.rows.find((r) => r.name === 'MULTILINKS')).toEqual({
        name: 'MULTILINKS',
        expectedBy: 1,
        status: 'covered',
      });
      expect(report.chatTypes).toMatchObject({ total: 6, expected: 1, percent: { expected: 16.7 } });
    }
  });

  it('observed: statuses from what the bot answered, counted per reply', async () => {
    const observed = new ObservedTally();
    observed.add(
      resultWith('products', [
        ['Products', ['MULTILINKS']],
        ['Product A', ['IMAGECARD']],
      ]),
    );
    observed.add(resultWith('products again', [['Products', ['MULTILINKS']]]));
    observed.add(resultWith('hours [store hours]', [['Store hours', ['TEXT']]]));
    observed.add(
      resultWith('order or delivery', [
        ['Delivery', ['TEXT']],
        ['Order size', ['TEXT']],
        [null, ['TEXT']],
      ]),
    );
    observed.add(resultWith('old', [['Legacy FAQ', ['TEXT']]]));
    const inventory = await readInventory('conversation-list.xlsx', DIR);
    const report = buildCoverage({
      inventoryFiles: ['x'],
      inventory: inventory.scenarios,
      expected: await expectedTally(),
      observed,
      resultsFiles: ['r.json'],
    });
    const by = Object.fromEntries(report.scenarios.rows.map((r) => [r.name, [r.expectedBy, r.observed, r.status]]));
    expect(by).toEqual({
      Products: [2, 2, 'covered'],
      'Product A': [1, 1, 'covered'],
      'Price, Product A': [1, 0, 'expected-not-observed'],
      영업시간: [1, 0, 'expected-not-observed'],
      営業時間: [1, 0, 'expected-not-observed'],
      Order: [1, 0, 'expected-not-observed'],
      'Order size': [0, 1, 'observed-only'],
      'Store hours': [1, 1, 'covered'],
      Delivery: [1, 1, 'covered'],
      Thanks: [0, 0, 'untested'],
    });
    expect(report.scenarios).toMatchObject({
      total: 10,
      expected: 8,
      observed: 5,
      covered: 4,
      percent: { expected: 80, observed: 50, covered: 40 },
    });
    expect(report.coverage).toBe(40);
    expect(report.outside.observed).toEqual([{ name: 'Legacy FAQ', observed: 1 }]);
    expect(report.chatTypes.rows.find((r) => r.name === 'TEXT')).toEqual({
      name: 'TEXT',
      expectedBy: 0,
      observed: 5,
      status: 'observed-only',
    });
  });

  it('renders the same numbers for the console, Markdown and HTML', async () => {
    const observed = new ObservedTally();
    observed.add(
      resultWith('p', [
        ['Products', ['MULTILINKS']],
        ['Order size | <b>', ['TEXT']],
      ]),
    );
    const inventory = await readInventory('conversation-list.csv', DIR);
    const report = buildCoverage({
      inventoryFiles: ['conversation-list.csv'],
      inventory: inventory.scenarios,
      expected: await expectedTally(),
      observed,
      resultsFiles: ['r.json'],
    });
    const text = renderCoverageText(report);
    expect(text).toContain('  Products          2 dialogues        1×  covered');
    // Korean and Japanese names take two columns a character: the table still lines up
    expect(text).toContain('  영업시간           1 dialogue         –  expected, never observed');
    expect(text).toContain('  Thanks                      –         –  untested');
    expect(text).toContain(
      '  scenarios expected by specs: 8 of 10 (80.0%) · observed: 1 of 10 (10.0%) · covered: 1 of 10 (10.0%)',
    );
    expect(text).toContain('  expected "Thank" (1 dialogue) at specs/coverage.yaml:37:19 — did you mean "Thanks"?');
    expect(text).toContain('  observed "Order size | <b>" ×1');
    expect(text[text.length - 1]).toBe('Coverage: 10.0% (scenarios expected by a spec and observed in the run)');
    const md = renderCoverageMarkdown(report);
    expect(md).toContain('| 영업시간 | 1 | 0 | ❌ expected, never observed |');
    expect(md).toContain('observed `Order size \\| &lt;b>` ×1');
    const html = coverageSection(report);
    expect(html.summary).toBe('10.0%');
    expect(html.html).toContain(
      '<tr class="bad"><td>✗</td><td>Price, Product A</td><td>1</td><td>0</td><td class="t-bad">expected, never observed</td></tr>',
    );
    expect(html.html).toContain('<code>Order size | &lt;b&gt;</code>');
    expect(html.html).not.toMatch(/<style|style=/);
  });

  it('leaves out expectations that depend on values known only while running, and says so', async () => {
    const dir = tempProject({
      's.yaml':
        'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        capture: { s: scenarioName }\n      - send: again\n        expect: { scenarioName: "${s}" }\n      - send: env\n        expect: { scenarioName: "${env.SCENARIO}" }\n',
    });
    const { suites } = await loadSpecs(['s.yaml'], dir, { env: {}, missingEnv: 'keep' });
    const expected = new ExpectedTally();
    for (const d of suites[0]!.dialogues) expected.add(d);
    const report = buildCoverage({ inventoryFiles: ['x'], inventory: TEN, expected });
    expect(report.unresolved.map((u) => [u.matcher, u.at.line])).toEqual([
      ['scenarioName: "${s}"', 7],
      ['scenarioName: "${env.SCENARIO}"', 9],
    ]);
    expect(report.outside.expected).toEqual([]);
    expect(report.scenarios.expected).toBe(0);
  });
});
