/** A broken bot file gets the same positioned problems as a broken spec; good ones load. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBotDefinition } from '../../src/mock/load.js';
import { InputError, renderInputError, type Problem } from '../../src/diagnostics/problem.js';
import { loadSpecs } from '../../src/dialogues/load.js';
import { toJsonSchema } from '../../src/yaml/json-schema-from-dsl.js';
import { botDefinitions, botRoot } from '../../src/mock/definition-schema.js';
import { botFromYaml, EXAMPLE_BOT, REPO_ROOT } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clova-mock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(yaml: string): Promise<{ problems: Problem[]; rendered: string }> {
  await writeFile(join(dir, 'bot.yaml'), yaml);
  try {
    await loadBotDefinition('bot.yaml', dir);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { problems: error.problems, rendered: renderInputError(error) };
  }
  throw new Error('the bot loaded, but it should not have');
}

/** file:line:column message (hint) — what a user reads. */
const brief = (p: Problem) => `${p.file}:${p.line}:${p.column} ${p.message}${p.hint ? ` (${p.hint})` : ''}`;

describe('a broken bot file', () => {
  it('points at an unknown key with a did-you-mean', async () => {
    const { problems, rendered } = await problemsOf(`scenarios:
  - name: Hours
    utterances: [hours]
    answer:
      txet: We are open.
`);
    expect(problems.map(brief)).toEqual(['bot.yaml:5:7 unknown key `txet` in a bubble (did you mean `text`?)']);
    expect(rendered).toContain('5 |       txet: We are open.');
    expect(rendered).toContain('^^^^ did you mean `text`?');
  });

  it('lists every problem at once: unknown scenario, entity and utterance names, with guesses', async () => {
    const { problems } = await problemsOf(`entities:
  size: [S, M, L]
menu:
  buttons:
    - { title: Hours, utterance: store hour }
scenarios:
  - name: Order
    utterances: [order]
    answer:
      text: Which size?
      buttons: [{ title: Medium, next: Order sise }]
  - name: Order size
    after: [Ordr]
    utterances: ["@sise"]
    answer: "Size {szie}."
  - name: Hours
    utterances: [store hours]
    answer: Open.
`);
    expect(problems.map(brief)).toEqual([
      'bot.yaml:5:34 no utterance `store hour` in this bot (did you mean `store hours`?)',
      'bot.yaml:11:40 no scenario `Order sise` in this bot (did you mean `Order size`?)',
      'bot.yaml:13:13 no scenario `Ordr` in this bot (did you mean `Order`?)',
      'bot.yaml:14:18 no entity `@sise` in this bot (did you mean `@size`?)',
      'bot.yaml:15:13 no entity `{szie}` in this bot (did you mean `{size}`?)',
    ]);
    expect(problems).toHaveLength(5);
  });

  it('refuses the same utterance in two scenarios of one group', async () => {
    const { problems } = await problemsOf(`scenarios:
  - { name: A, utterances: [hello], answer: a }
  - { name: B, utterances: [Hello!], answer: b }
  - { name: C, after: [A], utterances: [hello], answer: c }
`);
    expect(problems.map(brief)).toEqual([
      'bot.yaml:3:29 `Hello!` is also an utterance of scenario `A` (an utterance answers one way: keep it in one scenario)',
    ]);
  });

  it('refuses a button with two actions (structure first: nothing else is checked yet)', async () => {
    const { problems } = await problemsOf(`scenarios:
  - name: A
    utterances: [a]
    answer:
      - { text: hi, carousel: [x] }
      - { buttons: [{ title: Go, url: "https://x", postback: go }] }
`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '6:34 a button has exactly one action; found `postback` and `url`',
    ]);
  });

  it('refuses components that do not go together, and buttons without titles', async () => {
    const { problems } = await problemsOf(`scenarios:
  - name: A
    utterances: [a]
    answer:
      - { text: hi, carousel: [x] }
      - { buttons: [{ url: "https://x" }] }
`);
    expect(problems.map(brief)).toEqual([
      'bot.yaml:5:11 `text` does not go with `carousel` in one bubble (each card carries its own text, image and buttons)',
      'bot.yaml:6:21 a button needs a `title` (only image buttons (with `icon`) may go without one)',
    ]);
  });

  it('refuses fault rates over 1 and statuses that are not errors', async () => {
    const { problems } = await problemsOf(`faults:
  errors:
    - { rate: 0.7, status: 503 }
    - { rate: 0.5, status: 200 }
scenarios:
  - { name: A, utterances: [a], answer: a }
`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '3:5 the fault rates add up to 1.2; at most 1 (every request)',
      '4:28 an error status is 400 or more, found 200',
    ]);
  });

  it('reports YAML syntax errors and a spec file given as a bot', async () => {
    expect((await problemsOf('scenarios: [\n')).problems[0]!.code).toBe('yaml-syntax');
    const spec = await problemsOf('dialogues:\n  - name: x\n    steps: [{ open: }]\n');
    expect(spec.problems.map(brief)).toEqual([
      'bot.yaml:1:1 this is a spec file (it has `dialogues`), not a bot definition (a bot definition has `scenarios`; see docs/mock-bot.md)',
    ]);
  });

  it('says when the file is missing', async () => {
    await expect(loadBotDefinition('nope.yaml', dir)).rejects.toThrow(/no such bot definition: nope.yaml/);
  });
});

describe('the example bot and specs', () => {
  it('the example bot loads', async () => {
    const bot = await loadBotDefinition(EXAMPLE_BOT);
    expect(bot.name).toBe('Shop bot');
    expect(bot.scenarios.map((s) => s.name)).toContain('Order size');
  });

  it('the example specs load, and a folder search skips the bot file', async () => {
    const { suites } = await loadSpecs(['specs'], REPO_ROOT);
    expect(suites.length).toBeGreaterThanOrEqual(4);
    expect(suites.map((s) => s.file)).not.toContain('specs/bot.yaml');
  });

  it('the YAML examples in docs/mock-bot.md load', async () => {
    const doc = await readFile(join(REPO_ROOT, 'docs/mock-bot.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    const bot = botFromYaml(blocks[0]!);
    expect(bot.scenarios.map((s) => s.name)).toEqual(['Products', 'Order', 'Order size']);
    const withFaults = botFromYaml(`${blocks[1]!}scenarios: [{ name: A, utterances: [a], answer: a }]\n`);
    expect(withFaults.faults.errors).toHaveLength(7);
  });

  it('the schema converts to a JSON Schema', () => {
    const schema = toJsonSchema(botRoot, botDefinitions, {
      id: 'bot.schema.json',
      title: 'clova-regress bot definition',
    });
    expect(schema).toMatchObject({ type: 'object', required: ['scenarios'] });
  });
});
