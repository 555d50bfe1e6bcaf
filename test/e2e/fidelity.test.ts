/**
 * What real replies carry, through the real CLI: clicking a text bubble's own action, `bubbles:`
 * and `json:` passing and failing with positioned mismatches in every report, the LINE web kit's
 * open answered by the mock, and a 200 that is not a CLOVA reply reported as an error (exit 3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, type Answer, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { SIGNATURE_HEADER, signBody } from '../../src/protocol/signature.js';

const SECRET = 'e2e-Fidelity-Key-0123456789';
const withBot = scriptedBotPerTest(SECRET);

const env = (url: string) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: SECRET });
const fixture = (name: string) =>
  JSON.parse(readFileSync(`${FIXTURES}real-replies/${name}.json`, 'utf8')) as Record<string, unknown>;
const description = (r: SeenRequest) =>
  (r.body.bubbles as Array<{ data: { description?: string } }>)[0]?.data.description ?? '';

/** Answers the real-shaped fixtures: `hours` → three text bubbles, `rooms` → a carousel, `reserve` → a plain text. */
async function withRealBot(extra: (req: SeenRequest) => Answer | undefined = () => undefined) {
  const bot = await withBot((req) => {
    const own = extra(req);
    if (own) return own;
    const text = description(req);
    if (text === '_T_reserve')
      return {
        json: {
          bubbles: [{ type: 'text', data: { description: 'Reserved.' } }],
          scenario: { name: 'Reservation', intent: ['reserve'] },
          event: 'send',
        },
      };
    if (text === 'rooms') return { json: fixture('carousel-conversation-types') };
    return { json: fixture('text-bubbles-with-actions') };
  });
  return bot;
}

