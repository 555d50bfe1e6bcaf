/**
 * Texts are texts: a number or a boolean in a text position is sent and expected exactly as the
 * spec wrote it (`007`, not 7; `0x1F`, not 31; `1.10`, not 1.1; a long id, not 1.23e+29), on the
 * fast and the positioned parser alike, while numbers where numbers belong (timeoutMs, score)
 * stay numbers.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'written-scalars-secret';
const withBot = scriptedBotPerTest(SECRET);

const SPEC = `suite: Written
vars:
  orderId: 000123
dialogues:
  - name: numbers as written
    timeoutMs: 5000
    steps:
      - send: 007
        expect:
          description: 1.10
          score: { gte: 0.5 }
      - send: 0x1F
      - send: 123456789012345678901234567890
      - send: True
      - send: "order \${orderId}"
      - send: { anyOf: [1.50, 2e3] }
`;

describe('texts are read as written', () => {
  it.each([
    ['the fast parser', SPEC],
    [
      'the positioned parser (a YAML tag sends the file down the yaml package path)',
      SPEC.replace('suite: Written', 'suite: !!str Written'),
    ],
  ])('%s', async (_what, spec) => {
    const bot = await withBot((req) => ({
      json: textReply(req.body.userId, 'Echo', said(req) === '007' ? '1.10' : 'ok'),
    }));
    const dir = tempProject({ 'specs/w.yaml': spec });
    const result = await runCli(['run'], { cwd: dir, env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const sent = bot.requests.map(said);
    for (const text of ['007', '0x1F', '123456789012345678901234567890', 'True', 'order 000123', '1.50', '2e3'])
      expect(sent).toContain(text);
  });

  it('in a bot definition for the mock too: utterances, answers and information as written, numbers and raw JSON kept', async () => {
    const bot = `scenarios:
  - name: Agent 007
    id: 42
    utterances: [007, 1.10]
    answer:
      text: 0x1F
      information: { version: 2.0 }
  - name: Raw
    utterances: [raw]
    bubbles: [{ type: text, data: { description: "n" }, count: 007 }]
`;
    const spec = `dialogues:
  - name: agent
    steps:
      - send: "007"
        expect: { scenarioName: Agent 007, description: "0x1F", information: { version: "2.0" } }
      - send: "1.10"
        expect: { scenarioName: Agent 007 }
      - send: raw
        expect: { json: { "$.bubbles[0].count": "7" } }
`;
    const dir = tempProject({ 'specs/bot.yaml': bot, 'specs/agent.yaml': spec });
    const result = await runCli(['run', '--no-progress'], { cwd: dir });
    expect(result.stdout).toMatch(/^1 passed, 0 failed/m);
    expect(result.code).toBe(0);
  });
});
