/**
 * The HTML reporter streams: each dialogue's article is spilled as it ends, and the page is written
 * at the end in plan order. Whatever order the dialogues end in, the page is the one built from the
 * plan-ordered results in memory; the transcripts shown are those of the first passing dialogues in
 * plan order; the spill is private while it exists and gone afterwards.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HtmlReporter } from '../../src/reporters/html/html.js';
import { buildHtmlReport } from '../../src/reporters/html/page.js';
import { dialogueAnchor } from '../../src/reporters/html/anchor.js';
import type { DialogueResult, RunInfo, RunSummary } from '../../src/results/model.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { tempProject } from '../helpers/temp.js';

const spills = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`clova-regress-html-${process.pid}-`));

/** The sample run plus `extra` passing dialogues, the second of them drifted. */
function biggerRun(extra: number): { info: RunInfo; dialogues: DialogueResult[]; summary: RunSummary } {
  const { info, dialogues, summary } = sampleRun();
  const more = Array.from({ length: extra }, (_, i) =>
    dialogue(`p${i}`, [passedStep(1, `ask ${i}`)], {
      suite: i % 2 ? 'Shop' : 'Other',
      tags: i % 3 ? ['smoke'] : ['smoke', `t${i}`],
      ...(i === 1
        ? { drift: { kind: 'changed', steps: [{ index: 1, title: 'step 1: send "ask 1"', kind: 'new' }] } }
        : {}),
    }),
  );
  const all = [...dialogues, ...more];
  const planned = all.map((d) => ({ id: d.id, suite: d.suite, file: d.file, name: d.name, tags: d.tags, steps: 1 }));
  const counts = { ...summary.counts, total: all.length, passed: summary.counts.passed + extra };
  const drift = {
    baseline: { runId: 'base', startedAt: summary.startedAt },
    compared: all.length,
    changedDialogues: 1,
    changedSteps: 0,
    newDialogues: 0,
    newSteps: 1,
    goneSteps: 0,
    gone: [],
  };
  return { info: { ...info, planned }, dialogues: all, summary: { ...summary, counts, drift } };
}

async function streamed(reporter: HtmlReporter, run: ReturnType<typeof biggerRun>, ended: DialogueResult[]) {
  await reporter.onBegin(run.info);
  // dialogues end concurrently: the reporter is not awaited between them
  await Promise.all(ended.map((d) => reporter.onDialogueEnd(d)));
  await reporter.onEnd(run.summary);
}

describe('the HTML report, streamed', () => {
  it('is the page built from the plan-ordered results, whatever order they ended in, and leaves no spill', async () => {
    const run = biggerRun(8);
    const before = spills().length;
    const path = join(tempProject(), 'report.html');
    const reporter = new HtmlReporter(path, { maxTranscripts: 3 });
    // the last planned first, then the rest backwards but for the first two
    const ended = [...run.dialogues.slice(2).reverse(), run.dialogues[1]!, run.dialogues[0]!];
    await streamed(reporter, run, ended);
    const page = readFileSync(path, 'utf8');
    expect(page).toBe(buildHtmlReport({ ...run, maxTranscripts: 3 }));
    expect(spills().length).toBe(before);

    // articles in plan order; transcripts for every non-passing one and the first 3 passing ones
    const anchors = [...page.matchAll(/<article class="dialogue" id="([^"]+)"/g)].map((m) => m[1]);
    expect(anchors).toEqual(run.dialogues.map((d) => dialogueAnchor(d.id)));
    const leftOut = [...page.matchAll(/<article[^>]* id="([^"]+)".*?<\/article>/g)]
      .filter((m) => m[0].includes('transcript left out'))
      .map((m) => m[1]);
    const passing = run.dialogues.filter((d) => d.status === 'passed');
    expect(leftOut).toEqual(passing.slice(3).map((d) => dialogueAnchor(d.id)));
    expect(page).toContain('6 passing dialogues listed without a transcript (more than 3 passed)');
    expect(page).toContain('id="drift"');
    expect(page).toContain('Shop › p1');
  });

  it('ended in plan order past the transcripts shown, one the plan does not name listed last', async () => {
    const run = biggerRun(4);
    const stranger = dialogue('stranger', [passedStep(1, 'who')], { id: 'Elsewhere › stranger' });
    const path = join(tempProject(), 'report.html');
    await streamed(new HtmlReporter(path, { maxTranscripts: 1 }), run, [run.dialogues[0]!, stranger, ...run.dialogues]);
    const all = [run.dialogues[0]!, ...run.dialogues, stranger];
    expect(readFileSync(path, 'utf8')).toBe(buildHtmlReport({ ...run, dialogues: all, maxTranscripts: 1 }));
  });

  it('spills to a 0600 file in a 0700 folder of its own while the run goes on', async () => {
    const run = biggerRun(1);
    const before = new Set(spills());
    const reporter = new HtmlReporter(join(tempProject(), 'report.html'));
    await reporter.onBegin(run.info);
    await reporter.onDialogueEnd(run.dialogues[0]!);
    const made = spills().filter((f) => !before.has(f));
    expect(made).toHaveLength(1);
    const dir = join(tmpdir(), made[0]!);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    await reporter.onEnd(run.summary);
    expect(spills().filter((f) => !before.has(f))).toEqual([]);
  });
});
