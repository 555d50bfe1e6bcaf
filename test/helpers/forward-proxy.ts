/**
 * A tiny forward proxy for the network tests, run in the test's own process on 127.0.0.1: CONNECT
 * tunnels (https targets) and plain absolute-URL forwarding (http targets), with an optional Basic
 * credential it insists on (407 otherwise). It resolves host names only through its own `hosts`
 * map, so a made-up name like `bot.invalid` reaches the local bot through this proxy and nowhere
 * else. Everything it was asked is recorded, for the test to check the proxy really saw it.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxySeen {
  /** `CONNECT` for a tunnel, else the forwarded request's method. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL for a forwarded request. */
  target: string;
  /** The Proxy-Authorization header as received (tests check it was sent, never print it). */
  proxyAuthorization: string | undefined;
  /** The forwarded request's headers (plain forwarding only: a tunnel's are encrypted or unseen). */
  headers: IncomingMessage['headers'];
  /** What the proxy answered: 200 tunnel or the upstream status, 407, 502. */
  status: number;
}

export interface ForwardProxyOptions {
  /** Host name → address it stands for; names not listed get 502. 127.0.0.1 maps to itself. */
  hosts?: Record<string, string>;
  /** `user:password` the client must send as Basic Proxy-Authorization. */
  credentials?: string;
}

export interface ForwardProxy {
  url: string;
  port: number;
  seen: ProxySeen[];
  close(): Promise<void>;
}

const REALM = 'Basic realm="test"';

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const hosts: Record<string, string> = { '127.0.0.1': '127.0.0.1', ...options.hosts };
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
  const seen: ProxySeen[] = [];
  const sockets = new Set<Socket>();
  const authorized = (req: IncomingMessage) =>
    expected === undefined || req.headers['proxy-authorization'] === expected;
  const record = (method: string, req: IncomingMessage): ProxySeen => {
    const auth = req.headers['proxy-authorization'];
    const entry: ProxySeen = {
      method,
      target: req.url ?? '',
      proxyAuthorization: auth,
      headers: req.headers,
      status: 0,
    };
    seen.push(entry);
    return entry;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry = record(req.method ?? '', req);
    const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    };
    if (!authorized(req)) return answer(407, 'proxy credentials required', { 'proxy-authenticate': REALM });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return answer(400, 'a forward proxy needs an absolute URL');
    }
    const address = hosts[target.hostname];
    if (target.protocol !== 'http:' || address === undefined) return answer(502, `unknown host ${target.hostname}`);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const where = { host: address, port: target.port || 80, path: `${target.pathname}${target.search}` };
    const upstream = httpRequest({ ...where, method: req.method, headers }, (reply) => {
      entry.status = reply.statusCode ?? 0;
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => answer(502, 'upstream failed'));
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const entry = record('CONNECT', req);
    sockets.add(client);
    client.on('close', () => sockets.delete(client)).on('error', () => undefined);
    const refuse = (status: number, reason: string, extra = '') => {
      entry.status = status;
      client.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (!authorized(req)) return refuse(407, 'Proxy Authentication Required', `Proxy-Authenticate: ${REALM}\r\n`);
    const [host, port] = splitHostPort(req.url ?? '');
    const address = hosts[host];
    if (address === undefined || !port) return refuse(502, 'Bad Gateway');
    const upstream = connect(port, address, () => {
      entry.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
    upstream.on('error', () => refuse(502, 'Bad Gateway'));
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function splitHostPort(authority: string): [string, number] {
  const at = authority.lastIndexOf(':');
  return at === -1 ? [authority, 0] : [authority.slice(0, at), Number(authority.slice(at + 1))];
}
