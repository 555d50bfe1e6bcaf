/**
 * Specs are code we run, often from a pull request. Through the real CLI: a file a spec names
 * must not read the machine (outside the project, through a symlink, a FIFO, /dev/zero,
 * /proc/self/environ); a `__proto__` key is checked like any other; numbers that would wrap
 * Node's timers are refused at load; a spec with thousands of problems is reported in linear time
 * with the list capped; a regex nested thousands of groups deep is a spec error, not a crash.
 * Every refusal names file:line:column, and nothing is sent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'spec-safety-secret-key';
const withBot = scriptedBotPerTest(SECRET);
const outside = mkdtempSync(join(tmpdir(), 'clova-regress-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const env = (url: string) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: SECRET });
const utteranceSpec = (file: string) =>
  `suite: Files\ndialogues:\n  - name: reads a file\n    steps:\n      - utterances: ${JSON.stringify(file)}\n`;

describe('files a spec names stay inside the project', () => {
  writeFileSync(join(outside, 'stolen.txt'), 'a phrasing from outside\n');
  const cases: Array<[string, (dir: string) => string, RegExp]> = [
    ['a path out of the project', () => '../../../../../../../../etc/passwd', /is outside the project/],
    ['an absolute path', () => '/etc/passwd', /is outside the project/],
    ['the process environment', () => '/proc/self/environ', /is outside the project/],
    ['a file in another temp folder', () => join(outside, 'stolen.txt'), /is outside the project/],
    [
      'a symlink inside the project to a file outside',
      (dir) => {
        symlinkSync(join(outside, 'stolen.txt'), join(dir, 'specs/link.txt'));
        return 'link.txt';
      },
      /is outside the project/,
    ],
    [
      'a FIFO (would hang)',
      (dir) => {
        execFileSync('mkfifo', [join(dir, 'specs/pipe.txt')]);
        return 'pipe.txt';
      },
      /is not a regular file/,
    ],
    [
      'a symlink to /dev/zero (would fill the memory)',
      (dir) => {
        symlinkSync('/dev/zero', join(dir, 'specs/zero.txt'));
        return 'zero.txt';
      },
      /outside the project|not a regular file/,
    ],
  ];
  for (const [what, name, message] of cases) {
    it(`${what}: a spec error at the utterances line, exit 2, nothing sent`, async () => {
      const bot = await withBot((req) => ({ json: textReply(req.body.userId, 'Echo', 'x') }));
      const dir = tempProject({ 'specs/files.yaml': 'placeholder' });
      writeFileSync(join(dir, 'specs/files.yaml'), utteranceSpec(name(dir)));
      const result = await runCli(['run'], { cwd: dir, env: env(bot.url), timeoutMs: 20_000 });
      expect(result.signal).toBeNull();
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/--> specs\/files\.yaml:5:\d+/);
      expect(bot.requests).toHaveLength(0);
    });
  }

  it('a file beside the spec still reads', async () => {
    const bot = await withBot((req) => ({ json: textReply(req.body.userId, 'Echo', 'x') }));
    const dir = tempProject({
      'specs/files.yaml': utteranceSpec('phrasings/ok.txt'),
      'specs/phrasings/ok.txt': 'hello\nhi\n',
    });
    const result = await runCli(['run'], { cwd: dir, env: env(bot.url) });
    expect(result.code, result.stderr).toBe(0);
    expect(bot.requests).toHaveLength(2);
  });
});

describe('a spec key never becomes a prototype key', () => {
  const spec = (key: string) =>
    `suite: Proto\ndialogues:\n  - name: checks ${key}\n    steps:\n      - send: hi\n        expect:\n          information: { ${key}: X }\n`;
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    it(`information: { ${key}: X } fails against a reply without it, passes with it`, async () => {
      let withKey = false;
      const bot = await withBot((req) => {
        const reply = textReply(req.body.userId, 'Echo', 'x') as {
          bubbles: Array<{ information: Array<{ key: string; value: string }> }>;
        };
        if (withKey) reply.bubbles[0]!.information.push({ key, value: 'X' });
        return { json: reply };
      });
      const dir = tempProject({ 'specs/proto.yaml': spec(key) });
      const without = await runCli(['run'], { cwd: dir, env: env(bot.url) });
      expect(without.code, without.stdout).toBe(1);
      expect(without.stdout).toContain(`information.${key}`);
      withKey = true;
      const withIt = await runCli(['run'], { cwd: dir, env: env(bot.url) });
      expect(withIt.code, withIt.stdout).toBe(0);
    });
  }
});

describe('numbers that would wrap a timer are refused at load', () => {
  it.each([
    [['--timeout', '2147483648'], /--timeout must be a whole number of milliseconds ≥ 1 and at most 2147483647/],
    [['--rps', '1e-300'], /--rps must be a number of requests per second from 0\.01/],
    [['-j', '1000000'], /--concurrency must be a whole number ≥ 1 and at most 10000/],
    [['--retries', '1000'], /--retries must be a whole number ≥ 0 and at most 100/],
    [['--fault-latency-ms', '2147483648'], /--fault-latency-ms must be a number of 0 or more, at most 2147483647/],
  ])('run %j: exit 2 with the range', async (flags, message) => {
    const result = await runCli(['run', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('timeoutMs: 2147483648 in a spec: a spec error with its position', async () => {
    const dir = tempProject({
      'specs/t.yaml': 'suite: T\ndialogues:\n  - name: d\n    timeoutMs: 2147483648\n    steps:\n      - send: hi\n',
    });
    const result = await runCli(['validate', 'specs'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/must be at most 2147483647/);
    expect(result.stdout).toContain('specs/t.yaml:4:16');
  });

  it('a bot definition with a delayMs past the timer limit is refused', async () => {
    const dir = tempProject({
      'specs/bot.yaml':
        'name: B\nwelcome: hi\nfaults:\n  errors:\n    - rate: 1\n      kind: slow\n      delayMs: 2147483648\nscenarios:\n  - name: A\n    utterances: [a]\n    answer: a\n',
    });
    const result = await runCli(['validate', 'specs'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/must be at most 2147483647/);
  });
});

describe('many problems', () => {
  it('20,000 problems: 50 shown, the rest counted, exit 2 (was quadratic)', async () => {
    const dialogues = Array.from(
      { length: 20_000 },
      (_, i) => `  - name: d${i}\n    steps:\n      - send: x\n        expect: { scenarioNmae: A }\n`,
    ).join('');
    const dir = tempProject({
      'specs/many.yaml': `suite: Many\ndialogues:\n${dialogues}`,
      'specs/bot.yaml': 'name: B\nwelcome: hi\nscenarios:\n  - name: A\n    utterances: [a]\n    answer: a\n',
    });
    const result = await runCli(['run'], { cwd: dir, timeoutMs: 120_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.match(/^error: /gm)).toHaveLength(50);
    expect(result.stderr).toContain('… and 19950 more problems not shown');
    expect(result.stderr).toMatch(/20000 problems found; nothing was run\.\s*$/);
  }, 150_000);
});

describe('a regex nested thousands of groups deep', () => {
  it('is a spec error with its position, not a stack overflow', async () => {
    const pattern = `${'('.repeat(3000)}a${')'.repeat(3000)}`;
    const dir = tempProject({
      'specs/re.yaml': `suite: Re\ndialogues:\n  - name: d\n    steps:\n      - send: hi\n        expect:\n          description: "/${pattern}/"\n`,
    });
    const result = await runCli(['validate', 'specs'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/nests groups 3000 deep: at most 100/);
    expect(result.stdout).toContain('specs/re.yaml:7:');
  });
});
