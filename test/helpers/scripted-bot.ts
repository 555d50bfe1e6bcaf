/**
 * A local stand-in for a live bot, scripted per test: it checks every request as the real service
 * does (signature over the raw bytes, timestamp within 10 s) and records what it saw, then answers
 * whatever the test's handler says — a reply, an error body, garbage, a reset, or silence.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type ServerOptions as TlsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { verifySignature } from '../../src/protocol/signature.js';

export interface SeenRequest {
  body: Record<string, unknown>;
  raw: string;
  signatureOk: boolean;
  timestampSkewMs: number;
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
}

export type Answer =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; text: string }
  | { reset: true }
  | { hang: true };

export interface ScriptedBot {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export interface ScriptedBotOptions {
  /** Serve https with this key and certificate (and client-certificate checks, if asked). */
  tls?: TlsServerOptions;
}

/** `handler` gets each request that passed the service's checks; failed checks get the service's error. */
export async function startScriptedBot(
  secretKey: string,
  handler: (req: SeenRequest, index: number) => Answer | Promise<Answer>,
  options: ScriptedBotOptions = {},
): Promise<ScriptedBot> {
  const requests: SeenRequest[] = [];
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const header = req.headers['x-ncp-chatbot_signature'];
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // recorded as an empty body; the handler decides
    }
    const seen: SeenRequest = {
      body,
      raw,
      signatureOk: verifySignature(bytes, secretKey, Array.isArray(header) ? header[0] : header),
      timestampSkewMs: Math.abs(Date.now() - Number(body.timestamp)),
      contentType: req.headers['content-type'],
      headers: req.headers,
    };
    requests.push(seen);
    if (!seen.signatureOk)
      return send(res, { status: 500, json: { code: '4031', message: 'Signature is invalid', timestamp: Date.now() } });
    if (!(seen.timestampSkewMs <= 10_000))
      return send(res, {
        status: 500,
        json: { code: '4032', message: 'Timestamp is out of range', timestamp: Date.now() },
      });
    send(res, await handler(seen, requests.length - 1));
  };
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/custom_chatbot/prod/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Handler = (req: SeenRequest, index: number) => Answer | Promise<Answer>;

/**
 * Call once at the top of a test file (or a describe): returns `withBot(handler)`, which starts a
 * scripted bot checking `secretKey`; every bot it started is closed after each test.
 */
export function scriptedBotPerTest(secretKey: string): (handler: Handler) => Promise<ScriptedBot> {
  const started: ScriptedBot[] = [];
  afterEach(async () => {
    for (const bot of started.splice(0)) await bot.close();
  });
  return async (handler) => {
    const bot = await startScriptedBot(secretKey, handler);
    started.push(bot);
    return bot;
  };
}

/** What a request said: its first bubble's description ('' when it has no bubble, as on open). */
export const said = (r: SeenRequest): string =>
  (r.body.bubbles as Array<{ data: { description: string } }>)[0]?.data.description ?? '';

function send(res: ServerResponse, answer: Answer): void {
  if ('reset' in answer) return void res.socket?.destroy();
  if ('hang' in answer) return;
  const text = 'json' in answer ? JSON.stringify(answer.json) : answer.text;
  res.writeHead(answer.status ?? 200, {
    'content-type': 'json' in answer ? 'application/json;charset=UTF-8' : 'text/html',
    ...answer.headers,
  });
  res.end(text);
}

/** A reply shaped like the service's: one text bubble with the usual information. */
export function textReply(
  userId: unknown,
  scenario: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    version: 'v2',
    userId,
    timestamp: Date.now(),
    bubbles: [
      {
        type: 'text',
        data: { description: text },
        information: [
          { key: 'chatType', value: 'TEXT' },
          { key: 'chatType', value: 'TEXT' },
          { key: 'score', value: '1.0' },
          { key: 'scenarioName', value: scenario },
          { key: 'matchingType', value: 'exactMatch' },
        ],
      },
    ],
    scenario: { name: scenario, chatUtteranceSetId: 1, intent: [] },
    conversation: { scenarioName: scenario, chatUtteranceSetId: 1, types: [] },
    entities: [],
    keywords: [],
    event: 'send',
    ...extra,
  };
}
