/** `bubbles:`, `json:`, `intents:` and `conversationTypes:` from YAML to verdicts: loaded, positioned, matched. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { matchExpectations } from '../../src/match/expectations.js';
import { normalizeReply } from '../../src/protocol/reply.js';
import { loadSpecs } from '../../src/dialogues/load.js';
import { InputError } from '../../src/diagnostics/problem.js';
import { parseYamlSource } from '../../src/yaml/yaml-source.js';
import type { Step } from '../../src/dialogues/types.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { REPO } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';

const reply = (name: string) => JSON.parse(readFileSync(`${FIXTURES}real-replies/${name}.json`, 'utf8')) as unknown;
const turnOf = (name: string) => normalizeReply(reply(name), { status: 200, latencyMs: 1, event: 'send' });

const spec = (expect: string) => `dialogues:
  - name: d
    steps:
      - send: hi
        expect:
${expect.replace(/^/gm, '          ')}
`;

async function stepOf(expectYaml: string): Promise<Step> {
  const dir = tempProject({ 'spec.yaml': spec(expectYaml) });
  const { suites } = await loadSpecs(['spec.yaml'], dir);
  return suites[0]!.dialogues[0]!.steps[0]!;
}

async function check(expectYaml: string, fixture: string) {
  const step = await stepOf(expectYaml);
  return matchExpectations(step.expect, turnOf(fixture), step.expectPos);
}

const schema = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(`${REPO}docs/schema/spec.schema.json`, 'utf8')) as object,
);
const valueOf = (yaml: string) => {
  const parsed = parseYamlSource('spec.yaml', yaml);
  if (!parsed.ok) throw new Error('bad yaml');
  return parsed.source.value;
};

describe('bubbles:', () => {
  it('holds bubble by bubble, in order', async () => {
    const mismatches = await check(
      `bubbles:
  - { type: text, chatType: TEXT, description: /Opening hours/, information: { tagInfo: entity=store } }
  - { buttons: [Reserve a table], chatType: { not: IMAGECARD } }
  - { url: "https://m.example.com/menu", buttons: [/menu/] }`,
      'text-bubbles-with-actions',
    );
    expect(mismatches).toEqual([]);
  });

  it('"the second bubble is an IMAGECARD", and a cover without information has no chat type', async () => {
    expect(
      await check(
        'bubbles: [{ chatType: TEXT }, { type: carousel, chatType: IMAGECARD, description: "" }]',
        'carousel-conversation-types',
      ),
    ).toEqual([]);
    expect(
      await check(
        'bubbles: [{ chatType: { not: /./ }, url: "https://example.com/sale", imageUrl: /banner/ }]\ncomponents: [template]',
        'image-cover-no-information',
      ),
    ).toEqual([]);
  });

  it('names the bubble index and field of each mismatch, at the key where it was written', async () => {
    const mismatches = await check(
      `bubbles:
  - { type: text }
  - chatType: IMAGECARD
    buttons: [Cancel]
  - {}
  - { type: text }`,
      'text-bubbles-with-actions',
    );
    expect(mismatches.map((m) => [m.field, m.expected, m.actual, m.pos && `${m.pos.line}:${m.pos.column}`])).toEqual([
      ['bubbles[1].chatType', '"IMAGECARD" in bubble 1 (text)', ['TEXT'], '8:15'],
      ['bubbles[1].buttons', 'a button matching "Cancel" in bubble 1 (text)', ['Reserve a table'], '9:15'],
      ['bubbles[3]', 'a 4th bubble', ['text', 'text', 'text'], '11:15'],
    ]);
  });
});

describe('json:', () => {
  it('matches any selected value; numbers, booleans and lists as their JSON text', async () => {
    const mismatches = await check(
      `json:
  "$.scenario.intent[0]": hours
  "$.scenario.intent[*]": store
  "$.scenario.chatbotId": "123"
  "$.timestamp": 1733000000000
  "$.scenario.intent": '["hours","store"]'
  "$.bubbles[?@.data.action.type == 'link'].data.url": { contains: example.com }
  "$.nothing": { not: x }`,
      'text-bubbles-with-actions',
    );
    // a path that selects nothing fails even under `not`: the author named a field that is not there
    expect(mismatches.map((m) => m.field)).toEqual(['json $.nothing']);
  });

  it('says what was selected, or that nothing was, at the key', async () => {
    const mismatches = await check(
      `json:
  "$.scenario.intent[*]": rooms
  "$.conversation.types[0]": x`,
      'text-bubbles-with-actions',
    );
    expect(mismatches.map((m) => [m.field, m.expected, m.actual, m.pos && `${m.pos.line}:${m.pos.column}`])).toEqual([
      ['json $.scenario.intent[*]', '"rooms"', ['hours', 'store'], '7:13'],
      ['json $.conversation.types[0]', '"x", but the path selects nothing in the reply', [], '8:13'],
    ]);
  });

  it('an expression that is not JSONPath is a spec error at its key; the JSON Schema agrees on the `$`', async () => {
    const dir = tempProject({ 'spec.yaml': spec('json:\n  "$.a": x\n  "scenario.name": y') });
    const error = await loadSpecs(['spec.yaml'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(problems).toEqual([
      '8:13 `scenario.name`: a JSONPath expression starts with `$` (the reply), e.g. `$.scenario.intent[0]`',
    ]);
    const bracket = await loadSpecs(['spec.yaml'], tempProject({ 'spec.yaml': spec('json:\n  "$.a[": x') })).catch(
      (e: unknown) => e,
    );
    expect((bracket as InputError).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      expect.stringMatching(/^7:13 `\$\.a\[` is not a JSONPath expression at character 5/),
    ]);
    expect(schema(valueOf(spec('json:\n  "scenario.name": y')))).toBe(false);
  });
});

describe('the JSON Schema and the loader agree on the new keys', () => {
  it.each([
    [
      'bubbles: [{ type: text, chatType: TEXT, description: x, imageUrl: /y/, url: { contains: z }, buttons: [a], information: { k: v } }]',
      true,
    ],
    ['json: { "$.scenario.intent[0]": order, "$.version": { not: v1 } }', true],
    ['intents: [order]\nconversationTypes: [{ not: faq }]', true],
    ['bubbles: [{ colour: red }]', false],
    ['bubbles: { type: text }', false],
    ['json: { "$.a": [x] }', false],
  ])('%s → accepted: %s', async (expectYaml, accepted) => {
    const yaml = spec(expectYaml);
    expect(schema(valueOf(yaml))).toBe(accepted);
    const loaded = await loadSpecs(['spec.yaml'], tempProject({ 'spec.yaml': yaml })).then(
      () => true,
      () => false,
    );
    expect(loaded).toBe(accepted);
  });
});

describe('intents: and conversationTypes:', () => {
  it('read scenario.intent and the conversation types', async () => {
    expect(
      await check('intents: [rooms]\nconversationTypes: [booking, faq, { not: hours }]', 'carousel-conversation-types'),
    ).toEqual([]);
    const [miss] = await check('intents: [order]', 'text-bubbles-with-actions');
    expect(miss).toMatchObject({
      field: 'intents',
      expected: 'an intent matching "order"',
      actual: ['hours', 'store'],
    });
  });
});
