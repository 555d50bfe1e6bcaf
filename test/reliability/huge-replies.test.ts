/**
 * A bot that answers 10 MB, or JSON nested 100,000 levels deep, must not crash the runner (JSON
 * parsing, the normalizer, every reporter's walk) nor bloat the reports: bodies are cut in
 * reports with a note saying so. Run through the real CLI with every output enabled.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { said, startScriptedBot, textReply, type ScriptedBot } from '../helpers/scripted-bot.js';
import { readResultsFile } from '../../src/results/results-file.js';

const SECRET = 'huge-replies-secret-key';
const TEN_MB = 10 * 1024 * 1024;
const DEPTH = 100_000;
let bot: ScriptedBot | undefined;
let dir: string | undefined;
afterAll(async () => {
  await bot?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Deep nesting as text: JSON.stringify itself cannot build it (it recurses). */
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const SPEC = `suite: Huge
dialogues:
  - name: ten megabytes that fail
    steps:
      - send: huge
        expect:
          scenarioName: Huge
          description: /^Not this/
  - name: ten megabytes that pass
    steps:
      - send: huge
        expect:
          description: { contains: "the end." }
  - name: deep JSON beside the bubbles
    steps:
      - send: deep
        expect:
          scenarioName: Deep
          description: shallow text
  - name: deep JSON as the bubbles
    steps:
      - send: deeper
  - name: deep JSON that fails
    steps:
      - send: deep
        expect:
          description: something else
`;

/** Bigger than any report should be: the 10 MB body must not reach a report whole. */
const REPORT_BOUND = 3 * 1024 * 1024;

describe('huge and deep replies, through every report', () => {
  let result: Awaited<ReturnType<typeof runCli>>;
  let out: (name: string) => string;

  beforeAll(async () => {
    const huge = `${'lorem ipsum dolor sit amet '.repeat(Math.ceil(TEN_MB / 27)).slice(0, TEN_MB)} the end.`;
    bot = await startScriptedBot(SECRET, (req) => {
      const text = said(req);
      if (text === 'huge') return { json: textReply(req.body.userId, 'Huge', huge) };
      const base = JSON.stringify(textReply(req.body.userId, 'Deep', 'shallow text'));
      // raw JSON text: the nesting is beyond what JSON.stringify can produce
      if (text === 'deep')
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          text: `${base.slice(0, -1)},"deep":${deep(DEPTH)}}`,
        };
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        text: `{"bubbles":${deep(DEPTH)},"scenario":{"name":"Deeper"}}`,
      };
    });
    // not tempProject: it is removed after each test, and these tests share one run
    dir = mkdtempSync(join(tmpdir(), 'clova-regress-huge-'));
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'huge.yaml'), SPEC);
    out = (name: string) => join(dir!, 'out', name);
    result = await runCli(
      [
        'run',
        '-j',
        '2',
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
        env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET },
        timeoutMs: 60_000,
      },
    );
  }, 90_000);

  it('are read and checked: the run ends with failures, not a crash (5) nor a lost report (4)', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^3 passed, 2 failed, 0 errors/m);
    expect(result.stdout.length).toBeLessThan(64 * 1024);
  });

  it('JUnit: valid XML, bodies cut with a note', () => {
    const xml = readFileSync(out('junit.xml'), 'utf8');
    expect(xml.length).toBeLessThan(REPORT_BOUND);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(/truncated: [\d,]+ more characters/);
  });

  it('Markdown: sized for a PR comment', () => {
    const md = readFileSync(out('summary.md'), 'utf8');
    expect(md.length).toBeLessThan(64 * 1024);
    expect(md).toMatch(/ten megabytes that fail/);
  });

  it('JSON results: readable, every dialogue there, the deep reply kept as a note', async () => {
    const results = await readResultsFile(out('results.json'));
    expect(Object.fromEntries(results.dialogues.map((d) => [d.name, d.status]))).toEqual({
      'ten megabytes that fail': 'failed',
      'ten megabytes that pass': 'passed',
      'deep JSON beside the bubbles': 'passed',
      'deep JSON as the bubbles': 'passed',
      'deep JSON that fails': 'failed',
    });
    const deepStep = results.dialogues.find((d) => d.name === 'deep JSON beside the bubbles')!.steps[0]!;
    expect(deepStep.turn?.raw).toEqual({
      truncated: 'the reply nests more than 512 levels deep: its body is not kept',
    });
  });

  it('JSON results: bodies cut with a note', () => {
    expect(statSync(out('results.json')).size).toBeLessThan(REPORT_BOUND);
    expect(readFileSync(out('results.json'), 'utf8')).toMatch(/\(text truncated: [\d,]+ more characters\)/);
  });

  it('HTML: transcripts cut with a note', () => {
    expect(statSync(out('report.html')).size).toBeLessThan(REPORT_BOUND);
    expect(readFileSync(out('report.html'), 'utf8')).toMatch(/\(text truncated: [\d,]+ more characters\)/);
  });
});
