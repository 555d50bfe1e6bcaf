/**
 * `--repeat-each N --min-pass-rate P` against a live-like bot whose NLU drifts: it answers the
 * weather question right 7 times in 10 (counted per utterance, so the same runs fail every time).
 * The gate holds at 0.7 and at 70%, fails at 0.8, and every report shows "7/10".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { startScriptedBot, textReply, type ScriptedBot, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'e2e-Secret-Key-0123456789+/=';
let bot: ScriptedBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

type Bubbles = Array<{ data: { description: string } }>;
const description = (r: SeenRequest) => (r.body.bubbles as Bubbles)[0]?.data.description ?? '';

/** "weather" is routed right on its 1st, 2nd, 4th, 5th, 7th, 8th, 10th asking of every ten: 7 in 10. */
async function driftingBot(): Promise<ScriptedBot> {
  const asked = new Map<string, number>();
  bot = await startScriptedBot(SECRET, (req) => {
    const text = description(req);
    const n = asked.get(text) ?? 0;
    asked.set(text, n + 1);
    const scenario = n % 3 === 2 ? 'Fallback' : 'Weather';
    if (/weather/.test(text)) return { json: textReply(req.body.userId, scenario, 'Sunny') };
    return { json: textReply(req.body.userId, 'Greeting', 'Hello!') };
  });
  return bot;
}

const SPEC = `suite: NLU
dialogues:
  - name: weather
    steps:
      - send: what is the weather
        expect:
          scenarioName: Weather
  - name: hello
    steps:
      - send: hello
        expect:
          scenarioName: Greeting
`;

const env = (url: string) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: SECRET });

