/**
 * How requests reach the bot across a real network (issue 14): a forward proxy (HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY, or `--proxy` / `--no-proxy`), extra headers for gateways behind an API
 * key or a WAF token (`--header 'Name: value'`, `${env.X}` allowed), and TLS trust (`--ca`,
 * `--cert`/`--key`). Pure: flags, the environment and a file reader in; dispatcher settings,
 * headers and the secrets to mask out; a NetworkOptionError (a usage error) for anything malformed.
 * Its messages never hold a header value, a file's content or a proxy URL's credentials.
 */
import { readFileSync, statSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { maskUrlCredentials } from '../io/redact.js';
import { fillTemplate, parseTemplate } from '../dialogues/variables.js';

/** The flags as yargs hands them over: `--no-proxy` arrives as `proxy: false`, a repeated flag as an array. */
export interface NetworkArgs {
  proxy?: unknown;
  header?: unknown;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
}

/** Which forward proxy a bot URL goes through, resolved from flags and environment. */
export interface ProxyChoice {
  /** For http:// bots: requests forwarded as absolute URLs. */
  http?: string;
  /** For https:// bots: a CONNECT tunnel. */
  https?: string;
  /** NO_PROXY: hosts reached directly, with undici's rules (see bypassesProxy). */
  noProxy: string;
}

/** TLS material for the bot's connections (and a https:// proxy's): PEM texts. */
export interface TlsMaterial {
  /** Trusted CAs, replacing Node's store: so it holds Node's roots and NODE_EXTRA_CA_CERTS too. */
  ca?: string[];
  cert?: string;
  key?: string;
}

export interface DispatcherSettings {
  proxy?: ProxyChoice;
  tls?: TlsMaterial;
}

export interface NetworkOptions {
  dispatcher: DispatcherSettings;
  /** Lower-case name → value, sent with every request to the bot. */
  headers: Record<string, string>;
  /** What must be masked in every output: header values (and their `${env.X}` parts), proxy URLs. */
  secrets: { values: string[]; urls: string[] };
}

/** What the bot client takes: no secrets list, which the command registers where it starts. */
export type ClientNetwork = Partial<Pick<NetworkOptions, 'dispatcher' | 'headers'>>;

/** A malformed network flag or variable: a usage error (exit 2), with a message safe to print. */
export class NetworkOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkOptionError';
  }
}

/** Reads a file the user named, or throws an Error saying why not (default: regular, readable files only). */
export type ReadFile = (path: string) => string;

/**
 * Headers the client owns: the signature covers the body as sent with its Content-Type, and
 * undici frames the request itself (and refuses Proxy-Authorization: it comes from the proxy URL).
 */
const RESERVED_HEADERS: Record<string, string> = {
  'x-ncp-chatbot_signature': 'the request signing sets it',
  'content-type': 'the request signing needs it as sent (application/json;UTF-8)',
  'content-length': 'the client sets it from the body',
  'transfer-encoding': 'the client frames the body itself',
  host: 'it comes from --url',
  connection: 'the client manages its connections',
  'keep-alive': 'the client manages its connections',
  'proxy-connection': 'the client manages its connections',
  upgrade: 'the client speaks HTTP/1.1 to the bot',
  expect: 'the client sends the body at once',
  te: 'the client reads plain replies',
  trailer: 'the client sends no trailers',
  'proxy-authorization': "give the proxy's credentials in its URL: http://user:password@host:port",
};

/** An HTTP token (RFC 9110 §5.6.2): what a header name is made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What undici lets through in a header value: tab, visible ASCII, obs-text; never CR, LF or NUL. */
const HEADER_VALUE_CHAR = /^[\t\x20-\x7e\x80-\xff]*$/;

type Env = Readonly<Record<string, string | undefined>>;

export function networkOptions(
  args: NetworkArgs,
  env: Env = process.env,
  read: ReadFile = readRegularFile,
): NetworkOptions {
  const secrets: NetworkOptions['secrets'] = { values: [], urls: [] };
  const dispatcher: DispatcherSettings = {};
  const proxy = proxyChoice(args.proxy, env, secrets.urls);
  if (proxy) dispatcher.proxy = proxy;
  const tls = tlsMaterial(args, env, read);
  if (tls) dispatcher.tls = tls;
  return { dispatcher, headers: extraHeaders(args.header, env, secrets.values), secrets };
}

/**
 * The proxy from `--proxy` (which replaces HTTP(S)_PROXY; NO_PROXY still applies), else from the
 * environment as undici's EnvHttpProxyAgent reads it: the lower-case name first, HTTP_PROXY for
 * https bots too when HTTPS_PROXY is unset. `--no-proxy` (yargs: `proxy: false`): none at all.
 */
