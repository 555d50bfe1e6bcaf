/** Shared by the mock's tests: bots from inline YAML, signed requests, replies as Turns. */
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { botFromSource } from '../../src/mock/load.js';
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/mock/server.js';
import type { BotDefinition } from '../../src/mock/definition.js';
import { parseYamlSource } from '../../src/yaml/yaml-source.js';
import { buildRequestBody, serializeBody, type ChatRequest } from '../../src/protocol/request.js';
import { SIGNATURE_HEADER, signBody } from '../../src/protocol/signature.js';
import { normalizeReply } from '../../src/protocol/reply.js';
import type { Turn } from '../../src/protocol/turn.js';

export const SECRET = 'test-secret-key';
export const EXAMPLE_BOT = fileURLToPath(new URL('../../specs/bot.yaml', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A bot from inline YAML; fails the test with the problems when it does not load. */
export function botFromYaml(yaml: string, file = 'bot.yaml'): BotDefinition {
  const parsed = parseYamlSource(file, yaml);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  const result = botFromSource(parsed.source);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n'));
  return result.bot;
}

const running: MockServer[] = [];

/** Starts a mock for this test; afterEach closes it. */
export async function startMock(bot: BotDefinition, options: Partial<MockServerOptions> = {}): Promise<MockServer> {
  const server = await startMockServer({ bot, secretKey: SECRET, ...options });
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

export interface RawExchange {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs bytes as given, signed with `secret` unless a signature is given. */
export async function postRaw(
  url: string,
  body: string | Buffer,
  options: { secret?: string; signature?: string | null; method?: string } = {},
): Promise<RawExchange> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: Record<string, string> = { 'content-type': 'application/json;UTF-8' };
  const signature = options.signature === undefined ? signBody(bytes, options.secret ?? SECRET) : options.signature;
  if (signature !== null) headers[SIGNATURE_HEADER] = signature;
  const res = await fetch(url, { method: options.method ?? 'POST', headers, body: bytes });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Sends one chat request the way the runner does (fresh timestamp, signed exact bytes). */
export async function chat(url: string, request: ChatRequest, timestamp = Date.now()): Promise<RawExchange> {
  return postRaw(url, serializeBody(buildRequestBody(request, timestamp)));
}

/** A conversation of one userId: each call returns the reply as a Turn (throws on a non-200). */
export function conversation(url: string, userId = `user-${Math.random().toString(36).slice(2)}`) {
  const turn = async (request: Omit<ChatRequest, 'userId'>): Promise<Turn> => {
    const res = await chat(url, { ...request, userId });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
    return normalizeReply(JSON.parse(res.text), { status: res.status, latencyMs: 0, event: request.event });
  };
  return {
    userId,
    open: (text?: string) => turn({ event: 'open', ...(text !== undefined ? { text } : {}) }),
    send: (text: string) => turn({ event: 'send', text }),
    menu: () => turn({ event: 'getPersistentMenu' }),
    /** Presses a button of a reply as the runner does: postbackFull, else postback. */
    click: (reply: Turn, title: string) => {
      const button =
        reply.buttons.find((b) => b.title === title) ?? reply.persistentMenu.find((b) => b.title === title);
      const text = button?.action?.postbackFull ?? button?.action?.postback;
      if (text === undefined)
        throw new Error(`no button "${title}" to press; there are: ${reply.buttons.map((b) => b.title).join(', ')}`);
      return turn({ event: 'send', text });
    },
  };
}