describe('run --repeat-each', () => {
  it('passes at --min-pass-rate 0.7 with 7/10 shown, each run in its own session', async () => {
    const b = await driftingBot();
    const dir = tempProject({ 'specs/nlu.yaml': SPEC });
    const reports = ['--junit', 'junit.xml', '--json', 'results.json', '--html', 'report.html'];
    const args = ['run', '--repeat-each', '10', '--min-pass-rate', '0.7', ...reports];
    const result = await runCli(args, { cwd: dir, env: env(b.url) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/~ NLU › weather 7\/10/);
    expect(result.stdout).toMatch(/✓ NLU › hello 10\/10/);
    expect(result.stdout).toContain('passed 7/10 runs: met the minimum pass rate 70% (7 of 10)');
    expect(result.stdout).toContain(
      'repeat 3: failed — step 1 (send "what is the weather"): scenarioName expected "Weather", actual "Fallback"',
    );
    expect(result.stdout).toContain(
      'Repeat-each 10, minimum pass rate 70%: 2 of 2 dialogues met it; 17/20 runs passed.',
    );
    // 20 runs, 20 sessions: no two runs share a userId
    expect(b.requests).toHaveLength(20);
    expect(new Set(b.requests.map((r) => r.body.userId)).size).toBe(20);

    type Repeats = { each: number; passed: number; minPassRate: number; runs: Array<{ status: string }> };
    type Saved = { dialogues: Array<{ name: string; status: string; repeats: Repeats }> };
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Saved;
    const weather = results.dialogues.find((d) => d.name === 'weather')!;
    expect(weather.status).toBe('flaky');
    expect(weather.repeats).toMatchObject({ each: 10, passed: 7, minPassRate: 0.7 });
    expect(weather.repeats.runs.map((r) => r.status).join(' ')).toBe(
      'passed passed failed passed passed failed passed passed failed passed',
    );

    // one testcase per dialogue, passing, with every run's outcome in its output
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    // each failing run of a dialogue that met its rate is a Surefire flakyFailure
    expect(xml.match(/<flakyFailure message="repeat \d+: step 1/g)).toHaveLength(3);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suites = [junit.testsuites.testsuite].flat() as Array<{ testcase: unknown }>;
    const cases = suites.flatMap((s) => [s.testcase].flat()) as Array<Record<string, unknown>>;
    expect(cases).toHaveLength(2);
    const weatherCase = cases.find((c) => c['@_name'] === 'weather')!;
    expect(weatherCase.failure).toBeUndefined();
    expect(String([weatherCase['system-out']].flat()[0])).toContain('passed 7/10 runs');
    expect(String([weatherCase['system-out']].flat()[0])).toContain('repeat 6: failed');

    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<span class="badge">7/10 runs</span>');

    // the results file replays: `merge` and `report` read it back and show the rate again
    const merged = await runCli(['merge', 'results.json'], { cwd: dir });
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/~ NLU › weather 7\/10/);
    expect(merged.stdout).toContain('17/20 runs passed');
    const report = await runCli(['report', 'results.json', '--markdown', '-'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Each dialogue ran 10 times');
    expect(report.stdout).toContain('NLU › weather — 7/10 runs passed; repeat 3: failed');
  });

  it('fails at --min-pass-rate 0.8 (exit 1), naming the rate and the failing runs', async () => {
    const b = await driftingBot();
    const dir = tempProject({ 'specs/nlu.yaml': SPEC });
    const reports = ['--junit', 'junit.xml', '--markdown', 'report.md'];
    const args = ['run', '--repeat-each', '10', '--min-pass-rate', '80%', ...reports];
    const result = await runCli(args, { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ NLU › weather 7\/10/);
    expect(result.stdout).toContain('passed 7/10 runs: below the minimum pass rate 80% (8 of 10)');
    expect(result.stdout).toMatch(/1 passed, 1 failed/);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain(
      '<failure message="passed 7/10 runs: below the minimum pass rate 80% (8 of 10)" type="PassRateBelowMinimum"',
    );
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('7/10');
    // below the rate is a failure --last-failed picks up
    const again = await runCli(['run', '--last-failed', '--list'], { cwd: dir });
    expect(again.stdout).toContain('› NLU › weather\nTotal: 1 dialogue');
  });

  it('keeps every run of a dialogue in one shard, and merge keeps the rate', async () => {
    const b = await driftingBot();
    const dir = tempProject({ 'specs/nlu.yaml': SPEC });
    for (const shard of ['1/2', '2/2']) {
      const args = [
        'run',
        '--repeat-each',
        '10',
        '--min-pass-rate',
        '0.7',
        '--shard',
        shard,
        '--json',
        `shard-${shard[0]}.json`,
      ];
      const result = await runCli(args, { cwd: dir, env: env(b.url) });
      expect(result.code).toBe(0);
    }
    const merged = await runCli(['merge', 'shard-1.json', 'shard-2.json', '--json', 'all.json'], { cwd: dir });
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain(
      'Repeat-each 10, minimum pass rate 70%: 2 of 2 dialogues met it; 17/20 runs passed.',
    );
    type Saved = { info: { repeat: unknown }; dialogues: Array<{ repeats: { runs: unknown[] } }> };
    const all = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')) as Saved;
    expect(all.info.repeat).toEqual({ each: 10, minPassRate: 0.7 });
    expect(all.dialogues.map((d) => d.repeats.runs.length)).toEqual([10, 10]);
  });

  it('without --min-pass-rate every run must pass; retries apply to each run', async () => {
    const b = await driftingBot();
    const dir = tempProject({ 'specs/nlu.yaml': SPEC });
    const strict = await runCli(['run', '--repeat-each', '10'], { cwd: dir, env: env(b.url) });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('below the minimum pass rate 100% (10 of 10)');
    await b.close();
    // a failing run's retry asks again: the 3rd asking fails, its retry (the 4th) passes, and so on
    const c = await driftingBot();
    const args = ['run', '--repeat-each', '4', '--retries', '1', '--grep', 'weather'];
    const retried = await runCli(args, { cwd: dir, env: env(c.url) });
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/~ NLU › weather 4\/4/);
    expect(retried.stdout).toContain('repeat 3: flaky, 2 attempts');
    expect(c.requests).toHaveLength(5);
  });

  it('refuses a pass rate that is not a share of runs, and one without --repeat-each', async () => {
    for (const [args, message] of [
      [['--repeat-each', '5', '--min-pass-rate', '0'], /--min-pass-rate must be a share of runs above 0 and at most 1/],
      [['--repeat-each', '5', '--min-pass-rate', '120%'], /--min-pass-rate must be/],
      [['--min-pass-rate', '0.5'], /--min-pass-rate needs --repeat-each N/],
      [['--repeat-each', '0'], /--repeat-each must be a whole number from 1 to 1000/],
      [['--repeat-each', '3', '--update'], /--update rewrites a spec from one run's answers/],
    ] as const) {
      const result = await runCli(['run', 'specs', ...args, '--list'], {});
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
