/**
 * The sweep of the release-gate issue: a bot that echoes the secret key and each request's
 * signature back in every encoding a real bot may choose — raw, JSON-escaped (`\u002B`, `\/`),
 * every character `\uXXXX`, base64, hex, URL-encoded, cut short in a long error message — and every
 * command that talks to a bot or writes an output. Zero bytes of the secret, its base64 or hex,
 * or any signature sent, in every file written and every byte printed. Also: secret-looking
 * `${env.X}` names, `--mask-env`, credentials in a URL, and control characters from a bot that
 * must reach the terminal spelled out.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { expectNoLeak, filesUnder } from '../helpers/leaks.js';
import { signBody } from '../../src/protocol/signature.js';
import { clearSecrets, clipMasked, maskUrlCredentials, registerSecret } from '../../src/io/redact.js';
import { maskEcho, maskEchoDecoded } from '../../src/io/echo-mask.js';
import { looksSecret } from '../../src/dialogues/variables.js';
import { escapeControls } from '../../src/render/terminal-safe.js';

// base64-ish on purpose: `+` and `/` are what JSON encoders escape
const SECRET = 'Sw33p+Secret/Key+0123456789abcdef';

const withBot = scriptedBotPerTest(SECRET);
afterEach(async () => {
  clearSecrets();
});

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
/** Every character as \uXXXX, as a JSON text holds it. */
const uEscaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** `+` as \u002B and `/` as \/ — .NET's default JSON encoder. */
const dotnet = (s: string) => s.replace(/\+/g, '\\u002B').replace(/\//g, '\\/');

/** Every way an output might spell `value` (as the main sweep in secrets.test.ts lists them). */
function spellings(value: string): string[] {
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    Buffer.from(value, 'utf8').toString('base64url'),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    html,
    dotnet(value),
    uEscaped(value),
  ];
}

/** What must never appear: the secret in every spelling, and each signature sent, raw and as hex of its digest. */
function forbidden(signatures: string[]): string[] {
  return [
    ...spellings(SECRET),
    hex(SECRET),
    hex(SECRET).toUpperCase(),
    SECRET.slice(0, 12),
    ...signatures.flatMap((sig) => [sig, Buffer.from(sig, 'base64').toString('hex'), sig.slice(0, 16)]),
  ];
}

/** A reply whose description is `raw` exactly as JSON text (escapes and all). */
function rawReply(userId: unknown, scenario: string, raw: string): { text: string } {
  const placeholder = 'PLACEHOLDER-0f3a';
  return { text: JSON.stringify(textReply(userId, scenario, placeholder)).replace(placeholder, raw) };
}

const SPEC = `suite: Sweep
dialogues:
  - name: dotnet escapes
    steps:
      - send: dotnet
        expect: { scenarioName: Nope }
  - name: every char escaped
    steps:
      - send: uescaped
        expect: { scenarioName: Nope }
  - name: base64 and hex
    steps:
      - send: encodings
        expect: { scenarioName: Nope }
  - name: a long error cut short
    steps:
      - send: clipped
  - name: an error body with escapes
    steps:
      - send: error-escaped
  - name: an HTML error
    steps:
      - send: html
  - name: a passing echo
    steps:
      - send: hello
        expect: { scenarioName: Echo }
`;

