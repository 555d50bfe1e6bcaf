/**
 * The undici dispatcher the bot client sends through. No proxy for this bot (none set, or NO_PROXY
 * names it): a plain Pool to the invoke URL's origin, the fast path. Otherwise undici's ProxyAgent
 * — a CONNECT tunnel for an https bot, plain absolute-URL forwarding for an http one (the
 * proxy sees the request, as a forward proxy expects) — with the same pool settings and TLS.
 */
import type { ConnectionOptions } from 'node:tls';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { proxyFor, type DispatcherSettings } from './network.js';

export interface BotDispatcher {
  dispatcher: Dispatcher;
  /** `host:port` of the proxy in use, without credentials, for messages. */
  proxyHost?: string;
}

/**
 * The reply-header limit Node's own http module would give undici (its `--max-http-header-size`,
 * 16 KiB unless set), named in the pool options so that undici need not load node:http to read it
 * (.ci/bundle-cli.mjs): undefined, and undici asks node:http, when the option is set.
 */
export function nodeMaxHeaderSize(
  execArgv = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS,
): number | undefined {
  const set = [...execArgv, nodeOptions ?? ''].some((arg) => arg.includes('--max-http-header-size'));
  return set ? undefined : NODE_DEFAULT_MAX_HEADER_SIZE;
}

const NODE_DEFAULT_MAX_HEADER_SIZE = 16_384;

export function createBotDispatcher(
  origin: URL,
  settings: DispatcherSettings,
  pool: Pool.Options,
  tls?: ConnectionOptions,
): BotDispatcher {
  const connect: ConnectionOptions | undefined = settings.tls || tls ? { ...settings.tls, ...tls } : undefined;
  const maxHeaderSize = nodeMaxHeaderSize();
  if (maxHeaderSize !== undefined) pool = { maxHeaderSize, ...pool };
  const proxy = proxyFor(origin, settings.proxy);
  if (!proxy) return { dispatcher: new Pool(origin.origin, { ...pool, ...(connect ? { connect } : {}) }) };
  const agent = new ProxyAgent({
    ...pool,
    uri: proxy,
    // plain forwarding for http:// bots; https:// bots are tunnelled whatever this says
    proxyTunnel: false,
    ...(connect ? { requestTls: connect, proxyTls: connect } : {}),
  });
  return { dispatcher: agent, proxyHost: new URL(proxy).host };
}
