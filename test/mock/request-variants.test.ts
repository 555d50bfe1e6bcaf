/**
 * Request shapes real clients send that the service accepts (DESIGN.md, "Seen in real bots"):
 * every Content-Type spelling, the LINE web kit's open with an empty text bubble, a body without
 * `version` — answered, not refused with 4000.
 */
import { describe, expect, it } from 'vitest';
import { loadBotDefinition } from '../../src/mock/load.js';
import { SIGNATURE_HEADER, signBody } from '../../src/protocol/signature.js';
import { chat, EXAMPLE_BOT, SECRET, startMock } from './helpers.js';

const bot = await loadBotDefinition(EXAMPLE_BOT);

async function post(url: string, fields: Record<string, unknown>, contentType = 'application/json;UTF-8') {
  const bytes = Buffer.from(
    JSON.stringify({
      version: 'v2',
      userId: 'u-variants',
      timestamp: Date.now(),
      bubbles: [],
      event: 'open',
      ...fields,
    }),
    'utf8',
  );
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, [SIGNATURE_HEADER]: signBody(bytes, SECRET) },
    body: bytes,
  });
  return { status: res.status, json: JSON.parse(await res.text()) as Record<string, unknown> };
}

describe('request variants the service accepts', () => {
  it.each(['application/json', 'application/json;UTF-8', 'application/json; charset=UTF-8'])(
    'answers a request sent as %s',
    async (contentType) => {
      const mock = await startMock(bot);
      const res = await post(
        mock.url,
        { event: 'send', bubbles: [{ type: 'text', data: { description: 'store hours' } }] },
        contentType,
      );
      expect(res.status).toBe(200);
      expect((res.json.scenario as { name: string }).name).toBe('Store hours');
    },
  );

  it("answers the LINE web kit's open (`{type: text, data: {}}`) with the welcome, as an open without bubbles", async () => {
    const mock = await startMock(bot);
    const plain = JSON.parse((await chat(mock.url, { event: 'open', userId: 'u-plain' })).text) as {
      bubbles: unknown[];
    };
    const res = await post(mock.url, { bubbles: [{ type: 'text', data: {} }] });
    expect(res.status).toBe(200);
    expect(res.json.bubbles).toEqual(plain.bubbles);
  });

  it('still refuses a send whose bubble has no description (4000)', async () => {
    const mock = await startMock(bot);
    const res = await post(mock.url, { event: 'send', bubbles: [{ type: 'text', data: {} }] });
    expect(res.status).toBe(500);
    expect(res.json.code).toBe('4000');
  });

  it('answers a request without version in v2, and says so in its log (mock --verbose)', async () => {
    const lines: string[] = [];
    const mock = await startMock(bot, { log: (line) => lines.push(line) });
    const res = await post(mock.url, {
      version: undefined,
      event: 'send',
      bubbles: [{ type: 'text', data: { description: 'store hours' } }],
    });
    expect(res.status).toBe(200);
    expect(res.json.version).toBe('v2');
    expect(lines.join('\n')).toContain(
      'no version in the request: the service would answer in v1, the mock answers v2',
    );
    await post(mock.url, { event: 'send', bubbles: [{ type: 'text', data: { description: 'store hours' } }] });
    expect(lines[lines.length - 1]).not.toContain('no version');
  });
});
