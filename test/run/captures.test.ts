/** Captures at run time: values read from one reply, filled into later steps of the same attempt. */
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/dialogues/load.js';
import { runDialogueAttempt, type DialogueContext } from '../../src/run/dialogue.js';
import type { ChatRequest } from '../../src/protocol/request.js';
import type { Exchange } from '../../src/client/bot-client.js';
import { textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

/** A bot that answers from a function of the text sent; records what it was sent. */
function fakeBot(answer: (text: string) => { scenario: string; text: string }) {
  const sent: string[] = [];
  const ctx: DialogueContext = {
    timeoutMs: 1000,
    async send(request: ChatRequest): Promise<Exchange> {
      const text = request.text ?? '';
      sent.push(text);
      const a = answer(text);
      return {
        ok: true,
        status: 200,
        json: textReply(request.userId, a.scenario, a.text),
        attempts: 1,
        latencyMs: 1,
        request: { event: request.event, userId: request.userId, text, timestamp: 0, body: '' },
      };
    },
  };
  return { ctx, sent };
}

async function dialogueOf(yaml: string) {
  const dir = tempProject({ 'spec.yaml': yaml });
  const { suites } = await loadSpecs(['spec.yaml'], dir, { env: {} });
  return suites[0]!.dialogues[0]!;
}

const SPEC = `dialogues:
  - name: order then ask for its status
    steps:
      - send: order a coffee
        capture:
          orderId: { from: description, regex: "Order (\\\\d+)" }
          first: scenarioName
      - send: "status of order \${orderId}"
        expect:
          description: /^Order \${orderId} \\(from \${first}\\) is on its way$/
`;

describe('captures while a dialogue runs', () => {
  it('captures group 1 of a regex and fills it into the next step, literal inside a regex', async () => {
    const bot = fakeBot((t) =>
      t.startsWith('order')
        ? { scenario: 'Order (new)', text: 'Thanks! Order 4711 is placed.' }
        : { scenario: 'Status', text: `Order ${t.replace(/\D/g, '')} (from Order (new)) is on its way` },
    );
    const attempt = await runDialogueAttempt(await dialogueOf(SPEC), 'u1', bot.ctx);
    expect(bot.sent).toEqual(['order a coffee', 'status of order 4711']);
    expect(attempt.status).toBe('passed');
    // reports show the step as it ran, with the values in
    expect(attempt.steps[1]!.action).toEqual({ kind: 'send', text: 'status of order 4711' });
    expect(attempt.steps[1]!.expect.description).toEqual({
      op: 'regex',
      pattern: '^Order 4711 \\(from Order \\(new\\)\\) is on its way$',
      flags: '',
    });
  });

  it('fails the capturing step when nothing matches, and does not send steps that need the value', async () => {
    const bot = fakeBot(() => ({ scenario: 'Fallback', text: 'Sorry?' }));
    const attempt = await runDialogueAttempt(await dialogueOf(SPEC), 'u1', bot.ctx);
    expect(bot.sent).toEqual(['order a coffee']);
    expect(attempt.status).toBe('failed');
    const [s1, s2] = attempt.steps;
    expect(s1!.status === 'failed' && s1!.mismatches).toEqual([
      {
        field: 'capture.orderId',
        expected: 'a value of description matching /Order (\\d+)/',
        actual: ['Sorry?'],
        pos: { file: 'spec.yaml', line: 6, column: 11 },
      },
    ]);
    expect(s2!.status === 'skipped' && s2!.reason).toBe('`${orderId}` was not captured by an earlier step');
  });
});
