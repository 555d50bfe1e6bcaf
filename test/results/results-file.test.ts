/**
 * The results file: written streamed and whole-or-nothing, read back equal (line by line and as
 * one JSON document), refused with a clear message when it is not a usable results file.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonResultsReporter, MAX_RAW_CHARS } from '../../src/reporters/json.js';
import {
  readResultsFile,
  streamResultsFile,
  ResultsFileError,
  formatResultsFile,
  headerLineParts,
  RESULTS_SCHEMA,
} from '../../src/results/results-file.js';
import { replayResults, replayResultsFile } from '../../src/results/replay.js';
import { ReporterMux, type Reporter } from '../../src/results/event-stream.js';
import { registerSecret, clearSecrets } from '../../src/io/redact.js';
import { tempProject } from '../helpers/temp.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { turn } from '../helpers/turn.js';

async function writeRun(path: string, run = sampleRun(), options?: Record<string, unknown>): Promise<void> {
  const mux = new ReporterMux([new JsonResultsReporter(path, options ? { options } : {})]);
  await mux.begin(run.info);
  for (const d of run.dialogues) await mux.dialogueEnd(d);
  await mux.end(run.summary);
  expect(mux.failures).toEqual([]);
}

describe('the JSON results file', () => {
  it('is one JSON document with one dialogue per line, read back equal', async () => {
    const dir = tempProject();
    const path = join(dir, 'out/results.json');
    const run = sampleRun();
    await writeRun(path, run, { paths: ['specs'], concurrency: 4 });
    const text = readFileSync(path, 'utf8');
    const doc = JSON.parse(text);
    expect(doc.schema).toBe(RESULTS_SCHEMA);
    expect(doc.tool.name).toBe('clova-regress');
    expect(doc.options).toEqual({ paths: ['specs'], concurrency: 4 });
    expect(doc.dialogues).toEqual(run.dialogues);
    expect(doc.summary).toEqual(run.summary);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(run.dialogues.length + 2);
    // each middle line is one dialogue, a trailing comma aside
    expect(lines.slice(1, -1).map((l) => JSON.parse(l.replace(/,$/, '')).name)).toEqual([
      'products',
      'hours',
      'slow',
      'later',
    ]);
    const back = await readResultsFile(path);
    expect(back.dialogues).toEqual(run.dialogues);
    expect(back.summary).toEqual(run.summary);
    expect(back.info).toEqual(run.info);
    // nothing but the report is left in the folder
    expect(readdirSync(join(dir, 'out'))).toEqual(['results.json']);
  });

  it('reads a file reformatted by another tool (pretty-printed) the same', async () => {
    const dir = tempProject();
    const run = sampleRun();
    const file = { schema: RESULTS_SCHEMA, tool: { name: 'clova-regress' as const, version: '0.1.0' }, ...run };
    writeFileSync(join(dir, 'pretty.json'), JSON.stringify(JSON.parse(formatResultsFile(file)), null, 2));
    const back = await readResultsFile(join(dir, 'pretty.json'));
    expect(back.dialogues).toEqual(run.dialogues);
  });

  it('stores no secret, and only the host of a live invoke URL', async () => {
    const dir = tempProject();
    registerSecret('sEcReT-key-for-the-json-test');
    try {
      const run = sampleRun();
      run.info.target = {
        kind: 'live',
        host: 'abc.apigw.ntruss.com',
        description: 'bot at https://abc.apigw.ntruss.com/custom/v1/1234/deadbeefcafe',
      };
      run.dialogues[0] = dialogue('products', [
        passedStep(1, 'echo sEcReT-key-for-the-json-test', turn({ text: 'you said sEcReT-key-for-the-json-test' })),
      ]);
      await writeRun(join(dir, 'r.json'), run);
      const text = readFileSync(join(dir, 'r.json'), 'utf8');
      expect(text).not.toContain('sEcReT-key-for-the-json-test');
      expect(text).toContain('[REDACTED]');
      expect(text).not.toContain('deadbeefcafe');
      expect((await readResultsFile(join(dir, 'r.json'))).info.target.description).toBe('bot at abc.apigw.ntruss.com');
    } finally {
      clearSecrets();
    }
  });

  it('cuts a raw reply over 1 MiB to its head, with a note, keeping the Turn', async () => {
    const dir = tempProject();
    const run = sampleRun();
    const big = { version: 'v2', padding: 'x'.repeat(MAX_RAW_CHARS + 10) };
    run.dialogues[0] = dialogue('products', [passedStep(1, 'products', turn({ raw: big }))]);
    await writeRun(join(dir, 'r.json'), run);
    const back = await readResultsFile(join(dir, 'r.json'));
    const stored = back.dialogues[0]!.steps[0]!.turn!;
    expect(stored.scenarioName).toBe('Products');
    expect(stored.raw).toMatchObject({ chars: JSON.stringify(big).length });
    expect((stored.raw as { truncated: string }).truncated).toMatch(/characters of JSON; the first 65,536 are kept/);
    expect(readFileSync(join(dir, 'r.json'), 'utf8').length).toBeLessThan(200_000);
  });

  it('writes a big plan in pieces that join to JSON.stringify of the header, byte for byte', async () => {
    const dir = tempProject();
    const run = sampleRun();
    const odd = ['caf\u00e9 \u2603', 'quote " and \\', 'line\nbreak', '\u0000nul', '\ud800 lone'];
    const planned = Array.from({ length: 1234 }, (_, i) => ({
      ...run.info.planned[i % run.info.planned.length]!,
      id: `Suite › d${i} ${odd[i % odd.length]}`,
      name: `d${i} ${odd[i % odd.length]}`,
      order: i,
      expects: [
        { field: 'scenarioName' as const, matcher: { op: 'equals' as const, value: 'Products' }, line: i, column: 3 },
      ],
    }));
    const info = { ...run.info, planned, shard: '2/3' };
    const header = { schema: RESULTS_SCHEMA, tool: { name: 'clova-regress' as const, version: '0.1.0' }, info };
    const parts = [...headerLineParts(header)];
    expect(parts.join('')).toBe(`${JSON.stringify(header).slice(0, -1)},"dialogues":[`);
    // no piece holds more than a slice of the plan
    expect(parts.length).toBeGreaterThan(3);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(JSON.stringify(planned).length / 2);
    await writeRun(join(dir, 'r.json'), { ...run, info });
    expect((await readResultsFile(join(dir, 'r.json'))).info).toEqual(info);
  });

  it('leaves neither a file nor a temporary one when the run never ends, and keeps an older file', async () => {
    const dir = tempProject({ 'r.json': 'previous' });
    const reporter = new JsonResultsReporter(join(dir, 'r.json'));
    const run = sampleRun();
    await reporter.onBegin(run.info);
    await reporter.onDialogueEnd(run.dialogues[0]!);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('previous');
    await reporter.discard();
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('says why it cannot write where a folder cannot be', async () => {
    const dir = tempProject({ 'a-file': '' });
    const mux = new ReporterMux([new JsonResultsReporter(join(dir, 'a-file/r.json'))]);
    await mux.begin(sampleRun().info);
    expect(mux.failures[0]?.message).toBe(`cannot write ${join(dir, 'a-file/r.json')}: a parent is not a folder`);
  });

  it.each([
    ['an empty file', '', /the file is empty/],
    [
      'JUnit XML',
      '<?xml version="1.0"?><testsuites/>',
      /this is XML or HTML \(a JUnit or HTML report\?\), not a clova-regress results file/,
    ],
    ['other JSON', '{"hello":"world"}', /not a clova-regress results file: it has no "schema" field/],
    [
      'a newer format',
      '{"schema":"clova-regress/results@7","tool":{"name":"clova-regress","version":"9.0.0"},"info":{}}',
      /written by clova-regress 9\.0\.0 in results format version 7; this clova-regress reads version 1: upgrade clova-regress/,
    ],
    ['another schema', '{"schema":"playwright/blob@1"}', /its schema is "playwright\/blob@1"/],
  ])('refuses %s with a clear message', async (_what, text, message) => {
    const dir = tempProject({ 'r.json': text });
    await expect(readResultsFile(join(dir, 'r.json'))).rejects.toThrow(message);
  });

  it('names the line of a corrupt dialogue and notices a file cut short', async () => {
    const dir = tempProject();
    await writeRun(join(dir, 'r.json'));
    const lines = readFileSync(join(dir, 'r.json'), 'utf8').split('\n');
    writeFileSync(join(dir, 'corrupt.json'), [...lines.slice(0, 2), '{"id": 1, broken', ...lines.slice(3)].join('\n'));
    await expect(readResultsFile(join(dir, 'corrupt.json'))).rejects.toThrow(/corrupt\.json:3: corrupt JSON/);
    writeFileSync(join(dir, 'short.json'), lines.slice(0, 3).join('\n'));
    await expect(readResultsFile(join(dir, 'short.json'))).rejects.toThrow(
      /the file ends after 2 dialogues without the run summary: it was cut short/,
    );
    writeFileSync(
      join(dir, 'bad.json'),
      [
        lines[0],
        JSON.stringify({
          id: 'x',
          suite: 's',
          name: 'n',
          file: 'f',
          userId: 'u',
          startedAt: 't',
          status: 'exploded',
          tags: [],
          steps: [],
          durationMs: 1,
        }),
        ...lines.slice(-2),
      ].join('\n'),
    );
    await expect(readResultsFile(join(dir, 'bad.json'))).rejects.toThrow(
      /bad\.json:2: not a dialogue result: unknown status "exploded"/,
    );
    await expect(readResultsFile(join(dir, 'missing.json'))).rejects.toBeInstanceOf(ResultsFileError);
  });

  it('replays a saved run through reporters: the same events, in order; a corrupt file reaches none', async () => {
    const dir = tempProject();
    const run = sampleRun();
    await writeRun(join(dir, 'r.json'), run);
    const seen: string[] = [];
    const recorder: Reporter = {
      name: 'rec',
      onBegin: (i) => void seen.push(`begin ${i.runId}`),
      onDialogueEnd: (d) => void seen.push(d.name),
      onEnd: (s) => void seen.push(`end ${s.counts.total}`),
    };
    await replayResultsFile(join(dir, 'r.json'), [recorder]);
    expect(seen).toEqual(['begin abcd1234', 'products', 'hours', 'slow', 'later', 'end 4']);

    const text = readFileSync(join(dir, 'r.json'), 'utf8').split('\n');
    writeFileSync(join(dir, 'bad.json'), [...text.slice(0, 4), 'garbage', ...text.slice(5)].join('\n'));
    seen.length = 0;
    await expect(replayResultsFile(join(dir, 'bad.json'), [recorder])).rejects.toThrow(/bad\.json:5/);
    expect(seen).toEqual([]);

    const again: string[] = [];
    await replayResults(run, [{ name: 'x', onDialogueEnd: (d) => void again.push(d.name) }]);
    expect(again).toEqual(['products', 'hours', 'slow', 'later']);
    expect(existsSync(join(dir, 'r.json'))).toBe(true);
  });

  it('streams: the reader hands over dialogues one at a time', async () => {
    const dir = tempProject();
    await writeRun(join(dir, 'r.json'));
    const names: string[] = [];
    const rest = await streamResultsFile(join(dir, 'r.json'), (d) => void names.push(d.name));
    expect(names).toEqual(['products', 'hours', 'slow', 'later']);
    expect(rest.summary.counts.total).toBe(4);
  });
});
