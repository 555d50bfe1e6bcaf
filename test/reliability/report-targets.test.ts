/**
 * Where CI really runs, through the real CLI: a disk that fills up, a device or a FIFO or a
 * symlink given as a report path, `-` for standard output, a console whose reader goes away
 * (`| head`), a read-only working folder, a path the kernel refuses (`/proc/nope/x.xml`).
 * The gate must fail loudly where a report was lost, and only there.
 */
import { execFileSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { afterChildCpu, CLI, runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';

const SECRET = 'report-targets-secret-key';
const withBot = scriptedBotPerTest(SECRET);

const echo = (req: SeenRequest) => ({
  json: textReply(req.body.userId, 'Echo', `you said ${said(req)} ${'padding '.repeat(40)}`),
});
const env = (url: string) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: SECRET });

function spec(count: number): string {
  const dialogues = Array.from(
    { length: count },
    (_, i) => `  - name: dialogue ${i}\n    steps:\n      - send: d${i}\n        expect: { scenarioName: Echo }\n`,
  );
  return `suite: Targets\ndialogues:\n${dialogues.join('')}`;
}

const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts.splice(0)) {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A tmpfs of `size` mounted at a new folder (root only): a real small disk. */
function smallDisk(size: string): string | undefined {
  if (!isRoot) return undefined;
  // not a tempProject: its cleanup would try to remove the folder while it is mounted
  const dir = mkdtempSync(join(tmpdir(), 'clova-regress-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(dir);
  return dir;
}

describe('a full disk', () => {
  const disk = smallDisk('64k');
  it.skipIf(!disk)(
    'on a real 64 KB tmpfs: exit 4 naming the file and the cause, the previous report as it was, no temporary file (skipped unless root can mount a tmpfs)',
    async () => {
      const bot = await withBot(echo);
      const dir = tempProject({ 'specs/t.yaml': spec(60) });
      // leave a little room: the header fits, the dialogues do not
      writeFileSync(join(disk!, 'fill'), Buffer.alloc(40 * 1024));
      writeFileSync(join(disk!, 'results.json'), 'the previous results');
      writeFileSync(join(disk!, 'junit.xml'), 'the previous junit');
      writeFileSync(join(disk!, 'report.html'), 'the previous html');
      const reports = ['--json', join(disk!, 'results.json'), '--junit', join(disk!, 'junit.xml')];
      const result = await runCli(['run', ...reports, '--html', join(disk!, 'report.html')], {
        cwd: dir,
        env: env(bot.url),
      });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain(`cannot write ${join(disk!, 'results.json')}: no space left on device`);
      expect(result.stderr).toContain(`cannot write ${join(disk!, 'junit.xml')}: no space left on device`);
      expect(readFileSync(join(disk!, 'results.json'), 'utf8')).toBe('the previous results');
      expect(result.stderr).toContain(`cannot write ${join(disk!, 'report.html')}: no space left on device`);
      expect(readFileSync(join(disk!, 'junit.xml'), 'utf8')).toBe('the previous junit');
      expect(readFileSync(join(disk!, 'report.html'), 'utf8')).toBe('the previous html');
      expect(readdirSync(disk!).sort()).toEqual(['fill', 'junit.xml', 'report.html', 'results.json']);
    },
  );

  it('/dev/full: exit 4 with the cause, and /dev/full is still a character device', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(3) });
    const result = await runCli(['run', '--junit', '/dev/full', '--json', 'out/results.json'], {
      cwd: dir,
      env: env(bot.url),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('cannot write /dev/full: no space left on device');
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    // the other report is whole
    expect((await readResultsFile(join(dir, 'out/results.json'))).summary.counts).toMatchObject({
      total: 3,
      passed: 3,
    });
  });
});

describe('report paths that are not regular files', () => {
  it('/dev/null is written through and stays a device; exit 0', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(2) });
    const result = await runCli(['run', '--junit', '/dev/null', '--json', 'out/results.json'], {
      cwd: dir,
      env: env(bot.url),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a FIFO is written through (a reader gets the whole report) and stays a FIFO', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(2) });
    execFileSync('mkfifo', [join(dir, 'junit.fifo')]);
    const reader = spawn('cat', [join(dir, 'junit.fifo')]);
    let xml = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (xml += d));
    const ended = new Promise((r) => reader.on('close', r));
    const result = await runCli(['run', '--junit', 'junit.fifo'], { cwd: dir, env: env(bot.url) });
    await ended;
    expect(result.code).toBe(0);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testsuites');
    expect(lstatSync(join(dir, 'junit.fifo')).isFIFO()).toBe(true);
  });

  it('a FIFO nobody reads fails the report at once (exit 4), it does not hang the run', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(2) });
    execFileSync('mkfifo', [join(dir, 'nobody.fifo')]);
    const result = await runCli(['run', '--junit', 'nobody.fifo', '--json', 'out/results.json'], {
      cwd: dir,
      env: env(bot.url),
      timeoutMs: 20_000,
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`cannot write ${join(dir, 'nobody.fifo')}`);
    expect(lstatSync(join(dir, 'nobody.fifo')).isFIFO()).toBe(true);
    expect((await readResultsFile(join(dir, 'out/results.json'))).summary.counts).toMatchObject({
      total: 2,
      passed: 2,
    });
  });

  it('a symlink is followed: its target is replaced, the link stays a link', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(2), 'reports/real.json': 'old' });
    symlinkSync('reports/real.json', join(dir, 'latest.json'));
    const result = await runCli(['run', '--json', 'latest.json'], { cwd: dir, env: env(bot.url) });
    expect(result.code).toBe(0);
    expect(lstatSync(join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
    expect((await readResultsFile(join(dir, 'reports/real.json'))).summary.counts).toMatchObject({
      total: 2,
      passed: 2,
    });
    expect(readdirSync(join(dir, 'reports'))).toEqual(['real.json']);
  });

  it('`--json -` writes the results to standard output and the console to stderr', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(3) });
    const result = await runCli(['run', '--json', '-'], { cwd: dir, env: env(bot.url) });
    expect(result.code).toBe(0);
    // the whole of stdout is the results file, nothing else
    const results = JSON.parse(result.stdout) as { schema: string; dialogues: unknown[] };
    expect(results.schema).toMatch(/^clova-regress\/results@/);
    expect(results.dialogues).toHaveLength(3);
    expect(result.stderr).toMatch(/^3 passed, 0 failed, 0 errors/m);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('`report` and `merge` with `--json -` keep their console lines off standard output too', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(2) });
    expect((await runCli(['run', '--json', 'r.json'], { cwd: dir, env: env(bot.url) })).code).toBe(0);
    for (const command of ['report', 'merge']) {
      const result = await runCli([command, 'r.json', '--json', '-'], { cwd: dir });
      expect(result.code, `${command}: ${result.stderr}`).toBe(0);
      expect((JSON.parse(result.stdout) as { dialogues: unknown[] }).dialogues).toHaveLength(2);
      expect(result.stderr).toMatch(/2 passed/);
    }
  });

  it('/proc/nope/x.xml: ends at once, exit 4 naming the path (it spun forever before)', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(2) });
    const result = await runCli(['run', '--junit', '/proc/nope/x.xml'], {
      cwd: dir,
      env: env(bot.url),
      timeoutMs: 20_000,
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('cannot write /proc/nope/x.xml: no such file or folder');
  });
});

