import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError, renderInputError, type Problem } from '../../src/diagnostics/problem.js';
import { tempProject } from '../helpers/temp.js';

async function problemsOf(yaml: string): Promise<Problem[]> {
  const dir = tempProject({ 'spec.yaml': yaml });
  try {
    await loadSpecs(['spec.yaml'], dir);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

const at = (p: Problem) => `${p.file}:${p.line}:${p.column}`;

describe('loadSpecs: a valid spec', () => {
  it('reads the contract example of the issue into typed dialogues with positions', async () => {
    const dir = tempProject({
      'specs/shop.yaml': `suite: Shop bot — smoke
tags: [smoke]
dialogues:
  - name: greets on open
    steps:
      - open:
        expect:
          chatType: TEXT
          description: /Ask any questions/
  - name: products route to the Products scenario
    tags: [nlu]
    steps:
      - send: What products do you have?
        expect:
          scenarioName: Products
          chatType: MULTILINKS
          description: { contains: products }
          buttons: [Product A, /Product [BC]/]
      - click: Product A
        expect:
          scenarioName: { not: Products }
`,
    });
    const { suites } = await loadSpecs(['specs'], dir);
    expect(suites).toHaveLength(1);
    const [greets, products] = suites[0]!.dialogues;
    expect(suites[0]!.name).toBe('Shop bot — smoke');
    expect(greets!.steps[0]!.action).toEqual({ kind: 'open' });
    expect(greets!.steps[0]!.expect).toEqual({
      chatType: { op: 'equals', value: 'TEXT' },
      description: { op: 'regex', pattern: 'Ask any questions', flags: '' },
    });
    expect(products!.tags).toEqual(['smoke', 'nlu']);
    expect(products!.pos).toMatchObject({ file: 'specs/shop.yaml', line: 10, column: 5 });
    expect(products!.steps[0]!.expect.buttons).toEqual([
      { op: 'equals', value: 'Product A' },
      { op: 'regex', pattern: 'Product [BC]', flags: '' },
    ]);
    expect(products!.steps[0]!.expectPos.buttons).toEqual({ file: 'specs/shop.yaml', line: 18, column: 11 });
    expect(products!.steps[1]!.action).toEqual({ kind: 'click', button: { op: 'equals', value: 'Product A' } });
    expect(products!.steps[1]!.expect.scenarioName).toEqual({
      op: 'not',
      matcher: { op: 'equals', value: 'Products' },
    });
  });

  it('defaults the suite name to the file path and accepts open with a welcome postback', async () => {
    const dir = tempProject({
      'a/b.yml':
        'dialogues:\n  - name: x\n    steps:\n      - open: postback text of welcome action\n      - getPersistentMenu:\n',
    });
    const { suites } = await loadSpecs(['a'], dir);
    expect(suites[0]!.name).toBe('a/b.yml');
    expect(suites[0]!.dialogues[0]!.steps.map((s) => s.action)).toEqual([
      { kind: 'open', text: 'postback text of welcome action' },
      { kind: 'getPersistentMenu' },
    ]);
  });

  it('skips a bot definition found while searching a folder, but loads specs beside it', async () => {
    const dir = tempProject({
      'specs/bot.yaml': 'welcome:\n  text: hi\nscenarios: []\n',
      'specs/s.yaml': 'dialogues:\n  - name: x\n    steps: [{ open: }]\n',
    });
    const { suites } = await loadSpecs(['specs'], dir);
    expect(suites.map((s) => s.file)).toEqual(['specs/s.yaml']);
  });

  it('follows YAML anchors and merge keys', async () => {
    const dir = tempProject({
      's.yaml':
        'x-common: &greet\n  open:\n  expect: { chatType: TEXT }\ndialogues:\n  - name: a\n    steps: [*greet]\n',
    });
    // an unknown top-level key is still an error, even when used only as an anchor holder
    await expect(loadSpecs(['s.yaml'], dir)).rejects.toThrow(/unknown key `x-common`/);
  });
});

describe('loadSpecs: a broken spec names file:line:column and what is wrong', () => {
  it('reports an unknown key with a did-you-mean, at the key', async () => {
    const [p] = await problemsOf(
      'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect:\n          scenarioNmae: Products\n',
    );
    expect(at(p!)).toBe('spec.yaml:6:11');
    expect(p!.message).toBe('unknown key `scenarioNmae` in an expectation');
    expect(p!.hint).toBe('did you mean `scenarioName`?');
  });

  it('reports a step with two actions at the second one', async () => {
    const [p] = await problemsOf('dialogues:\n  - name: x\n    steps:\n      - send: hi\n        click: Product A\n');
    expect(at(p!)).toBe('spec.yaml:5:9');
    expect(p!.message).toBe('a step has exactly one action; found `send` and `click`');
  });

  it('reports a step with no action, and a misspelt action only once', async () => {
    expect(
      (await problemsOf('dialogues:\n  - name: x\n    steps:\n      - expect: { chatType: TEXT }\n'))[0]!.message,
    ).toBe('a step needs one action: `open`, `send`, `click`, `getPersistentMenu` or `utterances`');
    const typo = await problemsOf('dialogues:\n  - name: x\n    steps:\n      - sned: hi\n');
    expect(typo.map((p) => p.message)).toEqual(['unknown key `sned` in a step']);
    expect(typo[0]!.hint).toBe('did you mean `send`?');
  });

  it("reports a bad regex with the engine's reason, at the value", async () => {
    const problems = await problemsOf(
      'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect:\n          description: /Ask [any/\n          scenarioName: { regex: "a(b" }\n',
    );
    expect(problems.map((p) => [at(p), p.message])).toEqual([
      ['spec.yaml:6:24', 'bad regular expression /Ask [any/: Unterminated character class'],
      ['spec.yaml:7:34', 'bad regular expression /a(b/: Unterminated group'],
    ]);
  });

  it('refuses stateful regex flags', async () => {
    const [p] = await problemsOf(
      'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect: { description: /a/g }\n',
    );
    expect(p!.message).toMatch(/flag `g` is not supported/);
  });

  it('reports YAML syntax errors with their position', async () => {
    const [p] = await problemsOf('dialogues:\n  - name: x\n    steps:\n    - send: [unclosed\n');
    expect(p!.code).toBe('yaml-syntax');
    expect(p!.line).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate keys and duplicate dialogue names', async () => {
    expect((await problemsOf('dialogues:\n  - name: x\n    name: y\n    steps: [{ open: }]\n'))[0]).toMatchObject({
      line: 3,
      code: 'yaml-syntax',
    });
    const [dup] = await problemsOf(
      'dialogues:\n  - name: x\n    steps: [{ open: }]\n  - name: x\n    steps: [{ open: }]\n',
    );
    expect(at(dup!)).toBe('spec.yaml:4:11');
    expect(dup!.message).toMatch(/dialogue name `x` is used twice in this suite \(first at dialogue 1\)/);
  });

  it('says how to write a list when a single value was given', async () => {
    const [p] = await problemsOf(
      'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect: { buttons: Product A }\n',
    );
    expect(p!.message).toBe('expected a list, each item a string or a matcher, found a string');
    expect(p!.hint).toBe('write a list: [Product A]');
  });

  it('collects every problem of every file in one pass', async () => {
    const dir = tempProject({ 'a.yaml': 'dialogues:\n  - name: x\n    steps: []\n', 'b.yaml': 'dialogue: []\n' });
    const error = await loadSpecs(['.'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => `${at(p)} ${p.message}`)).toEqual([
      'a.yaml:3:12 `steps` needs at least one entry',
      'b.yaml:1:1 unknown key `dialogue` in a spec file',
      'b.yaml:1:1 a spec file needs `dialogues`',
    ]);
    expect(problems[1]!.hint).toBe('did you mean `dialogues`?');
    expect(renderInputError(error as InputError)).toContain('3 problems found; nothing was run.');
  });

  it('renders the source line with a caret under the problem', async () => {
    const dir = tempProject({
      's.yaml': 'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect:\n          chatTyp: TEXT\n',
    });
    const error = (await loadSpecs(['s.yaml'], dir).catch((e: unknown) => e)) as InputError;
    expect(renderInputError(error)).toContain(
      [
        'error: unknown key `chatTyp` in an expectation',
        '  --> s.yaml:6:11',
        '  |',
        '6 |           chatTyp: TEXT',
        '  |           ^^^^^^^ did you mean `chatType`?',
      ].join('\n'),
    );
  });

  it('names a missing path', async () => {
    await expect(loadSpecs(['nope/'], tempProject())).rejects.toThrow(/no such file or folder: nope\//);
  });
});

describe('loadSpecs: regex literals inside YAML flow lists', () => {
  it('accepts /…/ with brackets and commas in a flow list, as authors write them', async () => {
    const dir = tempProject({
      's.yaml':
        'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect: { buttons: [Product A, /Product [BC]/, /a,b/i], description: { regex: /x{2}/ } }\n',
    });
    const { suites } = await loadSpecs(['s.yaml'], dir);
    expect(suites[0]!.dialogues[0]!.steps[0]!.expect.buttons).toEqual([
      { op: 'equals', value: 'Product A' },
      { op: 'regex', pattern: 'Product [BC]', flags: '' },
      { op: 'regex', pattern: 'a,b', flags: 'i' },
    ]);
    expect(suites[0]!.dialogues[0]!.steps[0]!.expect.description).toEqual({ op: 'regex', pattern: 'x{2}', flags: '' });
  });

  it("keeps positions on the author's columns after such a line", async () => {
    const [p] = await problemsOf(
      'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect: { buttons: [/P [BC]/, /[/], chatTyp: TEXT }\n',
    );
    expect(p!.message).toMatch(/^bad regular expression \/\[\//);
    expect(p!.column).toBe(39);
    const dir = tempProject({
      's.yaml':
        'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect: { buttons: [/P [BC]/], chatTyp: TEXT }\n',
    });
    const error = (await loadSpecs(['s.yaml'], dir).catch((e: unknown) => e)) as InputError;
    expect(error.problems[0]).toMatchObject({
      line: 5,
      column: 40,
      message: 'unknown key `chatTyp` in an expectation',
    });
  });

  it('still reports a flow list that is broken for another reason', async () => {
    const [p] = await problemsOf(
      'dialogues:\n  - name: x\n    steps:\n      - send: hi\n        expect: { buttons: [A, B }\n',
    );
    expect(p!.code).toBe('yaml-syntax');
  });
});
