import { readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError, renderInputError, type Problem } from '../../src/diagnostics/problem.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/temp.js';

async function problemsOf(files: Record<string, string>): Promise<{ problems: Problem[]; rendered: string }> {
  const dir = tempProject(files);
  try {
    await loadSpecs(['spec.yaml'], dir, { env: {} });
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems, rendered: renderInputError(error) };
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

const SPEC_ANYOF = `suite: NLU
vars: { thing: products }
dialogues:
  - name: products
    tags: [nlu]
    steps:
      - open:
      - send: { anyOf: ["What \${thing} do you have?", 상품 목록, "  商品を見せて  "] }
        expect: { scenarioName: Products, chatType: MULTILINKS }
      - click: Product A
`;

describe('data-driven steps', () => {
  it('expands send: {anyOf} into one dialogue per phrasing, grouped, other steps unchanged', async () => {
    const dir = tempProject({ 'spec.yaml': SPEC_ANYOF });
    const { suites } = await loadSpecs(['spec.yaml'], dir, { env: {} });
    const dialogues = suites[0]!.dialogues;
    expect(dialogues.map((d) => d.name)).toEqual([
      'products [What products do you have?]',
      'products [상품 목록]',
      'products [商品を見せて]',
    ]);
    expect(dialogues.map((d) => d.steps[1]!.action)).toEqual([
      { kind: 'send', text: 'What products do you have?' },
      { kind: 'send', text: '상품 목록' },
      { kind: 'send', text: '商品を見せて' },
    ]);
    expect(dialogues[1]!.group).toEqual({
      name: 'products',
      variant: '상품 목록',
      index: 2,
      size: 3,
      step: 2,
      expectedScenario: 'Products',
    });
    for (const d of dialogues) {
      expect(d.tags).toEqual(['nlu']);
      expect(d.steps[0]!.action).toEqual({ kind: 'open' });
      expect(d.steps[1]!.expect.chatType).toEqual({ op: 'equals', value: 'MULTILINKS' });
      expect(d.steps[2]!.action.kind).toBe('click');
    }
  });

  it('reads phrasings and their scenarios from a CSV beside the spec', async () => {
    const dir = tempProject({
      'specs/nlu.yaml':
        'dialogues:\n  - name: routing\n    steps:\n      - utterances: data/phrasings.csv\n        expect: { chatType: { not: NOANSWER } }\n',
      'specs/data/phrasings.csv': readFileSync(`${FIXTURES}coverage/phrasings.csv`, 'utf8'),
    });
    const { suites } = await loadSpecs(['specs/nlu.yaml'], dir, { env: {} });
    const dialogues = suites[0]!.dialogues;
    expect(dialogues.map((d) => [d.group!.variant, d.group!.expectedScenario])).toEqual([
      ['What products do you have?', 'Products'],
      ['상품 목록', 'Products'],
      ['商品を見せて', 'Products'],
      ['when are you open', 'Store hours'],
      ['opening hours, please', 'Store hours'],
      ['영업시간', 'Store hours'],
    ]);
    const step = dialogues[4]!.steps[0]!;
    expect(step.expect).toEqual({
      chatType: { op: 'not', matcher: { op: 'equals', value: 'NOANSWER' } },
      scenarioName: { op: 'equals', value: 'Store hours' },
    });
    // a failing scenario points at the row in the CSV
    expect(step.expectPos.scenarioName).toEqual({ file: 'specs/data/phrasings.csv', line: 6, column: 1 });
  });

  it('reads text files (comments and blank lines skipped), YAML lists and YAML scenario maps', async () => {
    const dir = tempProject({
      'spec.yaml': `dialogues:
  - name: txt
    steps: [{ utterances: a.txt, expect: { scenarioName: Thanks } }]
  - name: list
    steps: [{ utterances: b.yaml }]
  - name: map
    steps: [{ utterances: { file: c.yml } }]
`,
      'a.txt': '# thanks in three languages\nthanks\n\n  고마워요\nありがとう\n',
      'b.yaml': '- one\n- 2\n',
      'c.yml': 'Products: [products, 상품 목록]\nStore hours: [영업시간]\n',
    });
    const { suites } = await loadSpecs(['spec.yaml'], dir, { env: {} });
    const byGroup = (name: string) =>
      suites[0]!.dialogues
        .filter((d) => d.group?.name === name)
        .map((d) => [d.group!.variant, d.group!.expectedScenario ?? null]);
    expect(byGroup('txt')).toEqual([
      ['thanks', 'Thanks'],
      ['고마워요', 'Thanks'],
      ['ありがとう', 'Thanks'],
    ]);
    expect(byGroup('list')).toEqual([
      ['one', null],
      ['2', null],
    ]);
    expect(byGroup('map')).toEqual([
      ['products', 'Products'],
      ['상품 목록', 'Products'],
      ['영업시간', 'Store hours'],
    ]);
  });

  it('reads the phrasing column of an .xlsx named with column:', async () => {
    const dir = tempProject({
      'spec.yaml': 'dialogues:\n  - name: x\n    steps: [{ utterances: { file: list.xlsx, column: 대화 이름 } }]\n',
    });
    writeFileSync(`${dir}/list.xlsx`, readFileSync(`${FIXTURES}coverage/conversation-list.xlsx`));
    const { suites } = await loadSpecs(['spec.yaml'], dir, { env: {} });
    expect(suites[0]!.dialogues.map((d) => d.group!.variant)).toEqual([
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
    ]);
  });

  it('allows one list of phrasings per dialogue: a second is refused rather than multiplied', async () => {
    const { problems } = await problemsOf({
      'spec.yaml':
        'dialogues:\n  - name: x\n    steps:\n      - send: { anyOf: [a, b] }\n      - send: { anyOf: [c, d] }\n',
    });
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [5, 9, 'a dialogue sends one list of phrasings; step 1 already does'],
    ]);
  });

  it('refuses duplicate phrasings and a missing file, pointing at the file and line', async () => {
    const dup = await problemsOf({
      'spec.yaml': 'dialogues:\n  - name: x\n    steps:\n      - utterances: p.txt\n',
      'p.txt': 'hello\nbye\nhello\n',
    });
    expect(dup.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([
      'p.txt:3:1 phrasing `hello` is listed twice (first at line 1)',
    ]);
    expect(dup.rendered).toContain('3 | hello');
    const missing = await problemsOf({
      'spec.yaml': 'dialogues:\n  - name: x\n    steps:\n      - utterances: nope.csv\n',
    });
    expect(missing.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([
      'spec.yaml:4:21 no such utterance file: nope.csv (the path is relative to the spec)',
    ]);
  });

  it('hints at quoting when ${…} breaks a flow collection', async () => {
    const { problems } = await problemsOf({
      'spec.yaml': 'vars: { a: b }\ndialogues:\n  - name: x\n    steps:\n      - send: { anyOf: [Hi ${a}, Bye] }\n',
    });
    expect(problems[0]!.hint).toBe('quote a text holding `${…}` inside [ ] or { }: "Hi ${name}"');
  });

  it('names the columns when the one asked for is not there', async () => {
    const { problems } = await problemsOf({
      'spec.yaml': 'dialogues:\n  - name: x\n    steps:\n      - utterances: { file: p.csv, column: phrase }\n',
      'p.csv': 'text,scenario\nhi,Greeting\n',
    });
    expect(problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([
      'p.csv:1 no column `phrase` (columns: `text`, `scenario`)',
    ]);
  });
});

describe('phrasing files beside the specs', () => {
  it('are not loaded as specs when a spec names them, while an unnamed broken file still is reported', async () => {
    const files = {
      'specs/nlu.yaml': 'dialogues:\n  - name: x\n    steps: [{ utterances: data/hours.yaml }]\n',
      'specs/data/hours.yaml': '- store hours\n- 영업시간\n',
    };
    const dir = tempProject(files);
    const { suites } = await loadSpecs(['specs'], dir, { env: {} });
    expect(suites.map((s) => s.file)).toEqual(['specs/nlu.yaml']);
    const broken = tempProject({ ...files, 'specs/other.yaml': '- not a spec\n' });
    await expect(loadSpecs(['specs'], broken, { env: {} })).rejects.toThrow(
      /^specs\/other\.yaml:1:1: expected a spec file, found a list$/,
    );
  });
});