describe('signals end the process in every phase', () => {
  it('SIGTERM while a large suite is still loading: exit 130 within seconds, nothing sent', async () => {
    const bot = await withBot(echo);
    const dialogues = Array.from(
      { length: 60_000 },
      (_, i) => `  - name: d${i}\n    steps:\n      - send: d${i}\n        expect: { scenarioName: Echo }\n`,
    ).join('');
    const dir = tempProject({ 'specs/big.yaml': `suite: Big\ndialogues:\n${dialogues}` });
    let signalledAt = 0;
    const result = await runCli(['run', '--json', 'out/results.json'], {
      cwd: dir,
      env: env(bot.url),
      timeoutMs: 60_000,
      // by CPU used, not by wall time: on a loaded machine 1.5 s of wall may pass before the
      // process has its signal handlers; 0.8 s of CPU is past start-up and well inside loading
      onSpawn: (child) =>
        afterChildCpu(child, 0.8, () => {
          signalledAt = Date.now();
          child.kill('SIGTERM');
        }),
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(bot.requests).toHaveLength(0);
  }, 90_000);

  it('SIGTERM while a report is stuck writing into a full pipe nobody drains: exit 130 within seconds', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(200) });
    const fifo = join(dir, 'stuck.fifo');
    execFileSync('mkfifo', [fifo]);
    // opens the FIFO for reading and never reads: the results outgrow the pipe's buffer
    const holder = spawn('sh', ['-c', `exec 3<"${fifo}"; sleep 60`]);
    const b = bot;
    const started = Date.now();
    let signalledAt = 0;
    const result = await runCli(['run', '--json', 'stuck.fifo'], {
      cwd: dir,
      env: env(b.url),
      timeoutMs: 40_000,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (b.requests.length >= 200 && Date.now() - started > 500) {
            clearInterval(timer);
            signalledAt = Date.now();
            child.kill('SIGTERM');
          }
        }, 50);
        child.on('exit', () => clearInterval(timer));
      },
    });
    holder.kill('SIGKILL');
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(signalledAt).toBeGreaterThan(0);
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  }, 60_000);
});

