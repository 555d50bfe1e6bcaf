/**
 * `report` and `merge` on a hand-edited results file: every mutation (null lists, wrong types,
 * missing fields, truncated JSON) is either a valid file, whose reports are all written, or an
 * invalid one — exit 2, "results file X is not valid: <json path>: …", no stack trace, and not
 * one report file created or changed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { said, startScriptedBot, textReply, type ScriptedBot } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'mutations-Secret-Key-0123456789';
const SPEC = `suite: M
dialogues:
  - name: passes
    steps:
      - send: ok
        expect: { scenarioName: ok, buttons: [Yes] }
  - name: fails
    steps:
      - send: wrong
        expect: { scenarioName: right, description: { contains: nope } }
  - name: errors
    steps:
      - send: boom
`;

let bot: ScriptedBot;
let validText = '';
beforeAll(async () => {
  bot = await startScriptedBot(SECRET, (req) =>
    said(req) === 'boom'
      ? { status: 500, json: { code: '5000', message: 'broken', timestamp: 1 } }
      : {
          json: textReply(req.body.userId, said(req), 'hello', {
            bubbles: [
              {
                type: 'template',
                data: {
                  cover: { type: 'text', data: { description: 'hello' } },
                  contentTable: [
                    [
                      {
                        rowSpan: 1,
                        colSpan: 1,
                        data: {
                          type: 'button',
                          title: 'Yes',
                          data: { type: 'basic', action: { type: 'postback', data: { postback: 'yes' } } },
                        },
                      },
                    ],
                  ],
                },
              },
            ],
          }),
        },
  );
  const dir = tempProject({ 'specs/m.yaml': SPEC });
  const result = await runCli(['run', '--json', 'r.json'], {
    cwd: dir,
    env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET },
  });
  expect(result.code).toBe(1);
  validText = readFileSync(join(dir, 'r.json'), 'utf8');
}, 60_000);
afterAll(() => bot?.close());

const REPORTS = ['out/junit.xml', 'out/report.html', 'out/summary.md', 'out/results.json'];
const reportFlags = ['--junit', REPORTS[0]!, '--html', REPORTS[1]!, '--markdown', REPORTS[2]!, '--json', REPORTS[3]!];

/** A copy of the valid file with one dialogue (or the header, or the summary) edited. */
function edited(edit: (doc: { info: any; dialogues: any[]; summary: any }) => void): string {
  const doc = JSON.parse(validText);
  edit(doc);
  // written back in the line layout, as the run writes it
  const { dialogues, summary, ...header } = doc;
  return `${JSON.stringify(header).slice(0, -1)},"dialogues":[\n${dialogues.map((d: unknown) => JSON.stringify(d)).join(',\n')}\n],"summary":${JSON.stringify(summary)}}\n`;
}

async function expectRefusedWithoutReports(text: string, command: 'report' | 'merge') {
  const dir = tempProject({ 'r.json': text, 'out/junit.xml': 'previous junit', 'out/summary.md': 'previous summary' });
  const result = await runCli([command, 'r.json', ...reportFlags], { cwd: dir });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^clova-regress: (results file r\.json is not valid: \S+: .+|r\.json(:\d+)?: .+)\n$/);
  expect(result.stderr).not.toMatch(/\n\s+at |TypeError|internal error/);
  expect(readdirSync(join(dir, 'out')).sort()).toEqual(['junit.xml', 'summary.md']);
  expect(readFileSync(join(dir, 'out/junit.xml'), 'utf8')).toBe('previous junit');
  expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toBe('previous summary');
  return result.stderr;
}

const byName = (doc: { dialogues: any[] }, name: string) => doc.dialogues.find((d) => d.name === name);

