/**
 * Reports CI systems and people read (issue 14), from real runs of the built CLI against the
 * built-in mock: JUnit lines, skip reasons and every retry's transcript, schema-valid; Markdown diff
 * blocks and links; drift grouped by what changed; `coverage --html`; singular counts and a missing
 * path said plainly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import { junitSchemaViolations } from '../helpers/junit-schema.js';

const BOT = `name: Shop bot
scenarios:
  - name: Store hours
    utterances: [store hours, hours, opening]
    answer: We are open every day from 10:00 to 20:00.
  - name: Products
    utterances: [products]
    answer: We have three products.
`;

const SPEC = `suite: Shop
dialogues:
  - name: products
    steps:
      - send: products
        expect: { scenarioName: Products }
  - name: wrong hours
    steps:
      - send: store hours
        expect:
          description: We are open every day from 9:00 to 21:00.
  - name: later
    skip: waiting for the new catalogue
    steps:
      - send: products
`;

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => n === 'testcase' || n === 'rerunFailure',
  }).parse(xml);

describe('JUnit for CI readers', () => {
  it("gives each testcase its spec line, keeps the skip reason, and every retry's transcript; valid for Jenkins xunit", async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    const result = await runCli(['run', '--no-progress', '--retries', '2', '--junit', 'junit.xml'], { cwd: dir });
    expect(result.code).toBe(1);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junitSchemaViolations(xml)).toEqual([]);
    const [products, wrong, later] = parse(xml).testsuites.testsuite.testcase;
    expect(products).toMatchObject({ name: 'products', file: 'specs/shop.yaml', line: '3' });
    expect(wrong).toMatchObject({ line: '7' });
    expect(later).toMatchObject({ line: '12', skipped: { message: 'waiting for the new catalogue' } });
    // Surefire: the first attempt is the <failure>, the two reruns follow with their own output
    expect(wrong.failure.type).toBe('ExpectationFailed');
    expect(wrong.rerunFailure).toHaveLength(2);
    expect(wrong.rerunFailure[1]['system-out']).toMatch(/^userId: clova-regress-[0-9a-f]{8}-1-retry2\n/);
    // and the testcase's own output, which most readers show, holds all three attempts
    const out: string = wrong['system-out'];
    for (const [n, suffix] of [
      [1, ''],
      [2, '-retry1'],
      [3, '-retry2'],
    ] as const) {
      expect(out).toMatch(
        new RegExp(`── attempt ${n} of 3: failed ──\\nuserId: clova-regress-[0-9a-f]{8}-1${suffix}\\n`),
      );
    }
  });
});

describe('the Markdown summary for pull requests', () => {
  it('shows diffs as ```diff blocks, links failures to their spec line on GitHub and to the HTML report', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/shop-bot', GITHUB_SHA: sha };
    const result = await runCli(
      ['run', '--no-progress', '--markdown', 'out/summary.md', '--html', 'out/html/report.html'],
      { cwd: dir, env },
    );
    expect(result.code).toBe(1);
    const md = readFileSync(join(dir, 'out/summary.md'), 'utf8');
    expect(md).toContain(`[\`specs/shop.yaml:7\`](<https://github.com/octo/shop-bot/blob/${sha}/specs/shop.yaml#L7>)`);
    expect(md).toContain(
      `[\`specs/shop.yaml:9:9\`](<https://github.com/octo/shop-bot/blob/${sha}/specs/shop.yaml#L9>)`,
    );
    expect(md).toMatch(/\[in the HTML report\]\(<html\/report\.html#(d-[0-9a-f]{10})>\)/);
    const anchor = /#(d-[0-9a-f]{10})>/.exec(md)![1]!;
    expect(readFileSync(join(dir, 'out/html/report.html'), 'utf8')).toContain(`id="${anchor}"`);
    expect(md).toContain(
      [
        '```diff',
        ' description (specs/shop.yaml:11:11)',
        '-  expected: "We are open every day from 9:00 to 21:00."',
        '+  actual:   "We are open every day from 10:00 to 20:00."',
      ].join('\n'),
    );
  });

  it('links to a published HTML report with --markdown-html-url, and refuses a link base holding credentials', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    const ok = await runCli(
      [
        'run',
        '--no-progress',
        '--markdown',
        's.md',
        '--markdown-link-base',
        'https://git.example.com/o/r/-/blob/main',
        '--markdown-html-url',
        'https://ci.example.com/artifacts/report.html',
      ],
      { cwd: dir },
    );
    expect(ok.code).toBe(1);
    const md = readFileSync(join(dir, 's.md'), 'utf8');
    expect(md).toContain('(<https://git.example.com/o/r/-/blob/main/specs/shop.yaml#L7>)');
    expect(md).toMatch(
      /\[in the HTML report\]\(<https:\/\/ci\.example\.com\/artifacts\/report\.html#d-[0-9a-f]{10}>\)/,
    );
    const bad = await runCli(
      ['run', '--no-progress', '--markdown', 's2.md', '--markdown-link-base', 'https://me:hunter2@git.example.com/'],
      { cwd: dir },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('clova-regress: --markdown-link-base must not carry credentials (user:password@)\n');
    expect(bad.stdout + bad.stderr).not.toContain('hunter2');
  });
});

describe('drift grouped by what changed', () => {
  it('shows one bot edit that changed several steps as one group with its places, in console, Markdown and HTML', async () => {
    const spec = `suite: Shop\ndialogues:\n${['a', 'b', 'c'].map((n, i) => `  - name: asks ${n}\n    steps:\n      - send: ${['store hours', 'hours', 'opening'][i]}\n`).join('')}  - name: products\n    steps:\n      - send: products\n`;
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': spec });
    expect((await runCli(['run', '--no-progress', '--json', 'base.json'], { cwd: dir })).code).toBe(0);
    writeFileSync(
      join(dir, 'specs/bot.yaml'),
      BOT.replace('10:00 to 20:00', '9:00 to 21:00').replace('three products', 'four products'),
    );
    const result = await runCli(
      ['run', '--no-progress', '--baseline', 'base.json', '--markdown', 'd.md', '--html', 'd.html'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const group = [
      '  ~ 3 steps changed the same way',
      '      text:         We are open every day from [-10-]{+9+}:00 to [-20-]{+21+}:00.',
      '    in Shop › asks a, step 1: send "store hours"',
      '    in Shop › asks b, step 1: send "hours"',
      '    in Shop › asks c, step 1: send "opening"',
    ].join('\n');
    expect(result.stdout).toContain(group);
    // a change seen once stays under its dialogue
    expect(result.stdout).toContain('  ~ Shop › products\n    step 1: send "products"');
    expect(result.stdout).not.toContain('~ Shop › asks a');
    expect(readFileSync(join(dir, 'd.md'), 'utf8')).toContain(group.replace(/^ {2}/gm, ''));
    const html = readFileSync(join(dir, 'd.html'), 'utf8');
    const section = html.slice(
      html.indexOf('<section class="block" id="drift">'),
      html.indexOf('</section>', html.indexOf('id="drift"')),
    );
    expect(section).toContain('3 steps changed the same way');
    expect(section.match(/ in Shop › asks/g)).toHaveLength(3);
  });
});

describe('coverage --html', () => {
  it('writes a standalone page, untested scenarios first and highlighted, with no script', async () => {
    const spec =
      'dialogues:\n  - name: hours\n    steps:\n      - send: store hours\n        expect: { scenarioName: Store hours }\n';
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/s.yaml': spec });
    const result = await runCli(['coverage', '--html', 'coverage.html'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '1 untested scenario (no spec expects it), listed first\n  scenario     expected by  status\n  Products               –  untested\n  Store hours   1 dialogue  covered\n',
    );
    const html = readFileSync(join(dir, 'coverage.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("script-src 'none'");
    expect(html).not.toContain('<script');
    const rows = [...html.matchAll(/<tr class="([^"]*)"><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows.slice(0, 2)).toEqual([
      ['untested', 'Products'],
      ['ok', 'Store hours'],
    ]);
    const md = await runCli(['coverage', '--markdown', '-'], { cwd: dir });
    expect(md.stdout).toContain('**1 untested scenario** (no spec expects it), listed first:');
    expect(md.stdout).toContain('| **Products** | 0 | 🟨 **untested** |');
    const both = await runCli(['coverage', '--html', '-', '--json', '-'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json and --html both want stdout: give one of them a file');
  });
});

describe('small wording', () => {
  it('says a missing path without a position, and counts in the singular', async () => {
    const dir = tempProject({
      'specs/bot.yaml': BOT,
      'specs/s.yaml': 'dialogues:\n  - name: one\n    steps: [{ send: products }]\n',
    });
    const missing = await runCli(['run', '--mock', 'specs/bot.yaml', 'spec/'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: no such file or folder: spec/\n\n1 problem found; nothing was run.\n');
    const one = await runCli(['run', '--no-progress'], { cwd: dir });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^1 passed, 0 failed, 0 errors \(\d+(\.\d+)? ms, 1 request; /m);
  });
});
