/**
 * The bot author's commands end to end, through the built CLI: init (its scaffold passes `run`
 * out of the box), validate (every problem, positioned; exit 2), schema, and coverage over a real
 * run's results file against the built-in mock.
 */
import { readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { scriptedBotPerTest, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

describe('clova-regress init', () => {
  it('scaffolds specs/ that validate and run green against the built-in mock, and never overwrites', async () => {
    const dir = tempProject();
    const init = await runCli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('specs/bot.yaml');
    expect(init.stdout).toContain('specs/example.yaml');
    expect(init.stdout).toContain('npx clova-regress run');
    expect(readFileSync(join(dir, 'specs/example.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/clova-regress/docs/schema/spec.schema.json',
    );

    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.stdout).toBe('OK: 1 spec file (3 dialogues, 5 steps) and 1 bot definition (4 scenarios).\n');
    expect(validate.code).toBe(0);

    const run = await runCli(['run'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/✓ My bot — first specs › opening hours, however it is asked \(4 phrasings\)/);
    expect(run.stdout).toMatch(/^6 passed, 0 failed, 0 errors/m);
    expect(run.code).toBe(0);

    writeFileSync(join(dir, 'specs/example.yaml'), 'mine\n');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('not overwriting specs/bot.yaml, specs/example.yaml: nothing was written.');
    expect(readFileSync(join(dir, 'specs/example.yaml'), 'utf8')).toBe('mine\n');
  });

  it('scaffolds into another folder with schema paths that still reach node_modules', async () => {
    const dir = tempProject();
    const init = await runCli(['init', '--dir', 'tests/chatbot'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(readFileSync(join(dir, 'tests/chatbot/bot.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../node_modules/clova-regress/docs/schema/bot.schema.json',
    );
    expect(init.stdout).toContain('npx clova-regress run tests/chatbot --mock tests/chatbot/bot.yaml');
    const run = await runCli(['run', 'tests/chatbot', '--mock', 'tests/chatbot/bot.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    // the bot beside the specs is the mock's without --mock, as coverage finds it
    const bare = await runCli(['run', 'tests/chatbot'], { cwd: dir });
    expect(bare.stdout).toContain('Target: built-in mock bot (tests/chatbot/bot.yaml)');
    expect(bare.code).toBe(0);
  });
});

describe('clova-regress validate', () => {
  const files = {
    'specs/bot.yaml': 'scenarios:\n  - name: Products\n    utterances: [products]\n    answer: We have three.\n',
    'specs/good.yaml':
      'dialogues:\n  - name: ok\n    steps:\n      - send: products\n        expect: { scenarioName: Prodcts }\n',
    'specs/bad.yaml': 'dialogues:\n  - name: x\n    steps:\n      - sned: hi\n',
    'specs/vars.yaml': 'dialogues:\n  - name: x\n    steps:\n      - send: "${nope}"\n',
    'specs/other-bot.yaml': 'scenarios:\n  - name: A\n    answer: hi\n',
  };

  it('lists every problem of every file with file:line:column and exits 2', async () => {
    const dir = tempProject(files);
    const result = await runCli(['validate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('error: unknown key `sned` in a step\n  --> specs/bad.yaml:4:9');
    expect(result.stdout).toContain('error: unknown variable `${nope}`\n  --> specs/vars.yaml:4:15');
    expect(result.stdout).toContain('error: scenario `A` can never answer\n  --> specs/other-bot.yaml:2:11');
    // a spec expecting a scenario no bot definition has: a warning, with a did-you-mean
    expect(result.stdout).toContain('warning: no scenario `Prodcts` in specs/bot.yaml');
    expect(result.stdout).toContain('did you mean `Products`?');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe(
      '3 problems in 3 files; 1 warning; checked 1 spec file (1 dialogue, 1 step) and 1 bot definition (1 scenario).',
    );
  });

  it('finds structural and semantic problems of one file in one pass, in file order', async () => {
    const dir = tempProject({
      'specs/mixed.yaml': [
        'dialogues:',
        '  - name: typo',
        '    steps:',
        '      - sned: hi',
        '  - name: unknown variable',
        '    steps:',
        '      - send: "${nope}"',
        '  - name: bad regex',
        '    steps:',
        '      - send: hi',
        '        expect: { description: "/(unclosed/" }',
        '',
      ].join('\n'),
    });
    const result = await runCli(['validate', 'specs'], { cwd: dir });
    expect(result.code).toBe(2);
    const at = (needle: string) => result.stdout.indexOf(needle);
    expect(at('--> specs/mixed.yaml:4:9')).toBeGreaterThan(-1);
    expect(at('error: unknown variable `${nope}`\n  --> specs/mixed.yaml:7:15')).toBeGreaterThan(
      at('--> specs/mixed.yaml:4:9'),
    );
    expect(at('--> specs/mixed.yaml:11:')).toBeGreaterThan(at('--> specs/mixed.yaml:7:15'));
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/^3 problems in 1 file/);
  });

  it('speaks GitHub workflow annotations and JSON', async () => {
    const dir = tempProject(files);
    const github = await runCli(['validate', '--format', 'github'], { cwd: dir });
    expect(github.stdout).toContain(
      '::error file=specs/bad.yaml,line=4,col=9,title=unknown-key::unknown key `sned` in a step — did you mean `send`?\n',
    );
    expect(github.stdout).toContain('::warning file=specs/good.yaml,line=5,col=19,title=unknown-scenario::');
    const json = await runCli(['validate', '--format', 'json', 'specs/good.yaml', 'specs/bot.yaml'], { cwd: dir });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; specs: unknown[]; warnings: Array<{ code: string }> };
    expect(parsed.ok).toBe(true);
    expect(parsed.specs).toEqual([{ file: 'specs/good.yaml', dialogues: 1, steps: 1 }]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['unknown-scenario']);
  });

  it('passes the repository examples', async () => {
    const result = await runCli(['validate', 'specs']);
    expect(result.stdout).toMatch(
      /^OK: \d+ spec files \(\d+ dialogues, \d+ steps\) and 1 bot definition \(22 scenarios\)\.\n$/,
    );
    expect(result.code).toBe(0);
  });

  it('says so when there is nothing to check', async () => {
    const dir = tempProject({ 'notes.txt': 'hi' });
    const result = await runCli(['validate', '.'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('clova-regress: no spec or bot files found in .\n');
  });
});

describe('clova-regress schema', () => {
  it('prints the committed JSON Schemas', async () => {
    for (const kind of ['spec', 'bot']) {
      const result = await runCli(['schema', kind]);
      expect(result.stdout).toBe(readFileSync(join(REPO, `docs/schema/${kind}.schema.json`), 'utf8'));
    }
  });
});

describe('clova-regress coverage', () => {
  it('static and observed, from a real run of the examples against the mock; gates with --min-coverage', async () => {
    const dir = tempProject();
    const results = join(dir, 'results.json');
    const run = await runCli(['run', '-q', '--json', results], { cwd: REPO, timeoutMs: 60_000 });
    expect(run.code).toBe(0);

    const table = await runCli(['coverage', '--results', results], { cwd: REPO });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ {2}Product C {2,}– {2,}– {2,}untested$/m);
    expect(table.stdout).toMatch(/^ {2}Store photo {2,}– {2,}1× {2,}observed, not expected$/m);
    expect(table.stdout).toMatch(/^ {2}Products {2,}\d+ dialogues? {2,}\d+× {2,}covered$/m);
    expect(table.stdout).toContain('NLU routing (data-driven steps)');

    const json = await runCli(['coverage', '--results', results, '--json'], { cwd: REPO });
    const report = JSON.parse(json.stdout) as {
      coverage: number;
      scenarios: { total: number; covered: number };
      routing: { accuracy: number };
    };
    expect(report.scenarios.total).toBe(22);
    expect(report.coverage).toBe(Math.round((report.scenarios.covered / 22) * 1000) / 10);
    expect(report.routing.accuracy).toBe(100);

    const md = join(dir, 'coverage.md');
    const gate = await runCli(['coverage', '--results', results, '--markdown', md, '--min-coverage', '99'], {
      cwd: REPO,
    });
    expect(gate.code).toBe(1);
    expect(gate.stderr).toBe(`clova-regress: coverage ${report.coverage.toFixed(1)}% is below --min-coverage 99%\n`);
    expect(readFileSync(md, 'utf8')).toContain(`### Scenario coverage: ${report.coverage.toFixed(1)}%`);
    const pass = await runCli(['coverage', '--min-coverage', '50'], { cwd: REPO });
    expect(pass.code).toBe(0);
  }, 90_000);

  it('adds coverage and routing sections to the HTML and Markdown reports of run and report', async () => {
    const dir = tempProject();
    const out = (f: string) => join(dir, f);
    const run = await runCli(
      [
        'run',
        '-q',
        '--json',
        out('r.json'),
        '--html',
        out('r.html'),
        '--markdown',
        out('r.md'),
        '--scenarios',
        'specs/bot.yaml',
      ],
      { cwd: REPO, timeoutMs: 60_000 },
    );
    expect(run.code).toBe(0);
    const html = readFileSync(out('r.html'), 'utf8');
    expect(html).toContain('<section class="block" id="coverage"><h2>Scenario coverage</h2>');
    expect(html).toContain('<section class="block" id="routing"><h2>NLU routing</h2>');
    expect(html).toContain('<td>Product C</td><td>0</td><td>0</td><td class="t-dim">untested</td>');
    const md = readFileSync(out('r.md'), 'utf8');
    expect(md).toMatch(/### Scenario coverage: \d+\.\d%/);
    expect(md).toContain('### NLU routing: 21/21 phrasings reached their scenario (100.0%)');

    // without --json, coverage alone still gets what each planned dialogue expects
    const alone = await runCli(['run', '-q', '--markdown', out('alone.md'), '--scenarios', 'specs/bot.yaml'], {
      cwd: REPO,
      timeoutMs: 60_000,
    });
    expect(alone.code).toBe(0);
    const coverageLine = (text: string) => /### Scenario coverage: \d+\.\d%/.exec(text)?.[0];
    expect(coverageLine(readFileSync(out('alone.md'), 'utf8'))).toBe(coverageLine(md));

    // the same sections when the report is rebuilt from the results file
    const replay = await runCli(
      ['report', out('r.json'), '--html', out('again.html'), '--scenarios', 'specs/bot.yaml'],
      { cwd: REPO },
    );
    expect(replay.code).toBe(0);
    const again = readFileSync(out('again.html'), 'utf8');
    expect(again).toContain('id="coverage"');
    expect(again).toContain('<td>Product C</td><td>0</td><td>0</td><td class="t-dim">untested</td>');

    const bad = await runCli(['run', '--html', out('x.html'), '--scenarios', 'nope.csv'], { cwd: REPO });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: no such scenario inventory: nope.csv');
  }, 90_000);

  it('reads a Builder .xlsx export, with the column and sheet it found named', async () => {
    const dir = tempProject({
      'specs/s.yaml':
        'dialogues:\n  - name: x\n    steps:\n      - send: products\n        expect: { scenarioName: /^Product/ }\n',
    });
    copyFileSync(join(FIXTURES, 'coverage/conversation-list.xlsx'), join(dir, 'list.xlsx'));
    const result = await runCli(['coverage', '--scenarios', 'list.xlsx', '--no-color'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('inventory: list.xlsx (column "대화 이름", sheet "대화 목록") (10 scenarios)');
    expect(result.stdout).toContain('scenarios expected by specs: 2 of 10 (20.0%)');
  });

  it('refuses a bad flag before doing anything (exit 2, a usage message)', async () => {
    const result = await runCli(['coverage', '--min-coverage', '120'], { cwd: REPO });
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'clova-regress: --min-coverage must be a percentage from 0 to 100\nRun with --help for usage.\n',
    });
  });

  it('asks for an inventory when none is given or found, and positions problems in it', async () => {
    const dir = tempProject({
      'specs/s.yaml': 'dialogues:\n  - name: x\n    steps: [{ send: hi }]\n',
      'list.csv': 'No,Name\n1,A\n',
    });
    const none = await runCli(['coverage'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^clova-regress: which scenarios does the bot have\? Name the inventory with --scenarios <file>/,
    );
    const bad = await runCli(['coverage', '--scenarios', 'list.csv'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'error: no column names a scenario (columns: `No`, `Name`); choose one with --column\n  --> list.csv:1:1',
    );
    expect(existsSync(join(dir, 'coverage.md'))).toBe(false);
  });
});

describe('secrets from the environment', () => {
  const secret = 'e2e-Secret-Key-0123456789';
  const withBot = scriptedBotPerTest(secret);

  it('a value read from a secret-looking env variable is masked in the console and the JUnit report', async () => {
    const token = 'tok-SHOULD-NOT-LEAK-42';
    const bot = await withBot((req) => {
      const text = (req.body.bubbles as Array<{ data: { description: string } }>)[0]!.data.description;
      return { json: textReply(req.body.userId, 'Echo', `you sent: ${text}`) };
    });
    const dir = tempProject({
      'specs/s.yaml':
        'dialogues:\n  - name: echo\n    steps:\n      - send: "token ${env.SHOP_API_TOKEN}"\n        expect: { description: nothing like it }\n',
    });
    const result = await runCli(['run', '--junit', 'junit.xml'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: secret, SHOP_API_TOKEN: token },
    });
    expect(result.code).toBe(1);
    expect(bot.requests[0]!.raw).toContain(token); // the bot got it
    expect(result.stdout).toContain('you sent: token [REDACTED]');
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).not.toContain(token);
  });
});
