/**
 * Reports from real runs of the built CLI against the built-in mock bot: a failing step's diff in
 * the console, JUnit, Markdown and HTML; the JSON results file, and `report` rebuilding the same
 * files from it; baseline drift; bad input and unwritable outputs reported without a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { SHOP_BOT } from '../helpers/shop-bot.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';

const BOT = SHOP_BOT;

const SPEC = `# the shop, with one wrong expectation
suite: Shop
tags: [smoke]
dialogues:
  - name: store hours
    steps:
      - send: store hours
        expect:
          scenarioName: Store hours
          description: We are open every day from 9:00 to 21:00.
  - name: products
    tags: [catalogue]
    steps:
      - send: products
        expect:
          scenarioName: Products
`;

const WORD_DIFF = 'diff:     We are open every day from [-9-]{+10+}:00 to [-21-]{+20+}:00.';

function project(bot = BOT, spec = SPEC): string {
  return tempProject({ 'specs/bot.yaml': bot, 'specs/shop.yaml': spec });
}

const parseXml = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);

describe('reports of a failing run', () => {
  it("show the failing step's diff in the console, JUnit, Markdown and HTML", async () => {
    const dir = project();
    const summaryFile = join(dir, 'step-summary.md');
    writeFileSync(summaryFile, 'earlier step output\n');
    const result = await runCli(
      [
        'run',
        '--no-progress',
        '--json',
        'out/results.json',
        '--junit',
        'out/junit.xml',
        '--markdown',
        'out/summary.md',
        '--html',
        'out/report.html',
      ],
      {
        cwd: dir,
        env: { GITHUB_STEP_SUMMARY: summaryFile },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      [
        '    description (specs/shop.yaml:10:11)',
        '      expected: "We are open every day from 9:00 to 21:00."',
        '      actual:   "We are open every day from 10:00 to 20:00."',
        `      ${WORD_DIFF}`,
        '    ✓ as expected: scenarioName',
      ].join('\n'),
    );

    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const failure = parseXml(xml).testsuites.testsuite.testcase[0].failure;
    expect(failure['#text']).toContain(WORD_DIFF);

    const markdown = readFileSync(join(dir, 'out/summary.md'), 'utf8');
    expect(markdown).toMatch(/^## clova-regress: ❌ 1 failed\n/);
    expect(markdown).toContain('| 2 | 1 | 1 | 0 | 0 | 0 |');
    expect(markdown).toContain('<details><summary>✗ <b>Shop › store hours</b>');
    expect(markdown).toContain(
      '| ✗ | description | "We are open every day from 9:00 to 21:00." | "We are open every day from 10:00 to 20:00." |',
    );
    expect(markdown).toContain('| ✓ | scenarioName | "Store hours" | "Store hours" |');
    expect(markdown).toContain(WORD_DIFF);
    // on GitHub Actions the same summary is appended to the step summary
    expect(readFileSync(summaryFile, 'utf8')).toBe(`earlier step output\n${markdown}\n`);

    const html = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('We are open every day from <del>9</del><ins>10</ins>:00 to <del>21</del><ins>20</ins>:00.');
    expect(html).toContain('<tr class="bad"><td>✗</td><td>description</td>');
    expect(html).toContain('<div class="say">store hours</div>');
    expect(html).toContain('<div class="bubble">We are open every day from 10:00 to 20:00.</div>');

    const saved = await readResultsFile(join(dir, 'out/results.json'));
    expect(saved.summary.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    const step = saved.dialogues.find((d) => d.name === 'store hours')!.steps[0]!;
    expect(step.status).toBe('failed');
    expect(step.turn?.text).toBe('We are open every day from 10:00 to 20:00.');
    expect(JSON.parse(step.request!.body)).toMatchObject({
      event: 'send',
      bubbles: [{ data: { description: 'store hours' } }],
    });
    expect(saved.options).toMatchObject({ paths: ['specs'], concurrency: 8 });
  });

  it('`report` rebuilds the same JUnit, HTML and Markdown from the saved results, without the bot', async () => {
    const dir = project();
    const first = await runCli(
      [
        'run',
        '--no-progress',
        '--json',
        'r.json',
        '--junit',
        'a/junit.xml',
        '--html',
        'a/report.html',
        '--markdown',
        'a/summary.md',
      ],
      { cwd: dir },
    );
    expect(first.code).toBe(1);
    // the bot is gone: the report needs only the file
    writeFileSync(join(dir, 'specs/bot.yaml'), 'not: a bot');
    const again = await runCli(
      ['report', 'r.json', '--junit', 'b/junit.xml', '--html', 'b/report.html', '--markdown', 'b/summary.md'],
      { cwd: dir },
    );
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Run [0-9a-f]{8} of .*: 1 passed, 1 failed, 0 errors\nWrote junit \(.*b\/junit\.xml\)\n/,
    );
    for (const file of ['junit.xml', 'report.html', 'summary.md']) {
      expect(readFileSync(join(dir, 'b', file), 'utf8'), file).toBe(readFileSync(join(dir, 'a', file), 'utf8'));
    }
  });

  it('refuses unusable input with a clear message and no stack trace', async () => {
    const dir = project();
    writeFileSync(join(dir, 'junit.xml'), '<?xml version="1.0"?><testsuites/>');
    const missing = await runCli(['report', 'nope.json', '--html', 'r.html'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('clova-regress: nope.json: no such file\n');
    const xml = await runCli(['run', '--no-progress', '--baseline', 'junit.xml'], { cwd: dir });
    expect(xml.code).toBe(2);
    expect(xml.stderr).toBe(
      'clova-regress: --baseline: junit.xml: this is XML or HTML (a JUnit or HTML report?), not a clova-regress results file: give the file written by --json\n',
    );
    const nothing = await runCli(['report', 'junit.xml'], { cwd: dir });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to write: give --html, --junit, --markdown, --json or --step-summary');
    const clash = await runCli(['run', '--no-progress', '--json', 'out.x', '--html', 'out.x'], { cwd: dir });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--json and --html name the same file (out.x)');
    for (const r of [missing, xml, nothing, clash]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which report could not be written, writes the others, and exits 4', async () => {
    const dir = tempProject({
      'specs/bot.yaml': BOT,
      'specs/shop.yaml': SPEC.replace('9:00 to 21:00', '10:00 to 20:00'),
      blocker: 'a file',
    });
    const result = await runCli(
      ['run', '--no-progress', '--html', 'blocker/report.html', '--json', 'ok/results.json'],
      { cwd: dir },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `clova-regress: report not written — html (${join(dir, 'blocker/report.html')}): cannot write ${join(dir, 'blocker/report.html')}: a parent is not a folder\n`,
    );
    expect((await readResultsFile(join(dir, 'ok/results.json'))).summary.counts.passed).toBe(2);
  });
});

describe('baseline drift', () => {
  const passing = SPEC.replace('          description: We are open every day from 9:00 to 21:00.\n', '');

  it('finds the changed answer, not the unchanged one, and fails only with --fail-on-drift', async () => {
    const dir = project(BOT, passing);
    expect((await runCli(['run', '--no-progress', '--json', 'base.json'], { cwd: dir })).code).toBe(0);

    // the same bot again: no drift
    const same = await runCli(['run', '--no-progress', '--baseline', 'base.json', '--fail-on-drift'], { cwd: dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(
      /No drift since the baseline run [0-9a-f]{8} of .*: 2 dialogues compared, every reply the same\./,
    );

    // the bot changes its hours and its buttons; the specs still pass
    writeFileSync(
      join(dir, 'specs/bot.yaml'),
      BOT.replace('10:00 to 20:00', '9:00 to 21:00').replace('[Product A, Product B]', '[Product A, Product C]'),
    );
    const drifted = await runCli(
      [
        'run',
        '--no-progress',
        '--baseline',
        'base.json',
        '--json',
        'new.json',
        '--markdown',
        'drift.md',
        '--html',
        'drift.html',
      ],
      { cwd: dir },
    );
    expect(drifted.code).toBe(0);
    expect(drifted.stdout).toMatch(
      /Drift since the baseline run [0-9a-f]{8} of .*: 2 steps answered differently \(2 compared\)\./,
    );
    expect(drifted.stdout).toContain(
      [
        '  ~ Shop › store hours',
        '    step 1: send "store hours"',
        '      text:         We are open every day from [-10-]{+9+}:00 to [-20-]{+21+}:00.',
      ].join('\n'),
    );
    expect(drifted.stdout).toContain(
      [
        '  ~ Shop › products',
        '    step 1: send "products"',
        '      buttons:      - ["Product B"]  + ["Product C"]',
      ].join('\n'),
    );
    expect(drifted.stdout).not.toContain('scenarioName:');
    const saved = await readResultsFile(join(dir, 'new.json'));
    expect(saved.summary.drift).toMatchObject({ compared: 2, changedDialogues: 2, changedSteps: 2, gone: [] });
    expect(saved.dialogues.find((d) => d.name === 'store hours')!.drift!.steps[0]!.changes).toEqual([
      {
        field: 'text',
        before: 'We are open every day from 10:00 to 20:00.',
        after: 'We are open every day from 9:00 to 21:00.',
      },
    ]);
    expect(readFileSync(join(dir, 'drift.md'), 'utf8')).toContain('### Drift since the baseline');
    expect(readFileSync(join(dir, 'drift.html'), 'utf8')).toContain('<section class="block" id="drift">');

    const gated = await runCli(['run', '--no-progress', '--baseline', 'base.json', '--fail-on-drift'], { cwd: dir });
    expect(gated.code).toBe(1);
    expect(gated.stderr).toBe('clova-regress: replies drifted from the baseline (--fail-on-drift)\n');

    // `report` compares two saved runs the same way
    const offline = await runCli(
      ['report', 'new.json', '--baseline', 'base.json', '--markdown', 'again.md', '--fail-on-drift'],
      { cwd: dir },
    );
    expect(offline.code).toBe(1);
    expect(readFileSync(join(dir, 'again.md'), 'utf8')).toContain('[-10-]{+9+}');
  });

  it('lists new and gone dialogues, matched by suite and name whatever their order', async () => {
    const dir = project(BOT, passing);
    expect((await runCli(['run', '--no-progress', '--json', 'base.json'], { cwd: dir })).code).toBe(0);
    // the two dialogues swap places, and one is renamed
    const reordered = `suite: Shop\ndialogues:\n  - name: products, renamed\n    steps:\n      - send: products\n  - name: store hours\n    steps:\n      - send: store hours\n`;
    writeFileSync(join(dir, 'specs/shop.yaml'), reordered);
    const result = await runCli(['run', '--no-progress', '--baseline', 'base.json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Drift since .*: 1 new dialogue, 1 dialogue gone \(1 compared\)\./);
    expect(result.stdout).toContain('  + Shop › products, renamed  new: not in the baseline');
    expect(result.stdout).toContain('  - Shop › products  gone: in the baseline only (specs/shop.yaml)');
    expect(result.stdout).not.toContain('~ Shop › store hours');
  });
});