function proxyChoice(flag: unknown, env: Env, urls: string[]): ProxyChoice | undefined {
  const pick = (lower: string, upper: string) => env[lower] ?? env[upper];
  const given = { http: pick('http_proxy', 'HTTP_PROXY'), https: pick('https_proxy', 'HTTPS_PROXY') };
  // registered before anything is checked: a message about a bad flag must not show them either
  for (const value of [given.http, given.https, flag]) if (typeof value === 'string' && value !== '') urls.push(value);
  if (Array.isArray(flag)) {
    throw new NetworkOptionError(
      '--proxy / --no-proxy given more than once: give one (--no-proxy ignores HTTP_PROXY, HTTPS_PROXY and NO_PROXY)',
    );
  }
  if (flag === false) return undefined;
  const noProxy = pick('no_proxy', 'NO_PROXY') ?? '';
  if (flag !== undefined) {
    if (typeof flag !== 'string' || flag.trim() === '') {
      throw new NetworkOptionError("--proxy needs the proxy's URL, e.g. http://proxy.example:3128 (--no-proxy: none)");
    }
    const url = proxyUrl(flag, '--proxy', urls);
    return { http: url, https: url, noProxy };
  }
  const named = (lower: string, upper: string) => (env[lower] !== undefined ? lower : upper);
  const http = given.http ? proxyUrl(given.http, named('http_proxy', 'HTTP_PROXY'), urls) : undefined;
  const https = given.https ? proxyUrl(given.https, named('https_proxy', 'HTTPS_PROXY'), urls) : http;
  if (!http && !https) return undefined;
  return { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy };
}

