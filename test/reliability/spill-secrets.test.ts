/**
 * A run of more than 2,000 dialogues keeps its plan in a temporary file. The plan holds the
 * values of `${env.…}` variables; SIGKILL or a power cut leaves the file behind. So do the JUnit and
 * HTML reports' spilled testcases and articles. Through the real CLI: mid-run, the temporary folder
 * holds no byte of the value (plain, base64, hex), and SIGHUP ends the run and removes the folder.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'spill-secret-key';
const TOKEN = 'sp1ll-T0KEN-distinctive-value';
const withBot = scriptedBotPerTest(SECRET);
const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile());
}

describe('the spilled plan', () => {
  it('holds no secret on disk mid-run, and SIGHUP removes it', async () => {
    const bot = await withBot(async (req) => {
      await new Promise((r) => setTimeout(r, 20));
      return { json: textReply(req.body.userId, 'Echo', 'ok') };
    });
    const tmp = mkdtempSync(join(tmpdir(), 'clova-regress-spill-tmp-'));
    made.push(tmp);
    const dialogues = Array.from(
      { length: 2_500 },
      (_, i) => `  - name: d${i}\n    steps:\n      - send: "\${env.SHOP_API_TOKEN} ${i}"\n`,
    ).join('');
    const dir = tempProject({ 'specs/big.yaml': `suite: Big\ndialogues:\n${dialogues}` });
    let scanned: { files: number; hits: string[] } | undefined;
    const b = bot;
    const result = await runCli(['run', '-j', '4', '--junit', 'out/junit.xml', '--html', 'out/report.html'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: b.url, CLOVA_SECRET_KEY: SECRET, SHOP_API_TOKEN: TOKEN, TMPDIR: tmp },
      timeoutMs: 60_000,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (b.requests.length < 20) return;
          clearInterval(timer);
          const files = filesUnder(tmp);
          const forms = [TOKEN, Buffer.from(TOKEN).toString('base64'), Buffer.from(TOKEN).toString('hex')];
          scanned = {
            files: files.length,
            hits: files.flatMap((f) =>
              forms.filter((form) => readFileSync(f, 'latin1').includes(form)).map((form) => `${f}: ${form}`),
            ),
          };
          child.kill('SIGHUP');
        }, 20);
        child.on('exit', () => clearInterval(timer));
      },
    });
    expect(scanned, 'the run was looked at mid-way').toBeDefined();
    // the plan was on disk (so there was something to find) …
    expect(scanned!.files).toBeGreaterThan(0);
    // … and held none of the value
    expect(scanned!.hits).toEqual([]);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGHUP: stopping/);
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);
});
