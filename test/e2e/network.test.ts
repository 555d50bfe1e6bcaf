/**
 * Reaching the bot from a real network (issue 14), through the CLI: a real forward proxy the test
 * starts (test/helpers/forward-proxy.ts) is the only way to `bot.invalid`, a name no resolver
 * knows, so a passing run proves its requests went through the proxy. HTTP_PROXY / http_proxy /
 * NO_PROXY, --proxy, --no-proxy; proxy credentials masked even on a 407 and a bot error; extra
 * headers that reach the bot and stay masked; https through a CONNECT tunnel with --ca,
 * NODE_EXTRA_CA_CERTS, and a client certificate.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startScriptedBot, textReply } from '../helpers/scripted-bot.js';
import type { Answer, ScriptedBot, ScriptedBotOptions, SeenRequest } from '../helpers/scripted-bot.js';
import { startForwardProxy, type ForwardProxy, type ForwardProxyOptions } from '../helpers/forward-proxy.js';
import { expectNoLeak, filesUnder } from '../helpers/leaks.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'net-Secret-Key-0123456789+/=';
const SPEC = `suite: Net
dialogues:
  - name: greets
    steps:
      - send: hello
        expect:
          scenarioName: Greeting
`;

const servers: Array<ScriptedBot | ForwardProxy> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const greeter = (req: SeenRequest): Answer => ({ json: textReply(req.body.userId, 'Greeting', 'Hello there.') });

async function bot(handler: (req: SeenRequest) => Answer = greeter, options: ScriptedBotOptions = {}) {
  const b = await startScriptedBot(SECRET, handler, options);
  servers.push(b);
  return b;
}

/** A proxy that alone knows `bot.invalid`: it stands for 127.0.0.1, where the scripted bot listens. */
async function proxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const p = await startForwardProxy({ hosts: { 'bot.invalid': '127.0.0.1' }, ...options });
  servers.push(p);
  return p;
}

/** The bot's URL under the name only the proxy resolves. */
const viaName = (b: ScriptedBot) => b.url.replace('127.0.0.1', 'bot.invalid');
const port = (b: ScriptedBot) => new URL(b.url).port;
/** A port nothing listens on: a proxy there would refuse, so a run through it could not pass. */
const DEAD_PROXY = 'http://127.0.0.1:9';

const project = () => tempProject({ 'specs/net.yaml': SPEC });

function run(args: string[], env: Record<string, string>, dir = project()): Promise<CliResult> {
  return runCli(['run', ...args], { cwd: dir, env: { CLOVA_SECRET_KEY: SECRET, ...env } });
}

