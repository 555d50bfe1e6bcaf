/**
 * The mock's HTTP edge: plain node:http, one POST path, the body capped and read once, the
 * service's checks, the chatbot's answer, then the faults. All the deciding happens in pure
 * modules (request-checks, chatbot, faults); this file moves bytes and keeps sessions and counts.
 */
import { clipMasked } from '../io/redact.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MockChatbot } from './chatbot.js';
import type { BotDefinition } from './definition.js';
import { deliversReply, faultOutcome, type FaultConfig, type FaultKind } from './faults.js';
import { checkRequest, DEFAULT_TIMESTAMP_WINDOW_MS } from './request-checks.js';
import { gatewayError, jsonReply, type HttpReply } from './service-errors.js';
import { SessionStore } from './session.js';

export interface MockServerOptions {
  bot: BotDefinition;
  /** Requests must be signed with this key. */
  secretKey: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The one path that answers (default `/`); others get the gateway's 404. */
  path?: string;
  /** Replace the bot file's global faults key by key (command-line flags). */
  faults?: FaultConfig;
  /** Seeds the fault decisions (default 0). */
  seed?: number;
  /** How far a request's timestamp may be from the clock (default 10 000; Infinity turns the check off). */
  timestampWindowMs?: number;
  /** Overrides the bot file's `session.idleTimeoutMs` (a long benchmark keeps memory flat with a short one). */
  sessionIdleMs?: number;
  /** Bodies larger than this get the gateway's 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** A client must send its whole header block within this, or is answered 408 and closed (default 10 000). */
  headersTimeoutMs?: number;
  /** …and its whole request, body included (default 30 000). Together they cut off slowloris clients. */
  requestTimeoutMs?: number;
  /** Told one line per request (no signatures, no secrets). */
  log?: (line: string) => void;
}

export interface MockStats {
  requests: number;
  /** Intact chatbot replies. */
  replies: number;
  /** Refused requests by reason: chatbot codes (`4031`…) and gateway statuses (`404`, `413`). */
  rejected: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** Sessions currently remembered. */
  sessions: number;
}

export interface MockServer {
  /** The invoke URL, e.g. http://127.0.0.1:40123/ */
  url: string;
  stats(): MockStats;
  /** Stops listening and closes every connection, keep-alive and hanging ones included. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const SIGNATURE = 'x-ncp-chatbot_signature';

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const chatbot = new MockChatbot(options.bot, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const sessions = new SessionStore(options.sessionIdleMs ?? options.bot.sessionIdleMs);
  sessions.startSweeping();
  const path = options.path ?? '/';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const checks = {
    secretKey: options.secretKey,
    timestampWindowMs: options.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS,
  };
  const log = options.log;
  const counts = {
    requests: 0,
    replies: 0,
    rejected: {} as Record<string, number>,
    faults: { status: 0, malformed: 0, html: 0, reset: 0, hang: 0, slow: 0 },
  };
  const timers = new Set<NodeJS.Timeout>();

  const reject = (res: ServerResponse, reason: string, reply: HttpReply, note: string) => {
    counts.rejected[reason] = (counts.rejected[reason] ?? 0) + 1;
    send(res, reply);
    log?.(`${reply.status} rejected (${reason}): ${note}`);
  };

  const answer = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const now = Date.now();
    const signature = req.headers[SIGNATURE];
    const checked = checkRequest(body, Array.isArray(signature) ? signature[0] : signature, { ...checks, now });
    if (!checked.ok) {
      reject(res, checked.code, checked.reply, checked.message);
      return;
    }
    const input = checked.input;
    const session = sessions.touch(input.userId, now);
    session.requests++;
    if (chatbot.countsUsers) session.ruleHits ??= new Map();
    const reply = chatbot.respond(input, session, now);
    const decision = reply.faults.decide({
      userId: input.userId,
      requestNo: session.requests,
      ...(session.ruleHits ? { ruleHits: session.ruleHits } : {}),
    });
    if (deliversReply(decision.rule)) {
      session.context = reply.next.context;
      session.slots = reply.next.slots;
    }
    const deliver = () => {
      if (res.destroyed) return;
      const rule = decision.rule;
      if (!rule) {
        counts.replies++;
        send(res, jsonReply(reply.json));
      } else {
        counts.faults[rule.kind]++;
        const outcome = faultOutcome(rule, reply.json, Date.now());
        if (outcome.kind === 'reset') req.socket.destroy();
        else if (outcome.kind === 'reply') send(res, outcome.reply);
        // 'hang': say nothing; close() destroys the socket
      }
      if (log) {
        const said = input.text === undefined ? '' : ` ${JSON.stringify(clip(input.text))}`;
        const to = reply.scenarioName ? ` → ${reply.scenarioName} (${reply.matchingType} ${reply.score})` : '';
        const note = input.note ? ` (${input.note})` : '';
        log(
          `${rule ? `fault ${rule.kind}${rule.status ? ` ${rule.status}` : ''}` : '200'} ${input.event}${said}${to}${decision.delayMs ? ` after ${decision.delayMs} ms` : ''}${note}`,
        );
      }
    };
    if (decision.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        deliver();
      }, decision.delayMs);
      timers.add(timer);
    } else {
      deliver();
    }
  };

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(headersTimeout, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks those timeouts every 30 s by default: a slow client would hold its socket up to
      // 30 s past them. Checking a few times per timeout keeps the cut-off close to what was set.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      counts.requests++;
      if (req.method !== 'POST' || pathOf(req.url) !== path) {
        reject(res, '404', gatewayError(404), `${req.method} ${clip(req.url ?? '')}`);
        return;
      }
      if (Number(req.headers['content-length']) > maxBody) {
        refuseLarge(req, res, () =>
          reject(res, '413', gatewayError(413), `declared ${req.headers['content-length']} bytes`),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      req.on('data', (chunk: Buffer) => {
        if (refused) return;
        size += chunk.length;
        if (size > maxBody) {
          refused = true;
          refuseLarge(req, res, () => reject(res, '413', gatewayError(413), `more than ${maxBody} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!refused) answer(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      });
      req.on('error', () => undefined); // the client went away; nothing to answer
    },
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}${path}`,
    stats: () => ({
      ...counts,
      rejected: { ...counts.rejected },
      faults: { ...counts.faults },
      sessions: sessions.size,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        sessions.stopSweeping();
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, reply: HttpReply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/** Answers 413 without reading the rest, then closes the connection: the body is never buffered. */
function refuseLarge(req: IncomingMessage, res: ServerResponse, respond: () => void): void {
  res.setHeader('connection', 'close');
  respond();
  req.pause();
  res.on('finish', () => (req.socket as Socket).end());
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Masked, then cut: a secret in what a client sent must not show its first characters. */
function clip(text: string): string {
  return clipMasked(text, 60);
}
