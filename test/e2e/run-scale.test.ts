/**
 * The CLI at scale, against local signature-checking bots: shards and merge, flaky retries in every
 * output, Ctrl-C mid-run, --max-failures, --last-failed, throttling.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, said, textReply, type Answer, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';

const SECRET = 'scale-Secret-Key-0123456789';
const withBot = scriptedBotPerTest(SECRET);
const env = (url: string) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: SECRET });
/** Answers scenario = what was said, so `expect: { scenarioName: <what was sent> }` passes. */
const echoBot = (req: SeenRequest): Answer => ({ json: textReply(req.body.userId, said(req), 'ok') });
const junitParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'flakyFailure', 'rerunFailure'].includes(name),
});

/** `files` spec files of `per` dialogues each; dialogue k of file f sends `f-k` `steps` times. */
function specs(
  files: number,
  per: number,
  steps = (f: number, k: number) => 1 + ((f + k) % 3),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (let f = 0; f < files; f++) {
    const dialogues = Array.from({ length: per }, (_, k) => {
      const lines = Array.from(
        { length: steps(f, k) },
        () => `      - send: s${f}-${k}\n        expect: { scenarioName: s${f}-${k} }\n`,
      ).join('');
      return `  - name: dialogue ${k}\n    tags: [${k % 2 ? 'odd' : 'even'}]\n    steps:\n${lines}`;
    });
    out[`specs/file-${f}.yaml`] = `suite: Suite ${f}\ndialogues:\n${dialogues.join('')}`;
  }
  return out;
}

const listed = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('  specs/'))
    .map((l) => l.trim());