describe("a text bubble's own action", () => {
  it("is clicked by the bubble's title: its postbackFull is sent", async () => {
    const b = await withRealBot();
    const dir = tempProject({
      'specs/hours.yaml': `dialogues:
  - name: reserve from the hours answer
    steps:
      - send: hours
        expect: { buttons: [Reserve a table] }
      - click: Reserve a table
        expect: { scenarioName: Reservation, intents: [reserve] }
`,
    });
    const result = await runCli(['run'], { cwd: dir, env: env(b.url) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(b.requests.map(description)).toEqual(['hours', '_T_reserve']);
  });

  it('in the built-in mock: a text bubble with a postback action (Product B) is pressed by its title', async () => {
    const dir = tempProject({
      'specs/bot.yaml': readFileSync(join(REPO, 'specs/bot.yaml'), 'utf8'),
      'specs/b.yaml': `dialogues:
  - name: price of B by its bubble
    steps:
      - send: Product B
        expect:
          bubbles: [{ type: text, buttons: [Product B], url: "https://www.ncloud.com" }]
      - click: Product B
        expect: { scenarioName: Price of Product B }
`,
    });
    const result = await runCli(['run', 'specs/b.yaml', '--mock', 'specs/bot.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^1 passed, 0 failed, 0 errors/m);
    expect(result.code).toBe(0);
  });
});

describe('bubbles: and json:', () => {
  const PASS = `dialogues:
  - name: pinned in order
    steps:
      - send: rooms
        expect:
          bubbles:
            - { type: text, chatType: TEXT }
            - { type: carousel, chatType: IMAGECARD, information: { carousel: "true" } }
          json:
            "$.scenario.intent": rooms
            "$.bubbles[1].data.cards[*].data.cover.data.imageUrl": /room-2/
          conversationTypes: [booking]
`;
  const FAIL = `dialogues:
  - name: pinned wrong
    steps:
      - send: rooms
        expect:
          bubbles:
            - { type: text }
            - { chatType: TEXT }
          json:
            "$.conversation.types[0]": booking
            "$.scenario.missing": x
`;

  it('pass', async () => {
    const b = await withRealBot();
    const dir = tempProject({ 'specs/rooms.yaml': PASS });
    const result = await runCli(['run'], { cwd: dir, env: env(b.url) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fail with the bubble index, the field and the spec position, on the console and in JUnit and Markdown', async () => {
    const b = await withRealBot();
    const dir = tempProject({ 'specs/rooms.yaml': FAIL });
    const result = await runCli(['run', '--junit', 'out/junit.xml', '--markdown', 'out/report.md'], {
      cwd: dir,
      env: env(b.url),
    });
    expect(result.code).toBe(1);
    const expected = [
      'bubbles[1].chatType (specs/rooms.yaml:8:17)',
      'json $.conversation.types[0] (specs/rooms.yaml:10:13)',
      'json $.scenario.missing (specs/rooms.yaml:11:13)',
    ];
    for (const line of expected) expect(result.stdout).toContain(line);
    expect(result.stdout).toContain('"TEXT" in bubble 1 (carousel)');
    expect(result.stdout).toContain('"x", but the path selects nothing in the reply');
    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    const markdown = readFileSync(join(dir, 'out/report.md'), 'utf8');
    for (const line of expected) {
      expect(junit).toContain(line);
      expect(markdown).toContain(line.split(' (')[0]!);
    }
    expect(markdown).toContain('specs/rooms.yaml:8:17');
  });

  it('a JSONPath that does not parse is refused before anything runs (exit 2, file:line:column)', async () => {
    const b = await withRealBot();
    const dir = tempProject({ 'specs/rooms.yaml': PASS.replace('"$.scenario.intent"', '"$.scenario.intent[?"') });
    const result = await runCli(['run'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('specs/rooms.yaml:10:13');
    expect(result.stderr).toContain('is not a JSONPath expression');
    expect(b.requests).toHaveLength(0);
  });
});

describe('a 200 reply that is not a CLOVA reply', () => {
  it('is an error of the dialogue ("not a CLOVA reply: …"), exit 3, not a failed expectation', async () => {
    const b = await withRealBot((req) =>
      description(req) === 'hours' ? { json: fixture('proxy-result-code') } : undefined,
    );
    const dir = tempProject({
      'specs/hours.yaml': `dialogues:
  - name: proxy answers
    steps:
      - send: hours
        expect: { scenarioName: Opening hours }
`,
    });
    const result = await runCli(['run', '--junit', 'out/junit.xml'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('not a CLOVA reply: HTTP 200');
    expect(result.stdout).toContain('{"resultCode":99,"resultMessage":"upstream unavailable","data":null}');
    expect(result.stdout).toMatch(/^0 passed, 0 failed, 1 error/m);
    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(junit).toMatch(/<error[^>]*not a CLOVA reply/);
    expect(junit).not.toContain(SECRET);
  });
});

describe("the mock and the LINE web kit's open", () => {
  it('`clova-regress mock` answers an open with {type: text, data: {}} with the welcome', async () => {
    const dir = tempProject({ 'bot.yaml': readFileSync(join(REPO, 'specs/bot.yaml'), 'utf8') });
    let answered: { status: number; json: Record<string, unknown> } | undefined;
    const result = await runCli(['mock', 'bot.yaml', '--verbose'], {
      cwd: dir,
      env: { CLOVA_SECRET_KEY: SECRET },
      onSpawn: (child) => {
        let out = '';
        child.stdout!.on('data', async (chunk: Buffer | string) => {
          out += String(chunk);
          const url = /listening at (\S+)/.exec(out)?.[1];
          if (!url || answered) return;
          answered = { status: 0, json: {} };
          const bytes = Buffer.from(
            JSON.stringify({
              userId: 'web-kit',
              timestamp: Date.now(),
              bubbles: [{ type: 'text', data: {} }],
              event: 'open',
            }),
            'utf8',
          );
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=UTF-8', [SIGNATURE_HEADER]: signBody(bytes, SECRET) },
            body: bytes,
          });
          answered = { status: res.status, json: (await res.json()) as Record<string, unknown> };
          child.kill('SIGINT');
        });
      },
    });
    expect(answered?.status).toBe(200);
    expect(JSON.stringify(answered?.json.bubbles)).toContain('Welcome');
    // no version in that request: the verbose line says the mock answered v2 anyway
    expect(result.stdout).toContain('200 open');
    expect(result.stdout).toContain('the mock answers v2');
  });
});