/** A proxy URL checked; `proxy.corp:3128` without a scheme means http://, as curl reads it. */
function proxyUrl(value: string, from: string, urls: string[]): string {
  const text = value.trim();
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  urls.push(full);
  let parsed: URL;
  try {
    parsed = new URL(full);
  } catch {
    const shown = maskUrlCredentials(text);
    throw new NetworkOptionError(`${from} is not a proxy URL: ${shown} (expected http://[user:password@]host:port)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NetworkOptionError(`${from} must be an http:// or https:// proxy, not ${parsed.protocol}//`);
  }
  if (parsed.hostname === '') throw new NetworkOptionError(`${from} names no proxy host: ${maskUrlCredentials(text)}`);
  return full;
}

/** The proxy a request to `target` goes through, or undefined when it goes directly. */
export function proxyFor(target: URL, choice: ProxyChoice | undefined): string | undefined {
  if (!choice) return undefined;
  const url = target.protocol === 'https:' ? choice.https : choice.http;
  return url !== undefined && !bypassesProxy(target, choice.noProxy) ? url : undefined;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * NO_PROXY as undici's EnvHttpProxyAgent reads it (undici 7; test/client/network.test.ts holds
 * the two side by side): entries split on commas and spaces; `*` alone bypasses everything; an
 * entry matches its host and every subdomain (a leading `.` or `*.` is dropped); `host:port` only
 * that port. No implicit localhost: 127.0.0.1 goes through the proxy unless NO_PROXY names it.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]/).filter((e) => e !== '');
  if (entries.length === 0) return false;
  if (noProxy === '*') return true;
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  for (const entry of entries) {
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed ? parsed[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    if (parsed && Number.parseInt(parsed[2]!, 10) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/** `--header 'Name: value'` (repeatable) → lower-case name → value, each value's secrets noted. */
function extraHeaders(flag: unknown, env: Env, secrets: string[]): Record<string, string> {
  const given = flag === undefined ? [] : Array.isArray(flag) ? flag : [flag];
  const headers: Record<string, string> = {};
  given.forEach((raw, i) => {
    const which = given.length > 1 ? `the ${ordinal(i + 1)} --header` : '--header';
    if (typeof raw !== 'string') throw new NetworkOptionError(`${which} needs 'Name: value' (there is no --no-header)`);
    const colon = raw.indexOf(':');
    // the text is not shown: without a colon it may be a bare token
    if (colon === -1) {
      const example = `--header 'X-Api-Key: \${env.GATEWAY_KEY}'`;
      throw new NetworkOptionError(`${which} has no ':': write it as 'Name: value', e.g. ${example}`);
    }
    const name = raw.slice(0, colon);
    if (!HEADER_NAME.test(name)) {
      const shown = JSON.stringify(name.slice(0, 40));
      throw new NetworkOptionError(
        `${which} has an invalid name ${shown}: a header name is letters, digits and !#$%&'*+-.^_\`|~, ` +
          "with no spaces before the ':'",
      );
    }
    const lower = name.toLowerCase();
    const reserved = RESERVED_HEADERS[lower];
    if (reserved) throw new NetworkOptionError(`--header ${name} cannot be set: ${reserved}`);
    if (Object.hasOwn(headers, lower)) {
      throw new NetworkOptionError(`--header ${name} is given twice: give it once (join values with ", " for a list)`);
    }
    const value = headerValue(name, raw.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''), env, secrets);
    headers[lower] = value;
    secrets.push(value);
  });
  return headers;
}

/** A header's value with its `${env.X}` filled in; every filled part is a secret. */
function headerValue(name: string, template: string, env: Env, secrets: string[]): string {
  if (/[\r\n\0]/.test(template)) {
    throw new NetworkOptionError(`--header ${name} has a line break (CR/LF) or NUL in its value: a header is one line`);
  }
  const { parts, errors } = parseTemplate(template);
  const [error] = errors;
  if (error) throw new NetworkOptionError(`--header ${name}: ${error.message} (write $\${ for a literal \${)`);
  const { text } = fillTemplate(
    parts,
    (ref) => {
      if (!ref.env) {
        throw new NetworkOptionError(`--header ${name} uses \${${ref.name}}: a header can use only \${env.NAME}`);
      }
      const value = env[ref.name];
      const used = `--header ${name} uses \${env.${ref.name}}`;
      if (value === undefined) throw new NetworkOptionError(`${used}, which is not set`);
      // an unset CI secret often arrives as an empty variable: sending an empty key helps no one
      if (value === '') throw new NetworkOptionError(`${used}, which is empty`);
      secrets.push(value);
      if (!HEADER_VALUE_CHAR.test(value)) {
        throw new NetworkOptionError(
          `--header ${name}: the value of \${env.${ref.name}} has characters a header cannot carry ` +
            '(a line break, NUL, or beyond Latin-1)',
        );
      }
      return value;
    },
    'text',
  );
  if (!HEADER_VALUE_CHAR.test(text)) {
    throw new NetworkOptionError(`--header ${name} has characters a header cannot carry (control or beyond Latin-1)`);
  }
  return text;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffixes: Record<number, string> = { 1: 'st', 2: 'nd', 3: 'rd' };
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (suffixes[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * `--ca` (repeatable) adds to the CAs Node trusts; `--cert` with `--key` is a client certificate.
 * Node's `ca` option replaces its store, so the bundled roots and NODE_EXTRA_CA_CERTS (which
 * Node itself honours when no `ca` is given) are put back in beside the given ones.
 */
function tlsMaterial(args: NetworkArgs, env: Env, read: ReadFile): TlsMaterial | undefined {
  const files = (flag: unknown, name: string): string[] => {
    const list = flag === undefined ? [] : Array.isArray(flag) ? flag : [flag];
    for (const f of list) if (typeof f !== 'string' || f === '') throw new NetworkOptionError(`--${name} needs a file`);
    return list as string[];
  };
  const cas = files(args.ca, 'ca');
  const [cert, ...moreCerts] = files(args.cert, 'cert');
  const [key, ...moreKeys] = files(args.key, 'key');
  if (moreCerts.length > 0 || moreKeys.length > 0) throw new NetworkOptionError('--cert and --key are given once each');
  if ((cert === undefined) !== (key === undefined)) {
    throw new NetworkOptionError('--cert and --key go together: the client certificate and its private key');
  }
  const tls: TlsMaterial = {};
  if (cas.length > 0) {
    const extra = env.NODE_EXTRA_CA_CERTS ? readOptional(read, env.NODE_EXTRA_CA_CERTS) : undefined;
    const given = cas.map((file) => pem(read, file, '--ca', 'CERTIFICATE'));
    tls.ca = [...rootCertificates, ...(extra ? [extra] : []), ...given];
  }
  if (cert !== undefined && key !== undefined) {
    tls.cert = pem(read, cert, '--cert', 'CERTIFICATE');
    tls.key = pem(read, key, '--key', 'PRIVATE KEY');
  }
  return tls.ca || tls.cert ? tls : undefined;
}

function pem(read: ReadFile, file: string, flag: string, kind: string): string {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new NetworkOptionError(`${flag} ${file}: ${(error as Error).message}`);
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text)) {
    throw new NetworkOptionError(`${flag} ${file} is not a PEM file (no -----BEGIN …${kind}----- block)`);
  }
  return text;
}

/** NODE_EXTRA_CA_CERTS that cannot be read: Node has already warned about it, and ignores it. */
function readOptional(read: ReadFile, file: string): string | undefined {
  try {
    return read(file);
  } catch {
    return undefined;
  }
}

/** The default reader: a regular file that can be read, with the reason in words when not. */
export function readRegularFile(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error('no such file');
    throw new Error(code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? 'error'})`);
  }
  if (!stat.isFile()) throw new Error(stat.isDirectory() ? 'is a folder, not a file' : 'is not a regular file');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? 'error'})`);
  }
}
