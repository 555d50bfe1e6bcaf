/**
 * `--rps` measured where it matters, at the bot. Timing tests run on their own, after the main
 * suite (test/vitest.timing.config.ts), so other test files do not take the CPU they measure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startScriptedBot, textReply, type ScriptedBot, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'rps-Secret-Key-0123456789';
let bot: ScriptedBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const said = (r: SeenRequest) => (r.body.bubbles as Array<{ data: { description: string } }>)[0]?.data.description ?? '';

/** 100 dialogues of two steps each, in four files: 200 requests. */
function specs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let f = 0; f < 4; f++) {
    const dialogues = Array.from({ length: 25 }, (_, k) => `  - name: dialogue ${k}\n    steps:\n${`      - send: s${f}-${k}\n        expect: { scenarioName: s${f}-${k} }\n`.repeat(2)}`);
    out[`specs/file-${f}.yaml`] = `suite: Suite ${f}\ndialogues:\n${dialogues.join('')}`;
  }
  return out;
}

describe('--rps', () => {
  it('keeps 200 requests at --rps 100 between 95 and 105 requests a second, measured at the bot', async () => {
    const arrivals: number[] = [];
    bot = await startScriptedBot(SECRET, (req) => {
      arrivals.push(performance.now());
      return { json: textReply(req.body.userId, said(req), 'ok') };
    });
    const dir = tempProject(specs());
    const result = await runCli(['run', '-j', '4', '--rps', '100', '-q'], { cwd: dir, env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET }, timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    expect(arrivals).toHaveLength(200);
    const rate = ((arrivals.length - 1) * 1000) / (arrivals[arrivals.length - 1]! - arrivals[0]!);
    expect(rate, `${rate.toFixed(1)} req/s`).toBeGreaterThan(95);
    expect(rate, `${rate.toFixed(1)} req/s`).toBeLessThan(105);
  }, 60_000);
});
