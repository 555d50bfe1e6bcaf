import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError, type Problem } from '../../src/diagnostics/problem.js';
import { clearSecrets, redact } from '../../src/io/redact.js';
import { bindTemplate, parseTemplate } from '../../src/dialogues/variables.js';
import { tempProject } from '../helpers/temp.js';

afterEach(() => clearSecrets());

async function load(yaml: string, env: Record<string, string> = {}) {
  const dir = tempProject({ 'spec.yaml': yaml });
  return loadSpecs(['spec.yaml'], dir, { env });
}

async function problemsOf(yaml: string, env: Record<string, string> = {}): Promise<Problem[]> {
  try {
    await load(yaml, env);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

const at = (p: Problem) => `${p.line}:${p.column}`;

describe('templates', () => {
  it('parses references, env references and the $${ escape', () => {
    const { parts, errors } = parseTemplate('a ${x} $${y} ${env.HOME_DIR}');
    expect(errors).toEqual([]);
    expect(parts).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'var', name: 'x', env: false, offset: 2, length: 4 },
      { kind: 'text', text: ' ${y} ' },
      { kind: 'var', name: 'HOME_DIR', env: true, offset: 13, length: 15 },
    ]);
  });

  it('binds captured values at run time, escaping them inside a regex', () => {
    expect(bindTemplate('Order ${id}', new Map([['id', '12.5']]), 'text')).toEqual({ ok: true, text: 'Order 12.5' });
    expect(bindTemplate('Order ${id}$', new Map([['id', '12.5']]), 'regex')).toEqual({
      ok: true,
      text: 'Order 12\\.5$',
    });
    expect(bindTemplate('${id}+', new Map([['id', 'ab']]), 'regex')).toEqual({ ok: true, text: '(?:ab)+' });
    expect(bindTemplate('x ${nope}', new Map(), 'text')).toEqual({ ok: false, missing: 'nope' });
  });
});