describe('proxies', () => {
  it("HTTP_PROXY carries an http bot's requests, forwarded as absolute URLs the proxy sees", async () => {
    const b = await bot();
    const p = await proxy();
    const result = await run(['--url', viaName(b)], { HTTP_PROXY: p.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`Target: bot at ${viaName(b)} via proxy 127.0.0.1:${p.port}`);
    const seen = p.seen.map((s) => `${s.method} ${s.target}`);
    expect(seen).toEqual([`POST http://bot.invalid:${port(b)}/custom_chatbot/prod/`]);
    expect(b.requests).toHaveLength(1);
    expect(b.requests[0]!.signatureOk).toBe(true);
  });

  it('without a proxy the made-up host is unreachable: the name resolves only through the proxy', async () => {
    const b = await bot();
    const result = await run(['--url', viaName(b), '--request-retries', '0'], {});
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/host not found \(bot\.invalid:\d+, ENOTFOUND\)|DNS lookup failed/);
    expect(b.requests).toHaveLength(0);
  });

  it('reads http_proxy before HTTP_PROXY, as undici and curl do', async () => {
    const b = await bot();
    const p = await proxy();
    const result = await run(['--url', viaName(b)], { http_proxy: p.url, HTTP_PROXY: DEAD_PROXY });
    expect(result.code).toBe(0);
    expect(p.seen).toHaveLength(1);
  });

  it('--proxy replaces the proxy variables', async () => {
    const b = await bot();
    const p = await proxy();
    const env = { HTTP_PROXY: DEAD_PROXY, HTTPS_PROXY: DEAD_PROXY };
    const result = await run(['--url', viaName(b), '--proxy', p.url], env);
    expect(result.code).toBe(0);
    expect(p.seen).toHaveLength(1);
  });

  it('--no-proxy goes straight to the bot, whatever HTTP_PROXY says', async () => {
    const b = await bot();
    const p = await proxy();
    const result = await run(['--url', b.url, '--no-proxy'], { HTTP_PROXY: p.url });
    expect(result.code).toBe(0);
    expect(p.seen).toHaveLength(0);
    expect(b.requests).toHaveLength(1);
  });

  it('a 127.0.0.1 bot goes through HTTP_PROXY unless NO_PROXY names it (undici: no implicit localhost)', async () => {
    const b = await bot();
    const p = await proxy();
    const proxied = await run(['--url', b.url], { HTTP_PROXY: p.url });
    expect(proxied.code).toBe(0);
    expect(p.seen).toHaveLength(1);
    const direct = await run(['--url', b.url], { HTTP_PROXY: p.url, NO_PROXY: 'localhost,127.0.0.1' });
    expect(direct.code).toBe(0);
    expect(direct.stdout.split('\n')[0]).toBe(`Target: bot at ${b.url}`);
    expect(p.seen).toHaveLength(1);
    expect(b.requests).toHaveLength(2);
  });

  it('NO_PROXY entries match a host and its subdomains, and may name a port', async () => {
    const b = await bot();
    const p = await proxy({ hosts: { 'bot.invalid': '127.0.0.1', 'eu.bot.invalid': '127.0.0.1' } });
    const url = b.url.replace('127.0.0.1', 'eu.bot.invalid');
    // another port: still proxied, so the run passes through the proxy
    const otherPort = await run(['--url', url], { HTTP_PROXY: p.url, NO_PROXY: `bot.invalid:${Number(port(b)) + 1}` });
    expect(otherPort.code).toBe(0);
    expect(p.seen).toHaveLength(1);
    // bypassed: a direct connection to a name nobody resolves fails, and the proxy sees nothing more
    const env = { HTTP_PROXY: p.url, NO_PROXY: '.bot.invalid' };
    const bypassed = await run(['--url', url, '--request-retries', '0'], env);
    expect(bypassed.code).toBe(3);
    expect(p.seen).toHaveLength(1);
  });

  it('the built-in mock is never sent through a proxy', async () => {
    const p = await proxy();
    const env = { HTTP_PROXY: p.url, HTTPS_PROXY: p.url };
    const result = await runCli(['run', '-q', 'specs/welcome.yaml'], { env });
    expect(result.code).toBe(0);
    expect(p.seen).toHaveLength(0);
  });

  it('explore and record send through the proxy too', async () => {
    const b = await bot();
    const p = await proxy();
    const dir = project();
    const env = { CLOVA_SECRET_KEY: SECRET, HTTPS_PROXY: DEAD_PROXY, HTTP_PROXY: p.url };
    const exploreArgs = ['explore', '--out', 'found', '--url', viaName(b), '--max-dialogues', '1'];
    const explored = await runCli(exploreArgs, { cwd: dir, env });
    expect(explored.code).toBe(0);
    const recordArgs = ['record', 'specs', '--dry-run', '--url', viaName(b), '--proxy', p.url];
    const recorded = await runCli(recordArgs, { cwd: dir, env: { CLOVA_SECRET_KEY: SECRET } });
    expect(recorded.code).toBe(0);
    expect(p.seen.length).toBe(b.requests.length);
    expect(p.seen.length).toBeGreaterThanOrEqual(2);
  });

  it('bad proxy settings are usage errors that do not show the credentials', async () => {
    for (const [args, env, message] of [
      [['--proxy', 'socks4://user:Pr0xyPassw0rd@proxy:1080'], {}, /--proxy must be an http:\/\/ or https:\/\/ proxy/],
      [[], { HTTPS_PROXY: 'http://user:Pr0xyPassw0rd@[bad' }, /HTTPS_PROXY is not a proxy URL: http:\/\/\[REDACTED\]@/],
      [['--proxy', ''], {}, /--proxy needs the proxy's URL/],
      [['--proxy', 'http://a:3128', '--no-proxy'], {}, /given more than once/],
    ] as const) {
      const result = await run(['--url', 'http://bot.invalid/', ...args], env);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr + result.stdout).not.toContain('Pr0xyPassw0rd');
    }
  });
});