describe('hand-edited results files', () => {
  const cases: Array<[string, (doc: { info: any; dialogues: any[]; summary: any }) => void, RegExp]> = [
    [
      'turn.buttons null',
      (d) => void (byName(d, 'passes').steps[0].turn.buttons = null),
      /is not valid: dialogue\.steps\[0\]\.turn\.buttons: expected a list, got null \(line \d+\)/,
    ],
    ['turn.bubbles item a number', (d) => void (byName(d, 'passes').steps[0].turn.bubbles = [5]), /turn\.bubbles\[0\]/],
    ['mismatches null', (d) => void (byName(d, 'fails').steps[0].mismatches = null), /mismatches/],
    [
      'mismatch actual an object',
      (d) => void (byName(d, 'fails').steps[0].mismatches[0].actual = { a: 1 }),
      /steps\[0\]/,
    ],
    ['cause message missing', (d) => void delete byName(d, 'errors').steps[0].cause.message, /steps\[0\]/],
    ['tags null', (d) => void (byName(d, 'passes').tags = null), /tags/],
    [
      'information values not lists',
      (d) => void (byName(d, 'passes').steps[0].turn.information = { chatType: 'TEXT' }),
      /information\["chatType"\]: expected a list/,
    ],
    [
      'an expectation matcher of unknown op',
      (d) => void (byName(d, 'passes').steps[0].expect.scenarioName = { op: 'like', value: 1 }),
      /expect\.scenarioName/,
    ],
    [
      'request body a number',
      (d) => void (byName(d, 'passes').steps[0].request.body = 1),
      /request\.body: expected text/,
    ],
    ['planned null', (d) => void (d.info.planned = null), /info/],
    ['a planned entry without tags', (d) => void delete d.info.planned[0].tags, /info\.planned\[0\]\.tags: is missing/],
    ['summary counts a string', (d) => void (d.summary.counts.passed = '1'), /summary/],
    ['summary interrupted missing', (d) => void delete d.summary.interrupted, /summary\.interrupted: is missing/],
    [
      'stepLatency null',
      (d) => void (d.summary.stepLatencyMs = null),
      /summary\.stepLatencyMs: expected an object, got null/,
    ],
  ];
  for (const [what, edit, message] of cases) {
    it(`refuses ${what}: exit 2, the JSON path, no report written`, async () => {
      const text = edited(edit);
      for (const command of ['report', 'merge'] as const)
        expect(await expectRefusedWithoutReports(text, command)).toMatch(message);
    }, 30_000);
  }

  it('refuses a truncated file', async () => {
    for (const cut of [0.3, 0.7, 0.99])
      await expectRefusedWithoutReports(validText.slice(0, Math.floor(validText.length * cut)), 'report');
  }, 60_000);

  it('writes every report or none, whatever random field of a dialogue is replaced or removed', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const paths = (value: unknown, at: Array<string | number>, out: Array<Array<string | number>>) => {
      if (value === null || typeof value !== 'object') return;
      for (const [k, v] of Object.entries(value)) {
        const key = Array.isArray(value) ? Number(k) : k;
        if (at[at.length - 1] === 'raw') continue; // the reply as received: any JSON is valid there
        out.push([...at, key]);
        paths(v, [...at, key], out);
      }
    };
    const replacements = [null, 0, 'x', [], {}, true, undefined];
    for (let i = 0; i < 12; i++) {
      const text = edited((doc) => {
        const all: Array<Array<string | number>> = [];
        paths(doc.dialogues, [], all);
        const path = all[Math.floor(random() * all.length)]!;
        let parent: any = doc.dialogues;
        for (const key of path.slice(0, -1)) parent = parent[key];
        const value = replacements[Math.floor(random() * replacements.length)];
        if (value === undefined) delete parent[path[path.length - 1]!];
        else parent[path[path.length - 1]!] = value;
      });
      const dir = tempProject({ 'r.json': text });
      const result = await runCli(['report', 'r.json', ...reportFlags], { cwd: dir });
      expect(result.stderr).not.toMatch(/\n\s+at |TypeError|internal error/);
      if (result.code === 2) expect(REPORTS.filter((r) => existsSync(join(dir, r)))).toEqual([]);
      else {
        expect(result.code, result.stderr).toBe(0);
        expect(REPORTS.filter((r) => existsSync(join(dir, r)))).toEqual(REPORTS);
      }
    }
  }, 120_000);
});