describe('clova-regress at scale', () => {
  it('shards are disjoint, complete, and keep their dialogues when files are renamed and found in another order', async () => {
    const dir = tempProject(specs(4, 5));
    // the same suites, the files named so they are found in the reverse order
    const renamed = tempProject(
      Object.fromEntries(
        Object.entries(specs(4, 5)).map(([path, text]) => [
          path.replace(/file-(\d)/, (_, f) => `z${9 - Number(f)}-file`),
          text,
        ]),
      ),
    );
    const ids = (lines: string[]) => lines.map((l) => l.slice(l.indexOf(' › ') + 3));
    const all = listed((await runCli(['run', '--list'], { cwd: dir })).stdout);
    expect(all).toHaveLength(20);
    const forward = ['specs/file-0.yaml', 'specs/file-1.yaml', 'specs/file-2.yaml', 'specs/file-3.yaml'];
    for (const n of [2, 3, 5]) {
      const shards = [];
      for (let i = 1; i <= n; i++) {
        const result = await runCli(['run', ...forward, '--list', '--shard', `${i}/${n}`], { cwd: dir });
        expect(result.code).toBe(0);
        shards.push(listed(result.stdout));
        if (n === 3) {
          const other = await runCli(['run', '--list', '--shard', `${i}/${n}`], { cwd: renamed });
          expect(ids(listed(other.stdout)).sort()).toEqual(ids(listed(result.stdout)).sort());
        }
      }
      expect(shards.flat().sort()).toEqual([...all].sort());
      expect(shards.every((s) => s.length > 0)).toBe(true);
    }
  }, 120_000);

  it('merges shard results into the totals of a single run, and writes the same reports', async () => {
    const b = await withBot((req) =>
      said(req) === 's1-2' ? { json: textReply(req.body.userId, 'Wrong', 'no') } : echoBot(req),
    );
    const dir = tempProject(specs(3, 4));
    for (const i of [1, 2, 3]) {
      const shard = await runCli(['run', '--shard', `${i}/3`, '--json', `out/shard-${i}.json`], {
        cwd: dir,
        env: env(b.url),
      });
      expect([0, 1]).toContain(shard.code);
    }
    const single = await runCli(['run', '--json', 'out/single.json'], { cwd: dir, env: env(b.url) });
    expect(single.code).toBe(1);
    const merged = await runCli(
      [
        'merge',
        'out/shard-1.json',
        'out/shard-2.json',
        'out/shard-3.json',
        '--json',
        'out/merged.json',
        '--junit',
        'out/junit.xml',
        '--markdown',
        'out/summary.md',
      ],
      { cwd: dir },
    );
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(merged.stdout).toMatch(/^11 passed, 1 failed, 0 errors/m);
    expect(merged.stdout).toContain('✗ Suite 1 › dialogue 2');

    const [m, s] = [
      await readResultsFile(join(dir, 'out/merged.json')),
      await readResultsFile(join(dir, 'out/single.json')),
    ];
    expect(m.summary.counts).toEqual(s.summary.counts);
    expect(m.summary.requests).toBe(s.summary.requests);
    expect(m.info.planned.map((d) => d.id)).toEqual(s.info.planned.map((d) => d.id));
    expect(m.dialogues.map((d) => d.id).sort()).toEqual(s.dialogues.map((d) => d.id).sort());
    const shards = await Promise.all([1, 2, 3].map((i) => readResultsFile(join(dir, `out/shard-${i}.json`))));
    expect(m.summary.startedAt).toBe(shards.map((r) => r.summary.startedAt).sort()[0]);
    expect(m.summary.endedAt).toBe(shards.map((r) => r.summary.endedAt).sort()[2]);
    expect(m.info.merged?.map((x) => x.shard)).toEqual(['1/3', '2/3', '3/3']);

    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = junitParser.parse(xml).testsuites.testsuite as Array<{ tests: string; failures: string }>;
    expect(suites.reduce((n, t) => n + Number(t.tests), 0)).toBe(12);
    expect(suites.reduce((n, t) => n + Number(t.failures), 0)).toBe(1);
    expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toContain('Suite 1 › dialogue 2');

    const twice = await runCli(['merge', 'out/shard-1.json', 'out/shard-1.json', '--json', 'out/x.json'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('out/shard-1.json is given twice');
    const partial = await runCli(['merge', 'out/shard-1.json', 'out/shard-3.json', '--json', 'out/x.json'], {
      cwd: dir,
    });
    expect(partial.stderr).toContain('shard 2/3 missing: the merged run covers 2 of 3 shards');
    // issue 10: a missing shard fails the merge (it was a note with exit 0), and nothing is written
    expect(partial.code).toBe(2);
    expect(existsSync(join(dir, 'out/x.json'))).toBe(false);
    // nothing runs in a merge, and no coverage was asked for
    expect(merged.stdout).not.toMatch(/Running \d+ dialogue/);
    expect(merged.stdout).not.toContain('Wrote coverage');
    // leave out a shard without the failure: what is left still fails (1); leave out the failing one: never green (3)
    const failing = shards.findIndex((r) => r.dialogues.some((d) => d.status === 'failed')) + 1;
    const spare = [1, 2, 3].find((i) => i !== failing)!;
    const kept = (without: number) => [1, 2, 3].filter((i) => i !== without).map((i) => `out/shard-${i}.json`);
    const allowed = await runCli(
      ['merge', ...kept(spare), '--allow-partial', '--json', 'out/x.json', '--junit', 'out/x.xml'],
      { cwd: dir },
    );
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toContain(
      `note: shard ${spare}/3 missing: the merged run covers 2 of 3 shards; ${shards[spare - 1]!.info.planned.length} of its 12 dialogues did not run`,
    );
    const x = await readResultsFile(join(dir, 'out/x.json'));
    expect(x.summary.missingShards).toEqual([`${spare}/3`]);
    expect(x.summary.counts.total + x.summary.notRun).toBe(12);
    const green = await runCli(['merge', ...kept(failing), '--allow-partial'], { cwd: dir });
    expect(green.code).toBe(3);
    // a shard of another selection is refused, even with --allow-partial
    await runCli(['run', '--shard', '2/3', '--grep', 'Suite 0', '--json', 'out/other-2.json'], {
      cwd: dir,
      env: env(b.url),
    });
    const mixed = await runCli(
      ['merge', 'out/shard-1.json', 'out/other-2.json', 'out/shard-3.json', '--allow-partial', '--json', 'out/y.json'],
      { cwd: dir },
    );
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('these shards are of different plans');
    expect(existsSync(join(dir, 'out/y.json'))).toBe(false);
    expect(green.stdout).toMatch(/^Partial merge: shard \d\/3 missing; \d+ dialogues? not run\.$/m);
  }, 120_000);

  it('reports a dialogue that fails once then passes as flaky in the console, the JSON results and JUnit', async () => {
    const seen = new Set<string>();
    const b = await withBot((req) => {
      const text = said(req);
      // the first time each step is sent, "flaky" steps get a wrong answer
      if (text.startsWith('flaky') && !seen.has(text)) {
        seen.add(text);
        return { json: textReply(req.body.userId, 'Wrong', 'no') };
      }
      return echoBot(req);
    });
    const dir = tempProject({
      'specs/f.yaml':
        'suite: F\ndialogues:\n  - name: sometimes\n    steps:\n      - send: fine\n        expect: { scenarioName: fine }\n      - send: flaky\n        expect: { scenarioName: flaky }\n  - name: always\n    steps:\n      - send: ok\n        expect: { scenarioName: ok }\n',
    });
    const result = await runCli(['run', '--retries', '2', '--json', 'out/r.json', '--junit', 'out/junit.xml'], {
      cwd: dir,
      env: env(b.url),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ F › sometimes');
    expect(result.stdout).toContain('passed on attempt 2; the first attempt:');
    expect(result.stdout).toMatch(/^1 passed, 0 failed, 0 errors, 1 flaky/m);
    // the retry is the whole dialogue, in a new session
    const userIds = b.requests.map((r) => [said(r), r.body.userId]);
    expect(userIds.filter(([text]) => text === 'fine')).toHaveLength(2);
    expect(new Set(userIds.filter(([text]) => text !== 'ok').map(([, u]) => u)).size).toBe(2);

    const saved = await readResultsFile(join(dir, 'out/r.json'));
    const flaky = saved.dialogues.find((d) => d.name === 'sometimes')!;
    expect(flaky.status).toBe('flaky');
    expect(flaky.retries).toHaveLength(1);
    expect(flaky.retries![0]).toMatchObject({ status: 'failed' });
    expect(flaky.retries![0]!.userId).not.toBe(flaky.userId);
    expect(saved.summary.counts).toMatchObject({ passed: 1, flaky: 1 });

    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const cases = junitParser.parse(xml).testsuites.testsuite[0].testcase;
    const sometimes = cases.find((c: { name: string }) => c.name === 'sometimes');
    expect(sometimes.failure).toBeUndefined();
    expect(sometimes.flakyFailure[0].message).toContain('scenarioName expected "flaky", actual "Wrong"');

    seen.clear();
    const strict = await runCli(['run', '--retries', '1', '--fail-on-flaky'], { cwd: dir, env: env(b.url) });
    expect(strict.code).toBe(1);
  }, 60_000);

  it('on Ctrl-C: stops, writes complete-so-far reports marked interrupted, exits 130, and never calls a cut dialogue passed', async () => {
    const b = await withBot(async (req) => {
      await new Promise((r) => setTimeout(r, 150));
      return echoBot(req);
    });
    const dir = tempProject(specs(2, 20, () => 3));
    let sent = false;
    const result = await runCli(['run', '-j', '4', '--json', 'out/r.json', '--junit', 'out/junit.xml'], {
      cwd: dir,
      env: env(b.url),
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (!sent && b.requests.length >= 10) {
            sent = true;
            child.kill('SIGINT');
            clearInterval(timer);
          }
        }, 10);
        child.on('exit', () => clearInterval(timer));
      },
    });
    expect(sent).toBe(true);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Ctrl-C: stopping');
    expect(result.stdout).toContain('Interrupted: the run stopped before every dialogue ran.');

    const saved = await readResultsFile(join(dir, 'out/r.json'));
    expect(saved.summary).toMatchObject({ interrupted: true, stopReason: 'signal' });
    expect(saved.summary.notRun).toBeGreaterThan(0);
    expect(saved.summary.counts.total + saved.summary.notRun).toBe(40);
    expect(saved.dialogues).toHaveLength(saved.summary.counts.total);
    for (const d of saved.dialogues) {
      if (d.steps.some((s) => s.status === 'skipped')) expect(d.status).not.toBe('passed');
      if (d.status === 'passed') expect(d.steps.every((s) => s.status === 'passed')).toBe(true);
    }
    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    // every planned dialogue is a testcase: those that never started are skipped, saying why
    const junitRun = junitParser.parse(xml).testsuites;
    expect(Number(junitRun.tests)).toBe(40);
    const suites = junitRun.testsuite as Array<{
      skipped: string;
      property?: unknown;
      properties: { property: Array<{ name: string; value: string }> | { name: string; value: string } };
      testcase: Array<{ skipped?: { message: string } }>;
    }>;
    const notRun = suites
      .flatMap((s) => s.testcase)
      .filter((c) => c.skipped?.message === 'not run: the run was interrupted');
    expect(notRun).toHaveLength(saved.summary.notRun);
    for (const suite of suites)
      expect([suite.properties.property].flat()).toContainEqual({
        name: 'interrupted',
        value: 'stopped by a signal before every dialogue ran',
      });
  }, 60_000);

  it('stops after --max-failures and re-runs only the failures with --last-failed', async () => {
    const b = await withBot((req) =>
      said(req).endsWith('-1') || said(req).endsWith('-3')
        ? { json: textReply(req.body.userId, 'Wrong', 'no') }
        : echoBot(req),
    );
    const dir = tempProject(specs(1, 8, () => 1));
    const capped = await runCli(
      ['run', '-j', '1', '--max-failures', '1', '--json', 'out/r.json', '--junit', 'out/junit.xml'],
      { cwd: dir, env: env(b.url) },
    );
    expect(capped.code).toBe(1);
    expect(capped.stdout).toMatch(/^1 passed, 1 failed, 0 errors, 6 not run/m);
    expect(capped.stdout).toContain('Stopped early: --max-failures reached; 6 dialogues not run.');
    // JUnit holds the whole plan, the rest as skipped "not run"; a report rebuilt from the results says so too
    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(8);
    expect(xml.match(/<skipped message="not run: the run stopped after --max-failures"\/>/g)).toHaveLength(6);
    const rebuilt = await runCli(['report', 'out/r.json', '--junit', 'out/again.xml'], { cwd: dir });
    expect(rebuilt.stdout).toMatch(/: 1 passed, 1 failed, 0 errors, 6 not run \(stopped early: --max-failures\)\n/);
    expect(readFileSync(join(dir, 'out/again.xml'), 'utf8').match(/<skipped message="not run/g)).toHaveLength(6);

    const full = await runCli(['run'], { cwd: dir, env: env(b.url) });
    expect(full.stdout).toMatch(/^6 passed, 2 failed/m);
    const before = b.requests.length;
    const again = await runCli(['run', '--last-failed'], { cwd: dir, env: env(b.url) });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Running 2 dialogues');
    expect(b.requests.slice(before).map(said).sort()).toEqual(['s0-1', 's0-3']);
    const list = await runCli(['run', '--last-failed', '--list'], { cwd: dir });
    expect(listed(list.stdout)).toEqual([
      'specs/file-0.yaml:8 › Suite 0 › dialogue 1 @odd',
      'specs/file-0.yaml:18 › Suite 0 › dialogue 3 @odd',
    ]);
  }, 60_000);

  it('backs off when throttled and says so, lowering its concurrency until the bot recovers', async () => {
    let served = 0;
    const b = await withBot((req) => {
      served++;
      // an overloaded stretch: every other request of the first 40 is throttled
      if (served <= 40 && served % 2 === 0)
        return {
          status: 429,
          headers: { 'retry-after': '0' },
          json: { error: { errorCode: '429', message: 'Too many requests' } },
        };
      return echoBot(req);
    });
    const dir = tempProject(specs(2, 30, () => 1));
    const result = await runCli(['run', '-j', '16', '-q', '--request-retries', '5'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /The bot throttled 20 requests \(HTTP 429\); concurrency lowered \d+ times?, to \d+ at the lowest\./,
    );
  }, 60_000);

  it('selects by --grep and --tag, and says which tags exist when a --tag matches none', async () => {
    const dir = tempProject(specs(2, 4));
    expect(listed((await runCli(['run', '--list', '--tag', 'odd', '--grep', 'Suite 1'], { cwd: dir })).stdout)).toEqual(
      ['specs/file-1.yaml:10 › Suite 1 › dialogue 1 @odd', 'specs/file-1.yaml:24 › Suite 1 › dialogue 3 @odd'],
    );
    expect(
      listed((await runCli(['run', '--list', '--tag', '!odd', '--grep-invert', 'Suite 0'], { cwd: dir })).stdout),
    ).toHaveLength(2);
    const none = await runCli(['run', '--tag', 'smoke'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: 'http://127.0.0.1:9/', CLOVA_SECRET_KEY: SECRET },
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no dialogue is tagged `smoke` (tags in use: even, odd)');
    const bad = await runCli(['run', '--shard', '3/2'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard 3/2: the shard number must be between 1 and 2');
  }, 60_000);
});
