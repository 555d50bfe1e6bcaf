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

export function createBotDispatcher(
  origin: URL,
  settings: DispatcherSettings,
  pool: Pool.Options,
  tls?: ConnectionOptions,
): BotDispatcher {
  const connect: ConnectionOptions | undefined = settings.tls || tls ? { ...settings.tls, ...tls } : undefined;
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