describe('proxy credentials', () => {
  const USER = 'ci-robot';
  const PASSWORD = 'Pr0xy-Pa55:w0rd@corp';
  const withCredentials = (p: ForwardProxy) => `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${p.port}`;
  /** Every way the password could show: as given, URL-encoded, inside the Basic header, or a piece of it. */
  const basic = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  const forbidden = [PASSWORD, encodeURIComponent(PASSWORD), basic, 'Pa55'];
  const outputs = (result: CliResult, dir: string) => [
    { path: 'stdout', text: result.stdout },
    { path: 'stderr', text: result.stderr },
    ...filesUnder(join(dir, 'out')),
  ];

  it('are sent to the proxy as Basic Proxy-Authorization, never to the bot', async () => {
    const b = await bot();
    const p = await proxy({ credentials: `${USER}:${PASSWORD}` });
    const result = await run(['--url', viaName(b)], { HTTPS_PROXY: DEAD_PROXY, HTTP_PROXY: withCredentials(p) });
    expect(result.code).toBe(0);
    expect(p.seen[0]!.status).toBe(200);
    expect(b.requests[0]!.headers['proxy-authorization']).toBeUndefined();
  });

  it('stay out of the console, --json and --junit when the proxy answers 407, forwarding or tunnelling', async () => {
    const b = await bot();
    const p = await proxy({ credentials: `${USER}:the-right-one` });
    for (const url of [viaName(b), viaName(b).replace('http:', 'https:')]) {
      const dir = project();
      const args = ['--url', url, '--json', 'out/results.json', '--junit', 'out/junit.xml'];
      const result = await run(args, { HTTP_PROXY: withCredentials(p) }, dir);
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/the proxy asked for credentials \(HTTP 407\)/);
      expect(result.stdout).toMatch(/via proxy 127\.0\.0\.1:\d+/);
      expectNoLeak(outputs(result, dir), forbidden);
    }
    // a 407 is not retried: the same credentials would be refused again
    expect(p.seen.map((s) => s.status)).toEqual([407, 407]);
    expect(b.requests).toHaveLength(0);
  });

  it('refused credentials stop the run like a wrong key: every later request would get the same 407', async () => {
    const b = await bot();
    const p = await proxy({ credentials: `${USER}:the-right-one` });
    const copies = (dialogue: string) => [1, 2, 3, 4, 5].map((i) => dialogue.replace('greets', `greets ${i}`)).join('');
    const many = SPEC.replace(/ {2}- name: greets[\s\S]*$/, copies);
    const dir = tempProject({ 'specs/net.yaml': many });
    const result = await run(['--url', viaName(b), '-j', '1'], { HTTP_PROXY: withCredentials(p) }, dir);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/Stopped early: the proxy asked for credentials/);
    expect(p.seen).toHaveLength(3);
  });

  it("stay masked when the bot's error page echoes the proxy URL", async () => {
    const p = await proxy({ credentials: `${USER}:${PASSWORD}` });
    const proxyUrl = withCredentials(p);
    const message = `upstream ${proxyUrl} failed; password ${PASSWORD}`;
    const b = await bot(() => ({ status: 502, json: { error: { errorCode: '502', message } } }));
    const dir = project();
    const reports = ['--json', 'out/r.json', '--junit', 'out/j.xml'];
    const result = await run(['--url', viaName(b), '--proxy', proxyUrl, '--request-retries', '0', ...reports], {}, dir);
    expect(result.code).toBe(3);
    const masked = /upstream http:\/\/\[REDACTED\]:\[REDACTED\]@127\.0\.0\.1:\d+ failed; password \[REDACTED\]/;
    expect(result.stdout).toMatch(masked);
    expectNoLeak(outputs(result, dir), forbidden);
    expect(readFileSync(join(dir, 'out/r.json'), 'utf8')).toContain('password [REDACTED]');
  });
});

