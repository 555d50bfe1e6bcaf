/**
 * clova-regress.config.yaml end to end, through the built CLI: two targets — the built-in mock
 * and a local scripted bot standing in for a live one — chosen by --target or defaultTarget; a
 * broken file stops everything before a request; typed flags beat the file; the secret read from
 * the variable a target names is masked; the file is found from a subfolder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startScriptedBot, textReply, type ScriptedBot } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

// a name that does not look secret: only the target's `secretEnv` makes it one
const SECRET_ENV = 'LIVE_BOT';
const SECRET = 'e2e-config-secret-7f3a9c2b';

const CONFIG = `paths: [specs]
targets:
  mock: { mock: specs/bot.yaml }
  live: { url: "\${env.LIVE_URL}", secretEnv: ${SECRET_ENV}, retries: 2 }
defaultTarget: mock
`;

const FILES = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'clova-regress.config.yaml': CONFIG,
  'specs/bot.yaml': 'scenarios:\n  - name: Products\n    utterances: [products]\n    answer: We have three.\n',
  'specs/shop.yaml':
    'dialogues:\n  - name: products\n    steps:\n      - send: products\n' +
    '        expect: { scenarioName: Products, description: We have three. }\n',
  'sub/.keep': '',
};

let bot: ScriptedBot;
let env: Record<string, string>;

beforeEach(async () => {
  // the stand-in for the live bot answers the right scenario with a text that quotes its own secret
  bot = await startScriptedBot(SECRET, (req) => {
    if (req.body.event === 'open') {
      return { json: { ...textReply(req.body.userId, 'Welcome', 'Hello.'), event: 'open' } };
    }
    return { json: textReply(req.body.userId, 'Products', `We have three. (key ${SECRET})`) };
  });
  env = { LIVE_URL: bot.url, [SECRET_ENV]: SECRET };
});

afterEach(async () => {
  await bot.close();
});

describe('config file targets', () => {
  it('runs the defaultTarget (the mock) when no --target is given', async () => {
    const dir = tempProject(FILES);
    const result = await runCli(['run'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Target: built-in mock bot \(specs\/bot\.yaml\) at \S+ — target mock$/m);
    expect(result.stdout).toMatch(/^1 passed, 0 failed/m);
    expect(result.code).toBe(0);
    expect(bot.requests).toHaveLength(0);
  });

  it('--target live talks to the URL, signs with the secret from the variable it names, masks it', async () => {
    const dir = tempProject(FILES);
    const result = await runCli(['run', '--target', 'live', '--json', 'results.json'], { cwd: dir, env });
    expect(result.stdout).toContain(`Target: bot at ${bot.url} — target live\n`);
    // the live bot's reply differs from the expected description: a failure, retried per the target's `retries: 2`
    expect(result.code).toBe(1);
    expect(bot.requests).toHaveLength(3);
    expect(bot.requests.every((r) => r.signatureOk)).toBe(true);
    expect(result.stdout).toContain('We have three. (key ');
    const outputs = [result.stdout, result.stderr, readFileSync(join(dir, 'results.json'), 'utf8')];
    for (const output of outputs) expect(output).not.toContain(SECRET);
  });

  it('a flag typed on the command line beats the target, even at its default value', async () => {
    const dir = tempProject(FILES);
    const result = await runCli(['run', '--target', 'live', '--retries', '0'], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(bot.requests).toHaveLength(1);
  });

  it('an unknown --target is a usage error with a did-you-mean, and nothing is sent', async () => {
    const dir = tempProject(FILES);
    const result = await runCli(['run', '--target', 'lve'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--target lve: no such target in clova-regress.config.yaml — did you mean live?');
    expect(result.stdout).toBe('');
  });

  it('a target whose secret variable is unset is a usage error naming the variable', async () => {
    const dir = tempProject(FILES);
    const result = await runCli(['run', '--target', 'live'], { cwd: dir, env: { LIVE_URL: bot.url } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`target live needs its secret key in env ${SECRET_ENV}`);
    expect(bot.requests).toHaveLength(0);
  });

  it('a misspelt key stops the run at file:line:column with a did-you-mean, before any request', async () => {
    const broken = CONFIG.replace('retries: 2', 'retires: 2').replace('defaultTarget: mock', 'defaultTarget: live');
    const dir = tempProject({ ...FILES, 'clova-regress.config.yaml': broken });
    const result = await runCli(['run'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: unknown key `retires` in a target\n  --> clova-regress.config.yaml:4:56');
    expect(result.stderr).toContain('did you mean `retries`?');
    expect(result.stderr).toContain('1 problem found; nothing was run.');
    expect(result.stdout).toBe('');
    expect(bot.requests).toHaveLength(0);
  });

  it('is found from a subfolder, its paths read from its own folder', async () => {
    const dir = tempProject(FILES);
    const result = await runCli(['run'], { cwd: join(dir, 'sub'), env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Target: built-in mock bot (../specs/bot.yaml)');
    expect(result.stdout).toMatch(/^1 passed, 0 failed/m);
    expect(result.code).toBe(0);
  });

  it('--config names the file; --target without any config file is a usage error', async () => {
    // the file found here is empty: --config names the one that counts, its paths read from ci/
    const ci = CONFIG.replace('paths: [specs]', 'paths: [../specs]').replace('specs/bot.yaml', '../specs/bot.yaml');
    const dir = tempProject({ ...FILES, 'clova-regress.config.yaml': '', 'ci/config.yaml': ci });
    const args = ['run', '--config', 'ci/config.yaml', '--target', 'live', '--retries', '0'];
    const named = await runCli(args, { cwd: dir, env });
    expect(named.stdout).toContain(`Target: bot at ${bot.url.replace(/\/$/, '')}`);
    expect(bot.requests).toHaveLength(1);

    const { 'clova-regress.config.yaml': _, ...specs } = FILES;
    const bare = tempProject(specs);
    const none = await runCli(['run', '--target', 'live'], { cwd: bare, env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--target live needs a config file');
  });

  it('explore and record take --target too', async () => {
    const dir = tempProject(FILES);
    mkdirSync(join(dir, 'out'));
    const args = ['explore', '--target', 'live', '--out', 'out', '--depth', '0', '--dry-run'];
    const explore = await runCli(args, { cwd: dir, env });
    expect(explore.code).toBe(0);
    expect(bot.requests.length).toBeGreaterThan(0);
    expect(bot.requests.every((r) => r.signatureOk)).toBe(true);
    expect(explore.stdout + explore.stderr).not.toContain(SECRET);

    const before = bot.requests.length;
    writeFileSync(join(dir, 'specs/new.yaml'), 'dialogues:\n  - name: products\n    steps:\n      - send: products\n');
    const record = await runCli(['record', 'specs/new.yaml', '--target', 'live', '--dry-run'], { cwd: dir, env });
    expect(record.code).toBe(0);
    expect(bot.requests.length).toBe(before + 1);
    expect(record.stdout).toContain('scenarioName: Products');
    expect(record.stdout + record.stderr).not.toContain(SECRET);
  });

  it('init writes a config file whose default target, the mock, passes as it is; --target mock names it', async () => {
    const dir = tempProject({ '.git/HEAD': '' });
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'clova-regress.config.yaml'), 'utf8')).toContain('defaultTarget: mock');
    const result = await runCli(['run', '--target', 'mock'], { cwd: dir });
    expect(result.stdout).toContain('Target: built-in mock bot (specs/bot.yaml)');
    expect(result.code).toBe(0);
  });
});
