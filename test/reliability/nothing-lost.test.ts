/**
 * Nothing lost, through the real CLI: a report that cannot be written is named, the others are
 * still written whole, the exit code is 4, and no half or temporary file is left; an interrupted
 * run (SIGTERM) writes every report complete-so-far, valid and marked interrupted; a second
 * signal exits at once and still leaves no temporary file.
 * (Tests run as root, where chmod does not stop writes: the failures come from a path through a
 * regular file and from a folder standing where the report file belongs.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';

const SECRET = 'nothing-lost-secret-key';
const withBot = scriptedBotPerTest(SECRET);

const env = (url: string) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: SECRET });

/** `count` dialogues of `steps` steps each, all passing against an echoing bot. */
function spec(count: number, steps: number): string {
  const dialogues = Array.from(
    { length: count },
    (_, i) =>
      `  - name: dialogue ${i}\n    steps:\n${Array.from({ length: steps }, (_, s) => `      - send: d${i}-s${s}\n        expect: { scenarioName: Echo }\n`).join('')}`,
  );
  return `suite: Lost\ndialogues:\n${dialogues.join('')}`;
}

const echo = (req: SeenRequest) => ({ json: textReply(req.body.userId, 'Echo', `you said ${said(req)}`) });

/** Every file under `dir` whose name marks it temporary. */
function tempFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => /\.tmp$/.test(p));
}

describe('a report that cannot be written', () => {
  it('under a regular file (ENOTDIR) or where a folder stands (EISDIR): named, the rest written, exit 4, nothing left behind', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({
      'specs/lost.yaml': spec(3, 2),
      'blocker.txt': 'a regular file',
      'out/page.html/keep.txt': 'a folder where the page should go',
    });
    const result = await runCli(
      [
        'run',
        '--junit',
        'blocker.txt/junit.xml',
        '--html',
        'out/page.html',
        '--json',
        'out/results.json',
        '--markdown',
        'out/summary.md',
      ],
      { cwd: dir, env: env(bot.url) },
    );

    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^3 passed, 0 failed, 0 errors/m);
    const lines = result.stderr.trim().split('\n').sort();
    expect(lines).toEqual([
      `clova-regress: report not written — html (${join(dir, 'out/page.html')}): cannot write ${join(dir, 'out/page.html')}: it is a folder`,
      `clova-regress: report not written — junit (${join(dir, 'blocker.txt/junit.xml')}): cannot write ${join(dir, 'blocker.txt/junit.xml')}: a parent is not a folder`,
    ]);
    // the reports that could be written are whole
    const results = await readResultsFile(join(dir, 'out/results.json'));
    expect(results.summary.counts).toMatchObject({ total: 3, passed: 3 });
    expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toMatch(/^\| 3 \| 3 \| 0 \|/m);
    // what stood in the way is untouched, and nothing half-written or temporary is left
    expect(readFileSync(join(dir, 'blocker.txt'), 'utf8')).toBe('a regular file');
    expect(readdirSync(join(dir, 'out/page.html'))).toEqual(['keep.txt']);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['page.html', 'results.json', 'summary.md']);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('an existing report stays as it was when its replacement cannot be written', async () => {
    const bot = await withBot(echo);
    const dir = tempProject({ 'specs/lost.yaml': spec(1, 1) });
    mkdirSync(join(dir, 'out/junit.xml'), { recursive: true }); // the first run cannot write it
    writeFileSync(join(dir, 'out/results.json'), 'the previous results');
    const before = statSync(join(dir, 'out/results.json')).mtimeMs;
    const result = await runCli(['run', '--junit', 'out/junit.xml', '--json', 'out/results.json/x.json'], {
      cwd: dir,
      env: env(bot.url),
    });
    expect(result.code).toBe(4);
    expect(readFileSync(join(dir, 'out/results.json'), 'utf8')).toBe('the previous results');
    expect(statSync(join(dir, 'out/results.json')).mtimeMs).toBe(before);
    expect(tempFiles(dir)).toEqual([]);
  });
});

describe('an interrupted run', () => {
  const slowEcho = async (req: SeenRequest) => {
    await new Promise((r) => setTimeout(r, 100));
    return echo(req);
  };

  it('on SIGTERM: every report complete-so-far, valid, marked interrupted; exit 130; no temporary file', async () => {
    const bot = await withBot(slowEcho);
    const dir = tempProject({ 'specs/lost.yaml': spec(40, 3) });
    const b = bot;
    const result = await runCli(
      [
        'run',
        '-j',
        '4',
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
        env: env(b.url),
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (b.requests.length >= 15) {
              clearInterval(timer);
              child.kill('SIGTERM');
            }
          }, 10);
          child.on('exit', () => clearInterval(timer));
        },
      },
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGTERM: stopping/);

    const results = await readResultsFile(join(dir, 'out/results.json'));
    const { counts, notRun } = results.summary;
    expect(results.summary).toMatchObject({ interrupted: true, stopReason: 'signal' });
    expect(notRun).toBeGreaterThan(0);
    expect(counts.total + notRun).toBe(40);
    expect(results.dialogues).toHaveLength(counts.total);
    expect(counts.passed).toBeGreaterThan(0);
    // a dialogue the signal cut short is never reported passed
    for (const d of results.dialogues)
      if (d.status === 'passed') expect(d.steps.every((s) => s.status === 'passed')).toBe(true);

    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites;
    // the whole plan is there: what ran as it ended, the rest skipped as not run; marked interrupted
    expect(Number(suites.tests)).toBe(40);
    expect(xml.match(/<skipped message="not run: the run was interrupted"\/>/g)).toHaveLength(notRun);
    expect(xml).toContain('<property name="interrupted" value="stopped by a signal before every dialogue ran"/>');

    const html = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(html).toMatch(/<\/html>\s*$/);
    expect(html).toMatch(/interrupted/i);
    expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toMatch(/interrupted/i);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('on a second signal: exits at once, and still leaves no temporary file', async () => {
    const bot = await withBot(async (req) => {
      await new Promise((r) => setTimeout(r, 30_000)); // in flight when the signals come
      return echo(req);
    });
    const dir = tempProject({ 'specs/lost.yaml': spec(8, 1) });
    const b = bot;
    let signalledAt = 0;
    const result = await runCli(['run', '-j', '8', '--json', 'out/results.json', '--junit', 'out/junit.xml'], {
      cwd: dir,
      env: env(b.url),
      timeoutMs: 60_000,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (b.requests.length >= 4) {
            clearInterval(timer);
            signalledAt = Date.now();
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGINT'), 100);
          }
        }, 10);
        child.on('exit', () => clearInterval(timer));
      },
    });
    expect(result.code).toBe(130);
    // the first signal alone would give the requests in flight 2 s and then write JUnit: the
    // second one quit before that, and long before the bot would have answered
    expect(existsSync(join(dir, 'out/junit.xml'))).toBe(false);
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    expect(tempFiles(dir)).toEqual([]);
  }, 90_000);
});