describe('--header', () => {
  const KEY = 'gw-Key-5ecret-0042';

  it('reaches the bot on every request; a ${env.X} value is masked in every output', async () => {
    // the bot echoes the key back, so a run that printed replies would print it
    const echo = (req: SeenRequest) => `your key is ${String(req.headers['x-api-key'])}`;
    const b = await bot((req) => ({ json: textReply(req.body.userId, 'Echo', echo(req)) }));
    const p = await proxy();
    // a description the echo does not match, so the console and reports show the reply's text
    const dir = tempProject({ 'specs/net.yaml': SPEC.replace('scenarioName: Greeting', 'description: the key') });
    const headers = ['--header', 'X-Api-Key: ${env.GW_KEY}', '--header', 'X-Waf-Token:  plain-token-value '];
    const reports = ['--json', 'out/r.json', '--junit', 'out/j.xml', '--html', 'out/r.html'];
    const args = ['--url', viaName(b), ...headers, ...reports];
    const result = await run(args, { GW_KEY: KEY, HTTP_PROXY: p.url }, dir);
    expect(result.code).toBe(1);
    expect(b.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(b.requests[0]!.headers['x-waf-token']).toBe('plain-token-value');
    // the signing's own headers are untouched
    expect(b.requests[0]!.signatureOk).toBe(true);
    expect(b.requests[0]!.contentType).toBe('application/json;UTF-8');
    // the proxy forwarded them as they were sent
    expect(p.seen[0]!.headers['x-api-key']).toBe(KEY);
    expect(result.stdout).toContain('your key is [REDACTED]');
    const outputs = [
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
      ...filesUnder(join(dir, 'out')),
    ];
    expectNoLeak(outputs, [KEY, 'plain-token-value', Buffer.from(KEY).toString('base64')]);
  });

  it('a malformed or reserved header is a usage error and nothing is sent', async () => {
    const b = await bot();
    for (const [header, message] of [
      ['X-Api-Key abc', /--header has no ':'/],
      ['X Api: v', /invalid name "X Api"/],
      ['X-Api-Key: a\r\nInjected: yes', /line break \(CR\/LF\)/],
      ['X-NCP-CHATBOT_SIGNATURE: forged', /cannot be set: the request signing sets it/],
      ['content-type: text/plain', /cannot be set: the request signing needs it/],
      ['X-Api-Key: ${env.UNSET_KEY}', /uses \$\{env\.UNSET_KEY\}, which is not set/],
      ['X-Api-Key: ${env.EMPTY_KEY}', /which is empty/],
      ['X-Api-Key: ${secret}', /can use only \$\{env\.NAME\}/],
    ] as const) {
      const result = await run(['--url', b.url, '--header', header], { EMPTY_KEY: '' });
      expect(result.code, header).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('abc');
    }
    const twice = await run(['--url', b.url, '--header', 'X-A: 1', '--header', 'x-a: 2'], {});
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/the 2nd --header|given twice/);
    const badEnv = await run(['--url', b.url, '--header', 'X-A: ${env.TOKEN}'], { TOKEN: 'one\ntwo-secret-part' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/the value of \$\{env\.TOKEN\} has characters a header cannot carry/);
    expect(badEnv.stderr).not.toContain('two-secret-part');
    expect(b.requests).toHaveLength(0);
  });
});

/** openssl writes the certificates; without it the https tests are skipped, saying why. */
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A self-signed certificate for `names` (its own CA), as PEM files in `dir`. */
function selfSigned(dir: string, name: string, subjectAltName: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
  const subject = ['-subj', `/CN=${name}`, '-addext', `subjectAltName=${subjectAltName}`];
  execFileSync('openssl', [...args, '-keyout', key, '-out', cert, ...subject], { stdio: 'ignore' });
  return { cert, key };
}

describe.skipIf(!openssl)('https bots (certificates made with openssl)', () => {
  it('an https bot through a CONNECT tunnel: trusted with --ca or NODE_EXTRA_CA_CERTS, refused otherwise', async () => {
    const dir = project();
    const server = selfSigned(dir, 'bot.invalid', 'DNS:bot.invalid');
    const b = await bot(greeter, { tls: { cert: readFileSync(server.cert), key: readFileSync(server.key) } });
    const p = await proxy();
    const url = viaName(b);
    expect(url).toMatch(/^https:\/\/bot\.invalid:/);

    const trusted = await run(['--url', url, '--proxy', p.url, '--ca', server.cert], {}, dir);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(p.seen.map((s) => `${s.method} ${s.target}`)).toEqual([`CONNECT bot.invalid:${port(b)}`]);

    const untrusted = await run(['--url', url, '--request-retries', '0'], { HTTPS_PROXY: p.url }, dir);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stdout).toMatch(/self-signed|certificate/i);

    // Node 20's TLS reads NODE_EXTRA_CA_CERTS at start-up, and undici connects through it
    const extra = await run(['--url', url], { HTTPS_PROXY: p.url, NODE_EXTRA_CA_CERTS: server.cert }, dir);
    expect(extra.code).toBe(0);
    expect(b.requests).toHaveLength(2);
  });

  it('--ca adds to the trusted CAs, keeping NODE_EXTRA_CA_CERTS', async () => {
    const dir = project();
    const one = selfSigned(dir, 'one', 'IP:127.0.0.1');
    const other = selfSigned(dir, 'other', 'IP:127.0.0.1');
    const b = await bot(greeter, { tls: { cert: readFileSync(one.cert), key: readFileSync(one.key) } });
    const result = await run(['--url', b.url, '--ca', other.cert], { NODE_EXTRA_CA_CERTS: one.cert }, dir);
    expect(result.code).toBe(0);
  });

  it('--cert and --key present a client certificate to a bot that demands one', async () => {
    const dir = project();
    const server = selfSigned(dir, 'server', 'IP:127.0.0.1');
    const client = selfSigned(dir, 'client', 'DNS:clova-regress-client');
    const tls = {
      cert: readFileSync(server.cert),
      key: readFileSync(server.key),
      ca: readFileSync(client.cert),
      requestCert: true,
      rejectUnauthorized: true,
    };
    const b = await bot(greeter, { tls });
    const clientCert = ['--cert', client.cert, '--key', client.key];
    const withCert = await run(['--url', b.url, '--ca', server.cert, ...clientCert], {}, dir);
    expect(withCert.stderr).toBe('');
    expect(withCert.code).toBe(0);
    const without = await run(['--url', b.url, '--ca', server.cert, '--request-retries', '0'], {}, dir);
    expect(without.code).toBe(3);
    expect(b.requests).toHaveLength(1);
  });

  it('certificate files are checked before anything is sent', async () => {
    const dir = tempProject({ 'specs/net.yaml': SPEC, 'not-pem.txt': 'hello' });
    const server = selfSigned(dir, 'server', 'IP:127.0.0.1');
    for (const [args, message] of [
      [['--ca', 'missing.pem'], /--ca missing\.pem: no such file/],
      [['--ca', '.'], /--ca \.: is a folder, not a file/],
      [['--ca', 'not-pem.txt'], /--ca not-pem\.txt is not a PEM file/],
      [['--cert', server.cert], /--cert and --key go together/],
      [['--cert', server.cert, '--key', server.cert], /--key .* is not a PEM file/],
    ] as const) {
      const result = await run(['--url', 'https://bot.invalid/', ...args], {}, dir);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