describe('vars', () => {
  it('fills suite and dialogue vars and env values into send, click and expect texts', async () => {
    const { suites } = await load(
      `vars: { product: Product A, greeting: "Hi \${env.SHOP_USER}" }
dialogues:
  - name: d
    vars: { product: Product B, price: "1,500" }
    steps:
      - send: "\${greeting}, tell me about \${product}"
        expect:
          scenarioName: \${product}
          description: /costs \${price} yen\\.$/
          buttons: [{ contains: "\${product}" }]
          information: { domainCode: "$\${literal}" }
      - click: \${product}
`,
      { SHOP_USER: 'Kim' },
    );
    const [s1, s2] = suites[0]!.dialogues[0]!.steps;
    expect(s1!.action).toEqual({ kind: 'send', text: 'Hi Kim, tell me about Product B' });
    expect(s1!.expect.scenarioName).toEqual({ op: 'equals', value: 'Product B' });
    // a value inside a regex is matched literally
    expect(s1!.expect.description).toEqual({ op: 'regex', pattern: 'costs 1,500 yen\\.$', flags: '' });
    expect(s1!.expect.buttons).toEqual([{ op: 'contains', value: 'Product B' }]);
    expect(s1!.expect.information).toEqual({ domainCode: { op: 'equals', value: '${literal}' } });
    expect(s1!.uses).toBeUndefined();
    expect(s2!.action).toEqual({ kind: 'click', button: { op: 'equals', value: 'Product B' } });
  });

  it('escapes regex characters of a value so it matches itself', async () => {
    const { suites } = await load(
      'vars: { q: "a+b (c)?" }\ndialogues:\n  - name: d\n    steps:\n      - send: x\n        expect: { description: "/^${q}$/" }\n',
    );
    const re = suites[0]!.dialogues[0]!.steps[0]!.expect.description as { pattern: string };
    expect(new RegExp(re.pattern).test('a+b (c)?')).toBe(true);
  });

  it('reports an unknown variable where it is written, with a did-you-mean', async () => {
    const problems = await problemsOf(
      'vars: { product: A }\ndialogues:\n  - name: d\n    steps:\n      - send: "${prodcut}"\n',
    );
    expect(problems).toHaveLength(1);
    expect(at(problems[0]!)).toBe('5:15');
    expect(problems[0]!.message).toBe('unknown variable `${prodcut}`');
    expect(problems[0]!.hint).toBe('did you mean `${product}`?');
  });

  it('reports an unset environment variable at load time', async () => {
    const problems = await problemsOf('dialogues:\n  - name: d\n    steps:\n      - send: "${env.SHOP_USER}"\n');
    expect(problems.map((p) => [at(p), p.message])).toEqual([['4:15', 'environment variable `SHOP_USER` is not set']]);
  });

  it('keeps an unset environment variable as written when asked (validate, coverage)', async () => {
    const dir = tempProject({ 'spec.yaml': 'dialogues:\n  - name: d\n    steps:\n      - send: "${env.SHOP_USER}"\n' });
    const loaded = await loadSpecs(['spec.yaml'], dir, { env: {}, missingEnv: 'keep' });
    expect(loaded.unsetEnv).toEqual(['SHOP_USER']);
    expect(loaded.suites[0]!.dialogues[0]!.steps[0]!.action).toEqual({ kind: 'send', text: '${env.SHOP_USER}' });
  });

  it('masks a value read from a secret-looking environment variable in every output', async () => {
    await load(
      'vars: { token: "${env.SHOP_API_TOKEN}" }\ndialogues:\n  - name: d\n    steps:\n      - send: "token ${token}"\n',
      { SHOP_API_TOKEN: 'tok-123456' },
    );
    expect(redact('sent token tok-123456')).toBe('sent token [REDACTED]');
  });

  it('checks a regex holding variables once they are filled in (values cannot break it: they go in escaped)', async () => {
    const ok = await load(
      'vars: { open: "(" }\ndialogues:\n  - name: d\n    steps:\n      - send: x\n        expect: { description: { regex: "a${open}" } }\n',
    );
    expect(ok.suites[0]!.dialogues[0]!.steps[0]!.expect.description).toEqual({
      op: 'regex',
      pattern: 'a\\(',
      flags: '',
    });
    const problems = await problemsOf(
      'vars: { x: y }\ndialogues:\n  - name: d\n    steps:\n      - send: x\n        expect: { description: "/[${x}/" }\n',
    );
    expect(problems.map((p) => [at(p), p.message])).toEqual([
      ['6:32', 'bad regular expression /[y/: Unterminated character class (after filling in variables)'],
    ]);
  });

  it('refuses a variable name that cannot be written as ${name}', async () => {
    const problems = await problemsOf('vars: { 2fa: x }\ndialogues:\n  - name: d\n    steps: [{ send: x }]\n');
    expect(problems.map((p) => p.message)).toEqual([
      '`2fa`: a variable name is letters, digits and _, not starting with a digit',
    ]);
  });
});

describe('captures', () => {
  it('leaves captured references for run time and records which the step uses', async () => {
    const { suites } = await load(`dialogues:
  - name: d
    steps:
      - send: order
        capture:
          orderId: { from: description, regex: "Order (\\\\d+)" }
          scenario: scenarioName
      - send: "status of \${orderId}"
        expect:
          description: /Order \${orderId} is on its way/
`);
    const [s1, s2] = suites[0]!.dialogues[0]!.steps;
    expect(s1!.captures!.map((c) => [c.name, c.from, c.regex])).toEqual([
      ['orderId', 'description', { pattern: 'Order (\\d+)', flags: '' }],
      ['scenario', 'scenarioName', undefined],
    ]);
    expect(s2!.uses).toEqual(['orderId']);
    expect(s2!.action).toEqual({ kind: 'send', text: 'status of ${orderId}' });
  });

  it('says when a step uses a value captured only later', async () => {
    const problems = await problemsOf(
      'dialogues:\n  - name: d\n    steps:\n      - send: "${orderId}"\n      - send: x\n        capture: { orderId: description }\n',
    );
    expect(problems.map((p) => [at(p), p.message])).toEqual([
      ['4:15', '`${orderId}` is captured by step 2, so it is not known yet here'],
    ]);
  });

  it('refuses an unknown reply field with the list of fields', async () => {
    const problems = await problemsOf(
      'dialogues:\n  - name: d\n    steps:\n      - send: x\n        capture: { id: descripton }\n',
    );
    expect(problems[0]!.message).toMatch(
      /^a capture reads one of `description`, `scenarioName`.* or `information.<key>`$/,
    );
    expect(at(problems[0]!)).toBe('5:24');
  });
});
