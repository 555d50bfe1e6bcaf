/**
 * Runner habits from Playwright Test, through the CLI: `only: true` (and --forbid-only, on in CI),
 * per-dialogue and per-suite `retries:`, and `--shard auto` reading each CI system's variables.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
const env = (url: string, extra: Record<string, string> = {}) => ({
  CLOVA_INVOKE_URL: url,
  CLOVA_SECRET_KEY: SECRET,
  ...extra,
});

/** Answers `Echo` to everything; "wobbly N" is answered wrong its first N times. */
async function echoBot(): Promise<ScriptedBot> {
  const asked = new Map<string, number>();
  bot = await startScriptedBot(SECRET, (req) => {
    const text = description(req);
    const n = asked.get(text) ?? 0;
    asked.set(text, n + 1);
    const wrongTimes = Number(/^wobbly (\d+)/.exec(text)?.[1] ?? 0);
    return { json: textReply(req.body.userId, n < wrongTimes ? 'Fallback' : 'Echo', text) };
  });
  return bot;
}

const dialogue = (name: string, text: string, extra = '') => `  - name: ${name}
${extra}    steps:
      - send: ${text}
        expect: { scenarioName: Echo }
`;

describe('only: true', () => {
  const files = {
    'specs/a.yaml': `suite: A\ndialogues:\n${dialogue('one', 'a one')}${dialogue('two', 'a two', '    only: true\n')}`,
    'specs/b.yaml': `suite: B\nonly: true\ndialogues:\n${dialogue('three', 'b three')}${dialogue('four', 'b four')}`,
    'specs/c.yaml': `suite: C\ndialogues:\n${dialogue('five', 'c five')}`,
  };

  it('runs only the dialogues marked `only` (and those of a suite marked so); the rest are not selected', async () => {
    const b = await echoBot();
    const dir = tempProject(files);
    const result = await runCli(['run', '--no-progress'], { cwd: dir, env: env(b.url) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Only the 3 dialogues marked `only`: the others are not selected.');
    expect(result.stdout).toMatch(/3 passed, 0 failed, 0 errors \(/);
    expect(result.stdout).not.toMatch(/skipped/);
    expect(b.requests.map(description).sort()).toEqual(['a two', 'b four', 'b three']);
  });

  it('is an error in CI (env CI set): exit 2 naming file:line of each `only`, nothing sent', async () => {
    const b = await echoBot();
    const dir = tempProject(files);
    for (const args of [['run'], ['run', '--list']]) {
      const result = await runCli(args, { cwd: dir, env: env(b.url, { CI: 'true' }) });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('`only: true` is not allowed (--forbid-only, on by default when CI is set)');
      expect(result.stderr).toContain('pass --no-forbid-only:\n  specs/a.yaml:8\n  specs/b.yaml:2\n');
    }
    expect(b.requests).toHaveLength(0);
    // --forbid-only outside CI too
    const forbidden = await runCli(['run', '--list', '--forbid-only'], { cwd: dir });
    expect(forbidden.code).toBe(2);
  });

  it('--no-forbid-only in CI runs just the `only` ones', async () => {
    const b = await echoBot();
    const dir = tempProject(files);
    const result = await runCli(['run', '--no-forbid-only'], { cwd: dir, env: env(b.url, { CI: '1' }) });
    expect(result.code).toBe(0);
    expect(b.requests.map(description).sort()).toEqual(['a two', 'b four', 'b three']);
    const args = ['run', '--list', '--no-forbid-only', '--grep', 'four'];
    const listed = await runCli(args, { cwd: dir, env: { CI: '1' } });
    expect(listed.stdout).toContain('specs/b.yaml:8 › B › four\nTotal: 1 dialogue');
    expect(listed.stdout).toContain('3 dialogues are marked `only`: the others are not selected.');
  });
});

describe('retries: in the spec', () => {
  it("overrides --retries for that dialogue, and a suite's covers its dialogues", async () => {
    const b = await echoBot();
    const dir = tempProject({
      'specs/a.yaml': [
        'suite: A\ndialogues:\n',
        dialogue('patient', 'wobbly 2 a', '    retries: 2\n'),
        dialogue('strict', 'wobbly 1 b', '    retries: 0\n'),
        dialogue('default', 'wobbly 1 c'),
      ].join(''),
      'specs/b.yaml': `suite: B\nretries: 1\ndialogues:\n${dialogue('suite-wide', 'wobbly 1 d')}`,
    });
    const result = await runCli(['run', '--no-progress', '--retries', '1'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/~ A › patient/);
    expect(result.stdout).toMatch(/✗ A › strict/);
    expect(result.stdout).toMatch(/~ A › default/);
    expect(result.stdout).toMatch(/~ B › suite-wide/);
    const asked = (text: string) => b.requests.filter((r) => description(r) === text).length;
    expect([asked('wobbly 2 a'), asked('wobbly 1 b'), asked('wobbly 1 c'), asked('wobbly 1 d')]).toEqual([3, 1, 2, 2]);
  });

  it('is bounded like --retries', async () => {
    const dir = tempProject({ 'specs/a.yaml': `suite: A\ndialogues:\n${dialogue('x', 'x', '    retries: 101\n')}` });
    const result = await runCli(['run', '--list'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/specs\/a\.yaml:4/);
    expect(result.stderr).toMatch(/100/);
  });
});

describe('--shard auto', () => {
  const spec = (i: number) => `suite: S${i}\ndialogues:\n${dialogue(`d${i}`, `t${i}`)}`;
  const dir = () => tempProject(Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`specs/s${i}.yaml`, spec(i)])));
  const listing = async (cwd: string, args: string[], envs: Record<string, string> = {}) => {
    const result = await runCli(['run', '--list', ...args], { cwd, env: envs });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };

  it('takes the shard from GitLab, CircleCI, Buildkite and Kubernetes indexed Jobs, each counting its way', async () => {
    const cwd = dir();
    const second = await listing(cwd, ['--shard', '2/3']);
    expect(second).toContain(', shard 2/3');
    expect(await listing(cwd, ['--shard', 'auto'], { CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' })).toBe(second);
    expect(await listing(cwd, ['--shard', 'auto'], { CIRCLE_NODE_INDEX: '1', CIRCLE_NODE_TOTAL: '3' })).toBe(second);
    const buildkite = { BUILDKITE_PARALLEL_JOB: '1', BUILDKITE_PARALLEL_JOB_COUNT: '3' };
    expect(await listing(cwd, ['--shard', 'auto'], buildkite)).toBe(second);
    expect(await listing(cwd, ['--shard', 'auto/3'], { JOB_COMPLETION_INDEX: '1' })).toBe(second);
    const k8s = { JOB_COMPLETION_INDEX: '1', CLOVA_REGRESS_SHARD_TOTAL: '3' };
    expect(await listing(cwd, ['--shard', 'auto'], k8s)).toBe(second);
    const first = await listing(cwd, ['--shard', 'auto'], { CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '3' });
    expect(first).toContain(', shard 1/3');
    expect(first).not.toBe(second);
  });

  it('is a usage error naming what it looked for when no parallel job is found, or its index is out of range', async () => {
    const cwd = dir();
    const none = await runCli(['run', '--list', '--shard', 'auto'], { cwd, env: { CI: '1' } });
    expect(none.code).toBe(2);
    for (const name of ['CI_NODE_INDEX', 'CIRCLE_NODE_INDEX', 'BUILDKITE_PARALLEL_JOB', 'JOB_COMPLETION_INDEX']) {
      expect(none.stderr).toContain(name);
    }
    const k8s = await runCli(['run', '--list', '--shard', 'auto'], { cwd, env: { JOB_COMPLETION_INDEX: '0' } });
    expect(k8s.code).toBe(2);
    expect(k8s.stderr).toContain('give --shard auto/N or env CLOVA_REGRESS_SHARD_TOTAL');
    const circle = { CIRCLE_NODE_INDEX: '3', CIRCLE_NODE_TOTAL: '3' };
    const range = await runCli(['run', '--list', '--shard', 'auto'], { cwd, env: circle });
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('CIRCLE_NODE_INDEX=3 is out of range for 3 jobs (CircleCI counts from 0)');
  });
});