describe('the sweep: every encoding, every command', () => {
  it('finds zero bytes of the secret, its encodings or any signature in every output', async () => {
    const signatures: string[] = [];
    const bot = await withBot((req) => {
      const sig = signBody(Buffer.from(req.raw, 'utf8'), SECRET);
      signatures.push(sig);
      const text = said(req);
      const long = 'x'.repeat(100);
      switch (text) {
        case 'dotnet':
          return rawReply(req.body.userId, 'Echo', `sig ${dotnet(sig)} key ${dotnet(SECRET)}`);
        case 'uescaped':
          return rawReply(req.body.userId, 'Echo', `sig ${uEscaped(sig)} key ${uEscaped(SECRET)}`);
        case 'encodings':
          return {
            json: textReply(
              req.body.userId,
              'Echo',
              `b64 ${Buffer.from(SECRET).toString('base64')} hex ${hex(SECRET)} HEX ${hex(SECRET).toUpperCase()} url ${encodeURIComponent(SECRET)} sighex ${Buffer.from(sig, 'base64').toString('hex')}`,
            ),
          };
        case 'clipped':
          return { status: 500, text: `${long} ${SECRET} ${sig} ${long}` };
        case 'error-escaped':
          return {
            status: 500,
            text: `{"code":"5000","message":"failed for ${dotnet(SECRET)} with ${dotnet(sig)}","timestamp":1}`,
          };
        case 'html':
          return { status: 502, text: `<html><head><title>${'y'.repeat(100)}${SECRET}</title></head></html>` };
        default:
          return { json: textReply(req.body.userId, 'Echo', `you said ${text}`) };
      }
    });
    const dir = tempProject({ 'specs/sweep.yaml': SPEC, 'summary.md': '' });
    const env = { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
    const outputs: Array<{ path: string; text: string }> = [];
    const keep = (name: string, r: { stdout: string; stderr: string }) =>
      outputs.push({ path: `${name} stdout`, text: r.stdout }, { path: `${name} stderr`, text: r.stderr });

    const ran = await runCli(
      [
        'run',
        '--request-retries',
        '0',
        '--junit',
        'out/junit.xml',
        '--json',
        'out/results.json',
        '--html',
        'out/report.html',
        '--markdown',
        'out/summary.md',
      ],
      { cwd: dir, env },
    );
    expect(ran.code, ran.stderr).toBe(1);
    expect(ran.stdout).toMatch(/^1 passed, 3 failed, 3 errors/m);
    keep('run', ran);
    keep(
      'report',
      await runCli(
        ['report', 'out/results.json', '--junit', 'out/r-junit.xml', '--html', 'out/r.html', '--markdown', 'out/r.md'],
        { cwd: dir, env },
      ),
    );
    keep('merge', await runCli(['merge', 'out/results.json', '--json', 'out/merged.json'], { cwd: dir, env }));
    keep('validate', await runCli(['validate', 'specs'], { cwd: dir, env }));
    keep('coverage', await runCli(['coverage', 'specs', '--results', 'out/results.json'], { cwd: dir, env }));
    // record and --update write what the bot said into the spec files
    cpSync(join(dir, 'specs'), join(dir, 'rec'), { recursive: true });
    keep('record', await runCli(['record', 'rec', '--overwrite'], { cwd: dir, env }));
    keep('update', await runCli(['run', 'specs', '--update', '--request-retries', '0'], { cwd: dir, env }));

    expect(signatures.length).toBeGreaterThanOrEqual(14);
    outputs.push(...filesUnder(dir));
    // the masks show where the secrets were
    expect(outputs.find((o) => o.path === 'run stdout')!.text).toContain('[REDACTED]');
    expectNoLeak(outputs, forbidden(signatures));
  }, 90_000);

  it('mock --verbose masks before it cuts a long utterance', async () => {
    const key = 'test-secret-key'; // the key test/mock/helpers.ts signs with
    const child = spawn(process.execPath, [CLI, 'mock', 'specs/bot.yaml', '--port', '0', '--verbose'], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', CLOVA_SECRET_KEY: key },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const url = await new Promise<string>((resolve) => {
      const poll = setInterval(() => {
        const m = /export CLOVA_INVOKE_URL=(\S+)/.exec(stdout);
        if (m) {
          clearInterval(poll);
          resolve(m[1]!);
        }
      }, 20);
    });
    const { chat } = await import('../mock/helpers.js');
    // the key starts 50 characters in: a cut at 60 would show its first 10
    await chat(url, { event: 'send', userId: 'u-1', text: `${'z'.repeat(50)}${key}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    expect(stdout, stdout).toContain('z'.repeat(50));
    expectNoLeak([{ path: 'mock stdout', text: stdout }], [key.slice(0, 6)]);
  });
});

describe('what is masked', () => {
  it('secret-looking ${env.X} names, --mask-env, and URLs with credentials', async () => {
    const bot = await withBot((req) => ({ json: textReply(req.body.userId, 'Echo', `you said ${said(req)}`) }));
    const vars = {
      NPM_PASS: 'npm-pass-value-1',
      DB_PWD: 'db-pwd-value-22',
      GH_PAT: 'gh-pat-value-333',
      DATABASE_URL: 'postgres://admin:hunter2222@db.local/app',
      SHOP_ID: 'shop-id-value-4444',
    };
    const spec = `suite: Env\ndialogues:\n${Object.keys(vars)
      .map(
        (name) =>
          `  - name: ${name}\n    steps:\n      - send: "\${env.${name}}"\n        expect: { description: nope }\n`,
      )
      .join('')}`;
    const dir = tempProject({ 'specs/env.yaml': spec });
    const result = await runCli(['run', '--mask-env', 'SHOP_ID', '--json', 'out/results.json'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET, ...vars },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('you said [REDACTED]');
    expectNoLeak(
      [{ path: 'stdout', text: result.stdout }, ...filesUnder(dir).filter((f) => !f.path.endsWith('env.yaml'))],
      Object.values(vars),
    );
    // PATH and PWD are not secrets: masking them would hide ordinary folders
    expect(looksSecret('PATH')).toBe(false);
    expect(looksSecret('PWD')).toBe(false);
  });

  it('a malformed --url is shown without its credentials', async () => {
    const result = await runCli(['run', '--url', 'http://user:hunter2pw@[bad/x?token=t0ken-value&a=b'], {
      env: { CLOVA_SECRET_KEY: SECRET },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a URL: http://[REDACTED]@[bad/x?token=[REDACTED]&a=[REDACTED]');
    expectNoLeak([{ path: 'stderr', text: result.stderr }], ['hunter2pw', 't0ken-value']);
  });
});

describe('the pieces', () => {
  it('an echoed signature is masked after JSON decoding, and in every re-encoding', () => {
    const sig = 'oDNn+d4sGx6Z/sIkIiKaarMzGr6Mbkqr+7sw0s1Y2wE=';
    const raw = `{"d":"${dotnet(sig)}"}`;
    // the bytes do not hold the signature; the decoded value does
    expect(maskEcho(raw, sig)).toBe(raw);
    expect(maskEchoDecoded(JSON.parse(raw), raw, sig)).toEqual({ d: '[REDACTED]' });
    expect(
      maskEcho(`b ${Buffer.from(sig).toString('base64')} h ${Buffer.from(sig, 'base64').toString('hex')}`, sig),
    ).toBe('b [REDACTED] h [REDACTED]');
  });

  it('a message is masked, then cut, and a cut tail that begins a secret is masked too', () => {
    registerSecret(SECRET);
    const text = `${'a'.repeat(110)}${SECRET} and more`;
    expect(clipMasked(text, 120)).toBe(`${'a'.repeat(110)}[REDACTED]…`);
    expect(clipMasked(`${'a'.repeat(100)}${SECRET.slice(0, 10)}`, 200)).toBe(
      `${'a'.repeat(100)}${SECRET.slice(0, 10)}`,
    );
    expect(clipMasked(`${'a'.repeat(110)}${SECRET.slice(0, 15)}zzzzzzzzzzz`, 120)).toBe(
      `${'a'.repeat(110)}[REDACTED]…`,
    );
  });

  it('URLs lose their credentials and query values', () => {
    expect(maskUrlCredentials('https://u:p@host/x?token=abc&v=2')).toBe(
      'https://[REDACTED]@host/x?token=[REDACTED]&v=[REDACTED]',
    );
    expect(maskUrlCredentials('https://host/path')).toBe('https://host/path');
  });

  it('control characters are spelled out; newlines and tabs stay', () => {
    expect(escapeControls('a\u001b]0;pwned\u0007b\rc\r\nd\te\u202e')).toBe('a\\x1b]0;pwned\\x07b\\rc\r\nd\te\\u202e');
  });
});

describe('terminal injection', () => {
  it('a bot error message with ESC sequences and a CR reaches the console spelled out', async () => {
    const bot = await withBot((req) => ({
      status: 500,
      json: { code: '5000', message: `\u001b]0;owned\u0007\u001b[2Jall good\rPASSED ${said(req)}`, timestamp: 1 },
    }));
    const dir = tempProject({ 'specs/t.yaml': 'suite: T\ndialogues:\n  - name: boom\n    steps:\n      - send: hi\n' });
    const result = await runCli(['run', '--request-retries', '0', '--markdown', 'out/s.md'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET },
    });
    expect(result.code).toBe(3);
    for (const text of [result.stdout, readFileSync(join(dir, 'out/s.md'), 'utf8')]) {
      expect(text).not.toMatch(/[\u001b\u0007]|\r(?!\n)/);
      expect(text).toContain('\\x1b]0;owned\\x07\\x1b[2Jall good\\rPASSED');
    }
  });
});
