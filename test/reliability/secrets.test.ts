/**
 * No secret in any byte written. A run with passing, failing, erroring and retried dialogues,
 * every output enabled, a bot that echoes everything back (the utterance carrying a secret
 * variable, the signature header, the secret key in its error messages and HTML pages). Then
 * every byte the CLI wrote — stdout, stderr, every file in the project, the step summary — is
 * searched for the secrets in every form an output could spell them: as given, base64,
 * URL-encoded, JSON-, XML/HTML- and regex-escaped; and for every signature that was sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { expectNoLeak, filesUnder } from '../helpers/leaks.js';
import { signBody } from '../../src/protocol/signature.js';

// recognisable, and full of characters that every encoding changes
const SECRET_KEY = 'CR-s3cret/KEY+x=&<y>"z\'%.(1)';
const ENV_TOKEN = 'tok3n.ENV+v/a=l&u<e>"q\'(2)';

const withBot = scriptedBotPerTest(SECRET_KEY);

/** Every way an output might spell `value`. */
export function spellings(value: string): string[] {
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    Buffer.from(value, 'utf8').toString('base64url'),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    JSON.stringify(JSON.stringify(value)).slice(1, -1), // JSON inside JSON (a raw body stored as text)
    html,
    html.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    html.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
  ];
}

const SPEC = `suite: Secrets
vars:
  apiToken: "\${env.SHOP_API_TOKEN}"
dialogues:
  - name: passes with the token echoed
    steps:
      - send: "my token is \${apiToken}"
        expect:
          description: { contains: "\${apiToken}" }
  - name: fails on the token
    steps:
      - send: "token \${apiToken} please"
        expect:
          description: /^\${apiToken} accepted$/
          scenarioName: "\${apiToken}"
  - name: errors with the secret in the bot's message
    steps:
      - send: explode
  - name: errors with an HTML page naming the secret
    steps:
      - send: html
  - name: sees its signature echoed
    steps:
      - send: echo signature
        expect:
          description: { not: { contains: signature } }
  - name: flaky, the first attempt fails with the token
    steps:
      - send: "flaky \${apiToken}"
        expect:
          scenarioName: Stable
`;

describe('no secret in any byte written', () => {
  it('a passing, failing, erroring and flaky run with every output enabled', async () => {
    let flakyCalls = 0;
    const signatures: string[] = [];
    const bot = await withBot((req) => {
      signatures.push(signBody(Buffer.from(req.raw, 'utf8'), SECRET_KEY));
      const text = said(req);
      if (text === 'explode')
        return {
          status: 500,
          json: {
            code: '5000',
            message: `internal failure, key=${SECRET_KEY} user said ${text}`,
            timestamp: Date.now(),
          },
        };
      if (text === 'html')
        return {
          status: 502,
          text: `<html><head><title>Bad gateway for ${SECRET_KEY}</title></head><body>${SECRET_KEY}</body></html>`,
        };
      if (text === 'echo signature')
        return {
          json: textReply(req.body.userId, 'Echo', `your signature header was ${signatures[signatures.length - 1]}`),
        };
      if (text.startsWith('flaky'))
        return {
          json: textReply(req.body.userId, flakyCalls++ === 0 ? `Unstable ${text}` : 'Stable', `you said ${text}`),
        };
      return { json: textReply(req.body.userId, `Echo of ${text}`, `${text}; and the key is ${SECRET_KEY}`) };
    });
    const dir = tempProject({ 'specs/secrets.yaml': SPEC, 'summary.md': '' });
    const result: CliResult = await runCli(
      [
        'run',
        '--retries',
        '1',
        '--request-retries',
        '0',
        '--progress',
        '--junit',
        'out/junit.xml',
        '--json',
        'out/results.json',
        '--html',
        'out/report.html',
        '--markdown',
        'out/summary.md',
      ],
      {
        cwd: dir,
        env: {
          CLOVA_INVOKE_URL: bot.url,
          CLOVA_SECRET_KEY: SECRET_KEY,
          SHOP_API_TOKEN: ENV_TOKEN,
          GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
          CLOVA_REGRESS_DEBUG: '1',
          CI: 'true',
        },
      },
    );

    // the run did what it should, so there was something to leak
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^1 passed, 2 failed, 2 errors, 1 flaky/m);
    expect(bot.requests.some((r) => said(r).includes(ENV_TOKEN))).toBe(true);
    expect(signatures.length).toBeGreaterThanOrEqual(7);
    const outputs = [
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
      ...filesUnder(dir),
    ];
    expect(outputs.map((o) => o.path.replace(dir, '.')).sort()).toEqual(
      expect.arrayContaining([
        './.clova-regress/last-run.json',
        './out/junit.xml',
        './out/report.html',
        './out/results.json',
        './out/summary.md',
        './specs/secrets.yaml',
        './summary.md',
      ]),
    );
    // and the masks show where they were
    for (const file of [
      'stdout',
      join(dir, 'out/junit.xml'),
      join(dir, 'out/results.json'),
      join(dir, 'out/report.html'),
    ]) {
      expect(outputs.find((o) => o.path === file)!.text, file).toContain('[REDACTED]');
    }

    expectNoLeak(outputs, [...spellings(SECRET_KEY), ...spellings(ENV_TOKEN), ...signatures]);
  }, 60_000);

  it("the mock bot's request log masks its secret key", async () => {
    const { spawn } = await import('node:child_process');
    const { CLI, REPO } = await import('../helpers/cli.js');
    const { chat } = await import('../mock/helpers.js');
    const child = spawn(process.execPath, [CLI, 'mock', 'specs/bot.yaml', '--port', '0', '--verbose'], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', CLOVA_SECRET_KEY: 'test-secret-key' },
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
    await chat(url, { event: 'send', userId: 'u-1', text: 'the key is test-secret-key' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    expect(stdout).toContain('"the key is [REDACTED]"');
    expectNoLeak([{ path: 'mock stdout', text: stdout }], spellings('test-secret-key'));
  });

  it("record mode writes observed secrets masked, and leaves the spec's own text alone", async () => {
    const token = 'dummy-token-1234';
    const bot = await withBot((req) => ({ json: textReply(req.body.userId, 'Echo', `you said ${said(req)}`) }));
    const spec = `suite: Rec\nvars:\n  apiToken: "\${env.SHOP_API_TOKEN}"\ndialogues:\n  - name: echo\n    steps:\n      - send: "${token} and \${apiToken}" # the literal stays\n`;
    const dir = tempProject({ 'specs/rec.yaml': spec });
    const result = await runCli(['record', 'specs/rec.yaml'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET_KEY, SHOP_API_TOKEN: token },
    });
    expect(result.code, result.stderr).toBe(0);
    const written = readFileSync(join(dir, 'specs/rec.yaml'), 'utf8');
    // the author's text stays as written (a secret's value may be an ordinary word in it) …
    expect(written).toContain(`      - send: "${token} and \${apiToken}" # the literal stays\n`);
    expect(written.split(token)).toHaveLength(2);
    // … and what the bot said is recorded masked
    expect(written).toMatch(/description: you said \[REDACTED\] and \[REDACTED\]/);
  });
});
