/**
 * Every output of the fixed mixed run (mixed-run.ts), pinned whole in __golden__/ after scrubbing
 * (scrub.ts): the console with --color off and on, JUnit XML, Markdown and HTML, each checked as
 * the run wrote it (live) and as `report` rebuilt it from the saved results file — the same golden.
 * The JSON results file is pinned too; `report --json` rewrites it without the run's `options`
 * (they are the options of `run`, which `report` does not have): the one documented difference.
 * Regenerate: UPDATE_GOLDEN=1 npx vitest run --config test/vitest.config.ts test/golden
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from './golden-file.js';
import { mixedRun, type MixedRun } from './mixed-run.js';
import { scrubConsole, scrubHtml, scrubJunit, scrubMarkdown, scrubResults, showEscapes } from './scrub.js';
import type { Volatile } from './scrub.js';

let run: MixedRun;
// tempProject's own afterEach would remove the folder after the first test: read everything first
const files: Record<string, string> = {};
beforeAll(async () => {
  run = await mixedRun();
  for (const where of ['live', 'report']) {
    for (const name of ['junit.xml', 'summary.md', 'report.html', 'results.json']) {
      files[`${where}/${name}`] = readFileSync(join(run.dir, where, name), 'utf8');
    }
  }
}, 120_000);

const REPORTS: Array<[file: string, scrub: (text: string, v: Volatile) => string]> = [
  ['junit.xml', scrubJunit],
  ['summary.md', scrubMarkdown],
  ['report.html', scrubHtml],
];

describe('the console of run', () => {
  it('with --no-color', () => {
    expect(run.live.stderr).toBe('');
    expectGolden('console.txt', scrubConsole(run.live.stdout, run.volatile));
  });

  it('with --color (ESC shown as ␛)', () => {
    expect(run.colored.stderr).toBe('');
    expectGolden('console-color.txt', showEscapes(scrubConsole(run.colored.stdout, run.coloredVolatile)));
  });

  it('of report: the summary line and the files written', () => {
    expect(run.replayed.stderr).toBe('');
    expectGolden('report-console.txt', scrubConsole(run.replayed.stdout, run.volatile));
  });
});

describe.each(REPORTS)('%s', (file, scrub) => {
  it('as the run wrote it', () => {
    expectGolden(file, scrub(files[`live/${file}`]!, run.volatile));
  });

  it('as report rebuilt it from the results file: the same golden', () => {
    expectGolden(file, scrub(files[`report/${file}`]!, run.volatile));
  });
});

describe('results.json', () => {
  it('as the run wrote it', () => {
    expectGolden('results.json', scrubResults(files['live/results.json']!, run.volatile));
  });

  it("as report rewrote it: the same golden without the header's options", () => {
    const live = scrubResults(files['live/results.json']!, run.volatile);
    const options = /,"options":\{[^{}]*\}(?=,"dialogues":\[)/;
    expect(live).toMatch(options);
    expect(scrubResults(files['report/results.json']!, run.volatile)).toBe(live.replace(options, ''));
    expectGolden('results.json', live);
  });
});