describe('a console nobody reads', () => {
  it('stdout closed after the first line (`| head -1`): no stack trace, reports whole, the run’s own exit code', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/t.yaml': spec(30) });
    const child = spawn(process.execPath, [CLI, 'run', '--junit', 'out/junit.xml', '--json', 'out/results.json'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env(bot.url) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // like `head -1`: read one chunk, then close the pipe
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(code).toBe(0);
    expect(XMLValidator.validate(readFileSync(join(dir, 'out/junit.xml'), 'utf8'))).toBe(true);
    expect((await readResultsFile(join(dir, 'out/results.json'))).summary.counts).toMatchObject({
      total: 30,
      passed: 30,
    });
  });
});

describe('a read-only working folder', () => {
  it('the last-run record that cannot be written is a warning, never a failed gate', async () => {
    const bot = await withBot(echo);
    // works for root too: the record's folder is taken by a regular file
    const dir = tempProject({ 'specs/t.yaml': spec(2), '.clova-regress': 'not a folder' });
    const result = await runCli(['run'], { cwd: dir, env: env(bot.url) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^clova-regress: warning: cannot write .*last-run\.json: a parent is not a folder \(only --last-failed needs it\)$/m,
    );
  });

  const ro = smallDisk('1m');
  it.skipIf(!ro)(
    'on a read-only mount: exit 0 with the warning; a report there is exit 4 (skipped unless root can mount)',
    async () => {
      const bot = await withBot(echo);
      mkdirSync(join(ro!, 'specs'));
      writeFileSync(join(ro!, 'specs/t.yaml'), spec(2));
      execFileSync('mount', ['-o', 'remount,ro', ro!]);
      const passing = await runCli(['run'], { cwd: ro!, env: env(bot.url) });
      expect(passing.code).toBe(0);
      expect(passing.stderr).toMatch(/warning: cannot write .*last-run\.json: read-only file system/);
      const withReport = await runCli(['run', '--junit', 'junit.xml'], { cwd: ro!, env: env(bot.url) });
      expect(withReport.code).toBe(4);
      expect(withReport.stderr).toMatch(/cannot write .*junit\.xml: read-only file system/);
      expect(statSync(ro!).isDirectory()).toBe(true);
    },
  );
});
