/**
 * How a run stops early, through the CLI against a local signature-checking bot: the run breaker
 * (an error that cannot fix itself stops scheduling instead of flooding the bot) and
 * --max-failures (dialogues in flight finish with their real verdicts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply, type Answer, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';

const SECRET = 'stops-Secret-Key-0123456789';
const withBot = scriptedBotPerTest(SECRET);
const env = (url: string, secret = SECRET) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: secret });
const echo = (req: SeenRequest): Answer => ({ json: textReply(req.body.userId, said(req), 'ok') });

/** `n` dialogues of `steps` steps; dialogue k sends `d<k>` and expects that scenario. */
function specs(n: number, steps = 1): Record<string, string> {
  const dialogues = Array.from(
    { length: n },
    (_, k) =>
      `  - name: dialogue ${k}\n    steps:\n${`      - send: d${k}\n        expect: { scenarioName: d${k} }\n`.repeat(steps)}`,
  );
  return { 'specs/s.yaml': `suite: S\ndialogues:\n${dialogues.join('')}` };
}

describe('the run breaker', () => {
  it('stops a run whose every request is rejected (wrong secret): few requests, one clear cause, the rest not run, exit 3', async () => {
    const bot = await withBot(echo);
    const dir = tempProject(specs(49));
    const concurrency = 4;
    const result = await runCli(
      ['run', '-j', String(concurrency), '--retries', '2', '--json', 'out/r.json', '--junit', 'out/junit.xml'],
      { cwd: dir, env: env(bot.url, 'a-wrong-secret-key-000') },
    );
    expect(result.code).toBe(3);
    // the scripted bot answers 4031 to every request signed with another key
    expect(bot.requests.length).toBeGreaterThan(0);
    expect(bot.requests.length).toBeLessThanOrEqual(3 + concurrency);
    const stopLines = result.stdout.split('\n').filter((l) => l.startsWith('Stopped early:'));
    expect(stopLines).toHaveLength(1);
    expect(stopLines[0]).toMatch(
      /^Stopped early: signature rejected — check CLOVA_SECRET_KEY \(code 4031: Signature is invalid\), HTTP 500 \(3 dialogues in a row; it cannot fix itself during the run\); \d+ dialogues not run\.$/,
    );

    const saved = await readResultsFile(join(dir, 'out/r.json'));
    expect(saved.summary).toMatchObject({
      interrupted: true,
      stopReason: 'fatal-error',
      fatalError: { kind: 'bot-error', code: '4031', status: 500, dialogues: 3 },
    });
    expect(saved.summary.counts.total + saved.summary.notRun).toBe(49);
    expect(saved.summary.notRun).toBeGreaterThanOrEqual(49 - 3 - concurrency);
    // no dialogue was retried: a retry gets the same answer
    expect(saved.dialogues.every((d) => d.retries === undefined)).toBe(true);
    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(49);
    expect(
      xml.match(/<skipped message="not run: the run stopped: signature rejected — check CLOVA_SECRET_KEY/g),
    ).toHaveLength(saved.summary.notRun);
  }, 60_000);

  it('does not trip when one dialogue among passing ones is rejected', async () => {
    const bot = await withBot((req) =>
      said(req) === 'd3'
        ? { status: 500, json: { code: '4031', message: 'Signature is invalid', timestamp: Date.now() } }
        : echo(req),
    );
    const dir = tempProject(specs(20));
    const result = await runCli(['run', '-j', '2', '--json', 'out/r.json'], { cwd: dir, env: env(bot.url) });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^19 passed, 0 failed, 1 error/m);
    expect(result.stdout).not.toContain('Stopped early');
    expect(bot.requests).toHaveLength(20);
    const saved = await readResultsFile(join(dir, 'out/r.json'));
    expect(saved.summary.notRun).toBe(0);
    expect(saved.summary.stopReason).toBeUndefined();
  }, 60_000);

  it('stops on a gateway 401 and on an unknown host too', async () => {
    const bot = await withBot(() => ({
      status: 401,
      json: { error: { errorCode: '200', message: 'Authentication Failed' } },
    }));
    const dir = tempProject(specs(30));
    const denied = await runCli(['run', '-j', '2'], { cwd: dir, env: env(bot.url) });
    expect(denied.code).toBe(3);
    expect(bot.requests.length).toBeLessThanOrEqual(5);
    expect(denied.stdout).toMatch(
      /^Stopped early: API Gateway error: Authentication Failed \(errorCode 200\), HTTP 401 \(3 dialogues in a row/m,
    );
    // `.invalid` never resolves (RFC 2606): no request leaves the machine
    const unknown = await runCli(['run', '-j', '2', '--request-retries', '0'], {
      cwd: dir,
      env: env('https://no-such-bot.invalid/x/'),
    });
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/^Stopped early: .*host not found|DNS lookup failed/m);
    expect(unknown.stdout).toMatch(/; 2\d dialogues not run\.$/m);
  }, 60_000);
});

describe('--max-failures', () => {
  it('lets the dialogues in flight finish with their real verdicts, and runs nothing new', async () => {
    const bot = await withBot(async (req) => {
      if (said(req) === 'd0') return { json: textReply(req.body.userId, 'Wrong', 'no') };
      await new Promise((r) => setTimeout(r, 400));
      return echo(req);
    });
    const files = specs(1, 1);
    // dialogue 0 fails at once; dialogue 1 (three slow steps) is in flight when it does
    files['specs/s.yaml'] +=
      `  - name: slow\n    steps:\n${'      - send: s\n        expect: { scenarioName: s }\n'.repeat(3)}  - name: later 1\n    steps: [{ send: l1 }]\n  - name: later 2\n    steps: [{ send: l2 }]\n`;
    const dir = tempProject(files);
    const result = await runCli(['run', '-j', '2', '--max-failures', '1', '--json', 'out/r.json'], {
      cwd: dir,
      env: env(bot.url),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('interrupted before it finished');
    expect(result.stdout).toMatch(/^1 passed, 1 failed, 0 errors, 2 not run/m);
    const saved = await readResultsFile(join(dir, 'out/r.json'));
    const slow = saved.dialogues.find((d) => d.name === 'slow')!;
    expect(slow.status).toBe('passed');
    expect(slow.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(bot.requests.map(said).filter((t) => t.startsWith('l'))).toEqual([]);
  }, 60_000);
});
