/**
 * The runner habits of issue 14 that live in the command line, through the real CLI: "did you
 * mean" for a mistyped flag, `--bail`, `--dotenv` (alias `--env-file`), and the order `run --help` lists its groups in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startScriptedBot, textReply, type ScriptedBot, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'flags-Secret-Key-0123456789';
let bot: ScriptedBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});
const said = (r: SeenRequest) =>
  (r.body.bubbles as Array<{ data: { description: string } }>)[0]?.data.description ?? '';
/** Echoes what was sent, as the scenario name and the text. */
async function echoBot(): Promise<ScriptedBot> {
  bot = await startScriptedBot(SECRET, (req) => ({
    json: textReply(req.body.userId, said(req), `you sent: ${said(req)}`),
  }));
  return bot;
}
/** `n` one-step dialogues sending d0…d(n-1); those in `failing` expect a scenario the echo never names. */
function specs(n: number, failing: number[]): Record<string, string> {
  const dialogues = Array.from(
    { length: n },
    (_, k) =>
      `  - name: dialogue ${k}\n    steps:\n      - send: d${k}\n        expect: { scenarioName: ${failing.includes(k) ? 'never' : `d${k}`} }\n`,
  );
  return { 'specs/s.yaml': `suite: S\ndialogues:\n${dialogues.join('')}` };
}

describe('flags people reach for', () => {
  it('a mistyped flag is a usage error that names the closest flag of that command', async () => {
    const junit = await runCli(['run', '--jnuit', 'out.xml']);
    expect(junit.code).toBe(2);
    expect(junit.stderr).toContain('clova-regress: Unknown argument: jnuit. Did you mean --junit?\n');
    expect(junit.stdout).toBe('');
    const baseline = await runCli(['report', 'r.json', '--baseine', 'b.json', '--html', 'r.html']);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain('Unknown argument: baseine. Did you mean --baseline?');
    // a flag of another command, or nothing close: no guess
    const far = await runCli(['validate', '--zzzzzzzz']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('Unknown argument: zzzzzzzz\n');
  });

  it('--bail stops starting dialogues after the first failure, as --max-failures 1 does', async () => {
    const b = await echoBot();
    const dir = tempProject(specs(6, [1, 3]));
    const env = { CLOVA_INVOKE_URL: b.url, CLOVA_SECRET_KEY: SECRET };
    const bailed = await runCli(['run', '-j', '1', '--bail'], { cwd: dir, env });
    expect(bailed.code).toBe(1);
    expect(bailed.stdout).toMatch(/^1 passed, 1 failed, 0 errors, 4 not run/m);
    expect(bailed.stdout).toContain('Stopped early: --max-failures reached; 4 dialogues not run.');
    expect(b.requests.map(said)).toEqual(['d0', 'd1']);
    const clash = await runCli(['run', '--bail', '--max-failures', '3'], { cwd: dir, env });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--bail is --max-failures 1: it cannot go with --max-failures 3');
  });

  it('--dotenv loads a dotenv file before anything reads the environment; set variables win; secrets masked', async () => {
    const b = await echoBot();
    const token = 'tok-FROM-ENV-FILE-77';
    const dir = tempProject({
      'specs/s.yaml':
        'dialogues:\n  - name: echo\n    steps:\n      - send: "token ${env.SHOP_API_TOKEN} ${env.GREETING}"\n        expect: { description: nothing like it }\n',
      '.env': `# the bot\nCLOVA_INVOKE_URL=${b.url}\nexport CLOVA_SECRET_KEY="${SECRET}"\nSHOP_API_TOKEN='${token}'\nGREETING=from-file\n`,
    });
    const result = await runCli(['run', '--dotenv', '.env', '--junit', 'junit.xml'], {
      cwd: dir,
      env: { GREETING: 'from-env' },
    });
    expect(result.code).toBe(1);
    expect(said(b.requests[0]!)).toBe(`token ${token} from-env`);
    expect(result.stdout).toContain('you sent: token [REDACTED] from-env');
    expect(result.stdout + result.stderr).not.toContain(token);

    const missing = await runCli(['run', '--dotenv', 'nope.env'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('clova-regress: --dotenv: cannot read nope.env (ENOENT)');
    expect(b.requests).toHaveLength(1);
    // the name Node users know works too (Node 20 reads it as well, to the same effect)
    const nodeName = await runCli(['run', '--env-file', '.env'], { cwd: dir, env: { GREETING: 'from-env' } });
    expect(nodeName.code).toBe(1);
    expect(said(b.requests[1]!)).toBe(`token ${token} from-env`);
    expect(nodeName.stdout).not.toContain(token);
  });

  it('--dotenv gives validate the values specs read', async () => {
    const dir = tempProject({
      'specs/s.yaml': 'dialogues:\n  - name: a\n    steps:\n      - send: "${env.GREETING}"\n',
    });
    writeFileSync(join(dir, 'vars.env'), 'GREETING=hello\n');
    const without = await runCli(['validate'], { cwd: dir });
    expect(without.stdout).toContain('not set here, needed by run: ${env.GREETING}');
    const withFile = await runCli(['validate', '--dotenv', 'vars.env'], { cwd: dir });
    expect(withFile.code).toBe(0);
    expect(withFile.stdout).not.toContain('not set here');
  });

  it("speaks yargs' own words in the user's language (the bundle finds yargs' locale files)", async () => {
    const german = await runCli(['run', '--help'], { env: { LANG: 'de_DE.UTF-8' } });
    expect(german.code).toBe(0);
    expect(german.stdout).toMatch(/\[Standard: \["specs"\]\]/);
    const english = await runCli(['run', '--help'], { env: { LANG: 'en_US.UTF-8' } });
    expect(english.stdout).toMatch(/\[default: \["specs"\]\]/);
  });

  it("run --help lists the bot, the reports and the choice of dialogues first, the mock's faults last", async () => {
    const help = await runCli(['run', '--help']);
    expect(help.code).toBe(0);
    const headings = help.stdout.split('\n').filter((l) => /^[A-Z][A-Za-z ]+:$/.test(l));
    // the bot and how it is reached (proxy, headers, certificates), then the reports and the selection
    expect(headings.slice(0, 5)).toEqual([
      'Positionals:',
      'Target bot:',
      'Network:',
      'Reports:',
      'Choosing dialogues:',
    ]);
    expect(headings.at(-1)).toBe('Mock bot faults:');
    expect(help.stdout).toMatch(/--bail +Stop after the first failed or errored dialogue: --max-failures 1/);
  });
});
