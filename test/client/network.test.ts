/**
 * networkOptions: flags and variables → proxy, headers, TLS; and bypassesProxy held against
 * undici's own EnvHttpProxyAgent, so "NO_PROXY as undici reads it" stays true across upgrades.
 */
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { bypassesProxy, NetworkOptionError, networkOptions, proxyFor } from '../../src/client/network.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const files: Record<string, string> = {
  'ca.pem': PEM,
  'extra.pem': PEM.replace('MIIB', 'EXTRA'),
  'client.crt': PEM,
  'client.key': KEY,
  'text.txt': 'hello',
};
const read = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error('no such file');
  return text;
};
const options = (args: Record<string, unknown>, env: Record<string, string> = {}) => networkOptions(args, env, read);
const usageError = (args: Record<string, unknown>, env: Record<string, string> = {}) => {
  try {
    options(args, env);
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkOptionError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('proxy settings', () => {
  it('none without flags or variables: the client keeps its plain pool', () => {
    expect(options({}).dispatcher).toEqual({});
  });

  it('reads the lower-case variables first, HTTP_PROXY for https bots when HTTPS_PROXY is unset', () => {
    const lower = options({}, { HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:1' });
    expect(lower.dispatcher.proxy).toEqual({ http: 'http://lower:1', https: 'http://lower:1', noProxy: '' });
    expect(options({}, { HTTPS_PROXY: 'http://s:1' }).dispatcher.proxy).toEqual({ https: 'http://s:1', noProxy: '' });
    const both = options({}, { HTTP_PROXY: 'http://h:1', HTTPS_PROXY: 'http://s:1', NO_PROXY: 'a', no_proxy: 'b' });
    expect(both.dispatcher.proxy).toEqual({ http: 'http://h:1', https: 'http://s:1', noProxy: 'b' });
  });

  it('takes a proxy without a scheme as http://, as curl does', () => {
    expect(options({}, { HTTPS_PROXY: 'proxy.corp:3128' }).dispatcher.proxy?.https).toBe('http://proxy.corp:3128');
  });

  it('--proxy replaces both variables and keeps NO_PROXY; --no-proxy (proxy: false) drops all', () => {
    const env = { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:1', NO_PROXY: 'internal' };
    const flag = options({ proxy: 'http://p:8080' }, env);
    expect(flag.dispatcher.proxy).toEqual({ http: 'http://p:8080', https: 'http://p:8080', noProxy: 'internal' });
    expect(options({ proxy: false }, env).dispatcher.proxy).toBeUndefined();
  });

  it('notes every proxy URL as a secret holder, even one not used', () => {
    const { secrets } = options({ proxy: 'http://u:pw1@p:1' }, { HTTPS_PROXY: 'http://u:pw2@s:1' });
    expect(secrets.urls).toEqual(expect.arrayContaining(['http://u:pw1@p:1', 'http://u:pw2@s:1']));
  });

  it("proxyFor picks the proxy by the bot's scheme and honours NO_PROXY", () => {
    const choice = { http: 'http://h:1', https: 'http://s:1', noProxy: 'internal.example' };
    expect(proxyFor(new URL('https://bot.example/x'), choice)).toBe('http://s:1');
    expect(proxyFor(new URL('http://bot.example/x'), choice)).toBe('http://h:1');
    expect(proxyFor(new URL('https://api.internal.example/x'), choice)).toBeUndefined();
    expect(proxyFor(new URL('http://bot.example/x'), { https: 'http://s:1', noProxy: '' })).toBeUndefined();
  });
});

/**
 * Which of its agents undici's EnvHttpProxyAgent hands a request to: its sub-agents (symbol-keyed
 * fields) are swapped for recorders, so its own NO_PROXY code decides and nothing is sent.
 */
function undiciBypasses(target: string, noProxy: string): boolean {
  const proxy = 'http://proxy.invalid:1';
  const agent = new EnvHttpProxyAgent({ httpProxy: proxy, httpsProxy: proxy, noProxy });
  const symbols = Object.getOwnPropertySymbols(agent);
  const direct = symbols.find((s) => s.description === 'no proxy agent');
  const proxied = symbols.filter((s) => s.description === 'http proxy agent' || s.description === 'https proxy agent');
  expect(direct, 'undici changed EnvHttpProxyAgent: update this cross-check').toBeDefined();
  expect(proxied).toHaveLength(2);
  let chose: 'direct' | 'proxy' | undefined;
  const recorder = (kind: 'direct' | 'proxy') => ({
    dispatch: () => ((chose = kind), true),
    close: async () => undefined,
    destroy: async () => undefined,
  });
  const fields = agent as unknown as Record<symbol, unknown>;
  fields[direct!] = recorder('direct');
  for (const s of proxied) fields[s] = recorder('proxy');
  const url = new URL(target);
  agent.dispatch({ origin: url.origin, path: '/', method: 'GET' }, {} as Dispatcher.DispatchHandler);
  expect(chose).toBeDefined();
  return chose === 'direct';
}

describe('NO_PROXY, as undici reads it', () => {
  const cases: Array<[string, string]> = [
    ['http://127.0.0.1:8080', ''],
    ['http://127.0.0.1:8080', '127.0.0.1'],
    ['http://localhost:8080', '127.0.0.1'],
    ['http://[::1]:8080', '[::1]'],
    ['https://bot.example', 'example'],
    ['https://bot.example', '.example'],
    ['https://bot.example', '*.example'],
    ['https://bot.example', 'bot.example:443'],
    ['https://bot.example', 'bot.example:8443'],
    ['http://bot.example', 'bot.example:80'],
    ['https://bot.example:8443', 'bot.example:8443'],
    ['https://BOT.Example', 'bot.EXAMPLE'],
    ['https://notexample', 'example'],
    ['https://bot.example', 'other.example, bot.example'],
    ['https://bot.example', 'other.example bot.example'],
    ['https://bot.example', '*'],
    ['https://bot.example', ' * '],
    ['https://bot.example', 'a,*'],
    ['https://bot.example', ',,'],
  ];
  it.each(cases)('%s with NO_PROXY=%j goes the way undici sends it', (target, noProxy) => {
    expect(bypassesProxy(new URL(target), noProxy)).toBe(undiciBypasses(target, noProxy));
  });
});

describe('--header', () => {
  it('names lower-cased, values trimmed, ${env.X} filled in, every value and part a secret', () => {
    const header = ['X-Api-Key: ${env.GW}', 'X-Waf:   tok en  ', 'X-Lit: $${env.GW}', 'User-Agent: ci/1'];
    const { headers, secrets } = options({ header }, { GW: 'abc123' });
    expect(headers).toEqual({ 'x-api-key': 'abc123', 'x-waf': 'tok en', 'x-lit': '${env.GW}', 'user-agent': 'ci/1' });
    expect(secrets.values).toEqual(expect.arrayContaining(['abc123', 'tok en']));
  });

  it('one flag given once arrives as a string', () => {
    expect(options({ header: 'X-A: 1' }).headers).toEqual({ 'x-a': '1' });
  });

  it('refuses what would break the request or the signature, without echoing the value', () => {
    expect(usageError({ header: ['secret-token'] })).toMatch(/has no ':'/);
    expect(usageError({ header: ['secret-token'] })).not.toContain('secret-token');
    expect(usageError({ header: [' X-A: v'] })).toMatch(/invalid name/);
    expect(usageError({ header: ['X-A : v'] })).toMatch(/invalid name/);
    expect(usageError({ header: ['X-A: v\nX-B: w'] })).toMatch(/line break/);
    expect(usageError({ header: ['X-A: 상품'] })).toMatch(/cannot carry/);
    expect(usageError({ header: ['X-A: ${env.T'] })).toMatch(/not closed/);
    const reserved = ['X-NCP-CHATBOT_SIGNATURE', 'Content-Type', 'content-length', 'Host', 'Transfer-Encoding'];
    reserved.push('Proxy-Authorization');
    for (const name of reserved) {
      expect(usageError({ header: [`${name}: x`] })).toMatch(new RegExp(`--header ${name} cannot be set`));
    }
    expect(usageError({ header: [false] })).toMatch(/no --no-header/);
  });
});

describe('TLS material', () => {
  it("--ca keeps Node's roots and NODE_EXTRA_CA_CERTS beside the given CA", () => {
    const tls = options({ ca: 'ca.pem' }, { NODE_EXTRA_CA_CERTS: 'extra.pem' }).dispatcher.tls!;
    expect(tls.ca).toEqual([...rootCertificates, files['extra.pem'], PEM]);
  });

  it('without --ca the store is left to Node (which reads NODE_EXTRA_CA_CERTS itself)', () => {
    expect(options({}, { NODE_EXTRA_CA_CERTS: 'extra.pem' }).dispatcher.tls).toBeUndefined();
  });

  it('--cert and --key together, checked as PEM', () => {
    expect(options({ cert: 'client.crt', key: 'client.key' }).dispatcher.tls).toEqual({ cert: PEM, key: KEY });
    expect(usageError({ cert: 'client.crt' })).toMatch(/go together/);
    expect(usageError({ ca: 'text.txt' })).toMatch(/not a PEM file/);
    expect(usageError({ ca: 'gone.pem' })).toBe('--ca gone.pem: no such file');
  });
});
