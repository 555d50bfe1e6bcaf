/**
 * `explore` through the built CLI against the built-in mock bot: it finds every scenario the
 * example bot's buttons reach, writes specs that `run` passes right after, stops at --depth and
 * --max-dialogues, terminates on a bot whose buttons loop, and a second run adds nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import { loadBotDefinition } from '../../src/mock/index.js';
import type { BotDefinition, BubbleDef, ButtonDef } from '../../src/mock/index.js';
import type { ExploreTree } from '../../src/explore/tree.js';

/**
 * The scenarios the definition's buttons reach from the welcome: a button's postback (or menu
 * utterance) is an utterance of a scenario open after the current one, a form button names its
 * `next`. Only buttons in button rows, quick buttons and the menu: a text bubble's own action is
 * not a button today (the reply-fidelity work adds it), so what it reaches is not required here.
 */
function reachableByButtons(bot: BotDefinition): Set<string> {
  const rowsOf = (b: BubbleDef): ButtonDef[] =>
    b.kind === 'template' ? b.rows.flat() : b.kind === 'carousel' ? b.cards.flatMap(rowsOf) : [];
  const buttonsOf = (answer: { bubbles: BubbleDef[]; quickButtons: ButtonDef[] }) => [
    ...answer.bubbles.flatMap(rowsOf),
    ...answer.quickButtons,
  ];
  const menu = bot.menu?.rows.flat() ?? [];
  const target = (button: ButtonDef, current: string | null) => {
    const a = button.action;
    if (a.type === 'form') return a.next;
    const text = a.type === 'postback' ? a.postback : a.type === 'utterance' ? a.text : undefined;
    if (text === undefined) return undefined;
    return bot.scenarios.find(
      (s) =>
        s.utterances.some((u) => u.toLowerCase() === text.toLowerCase()) &&
        (s.after.length === 0 || (current !== null && s.after.includes(current))),
    )?.name;
  };
  const found = new Set<string>();
  const queue: Array<{ scenario: string | null; buttons: ButtonDef[] }> = [
    { scenario: null, buttons: [...buttonsOf(bot.welcome), ...menu] },
  ];
  while (queue.length) {
    const { scenario, buttons } = queue.shift()!;
    for (const b of buttons) {
      const name = target(b, scenario);
      if (!name || found.has(name)) continue;
      found.add(name);
      queue.push({ scenario: name, buttons: buttonsOf(bot.scenarios.find((s) => s.name === name)!) });
    }
  }
  return found;
}

const LOOP_BOT = `name: Loop bot
welcome:
  answer: Start here.
  quickButtons: [Next]
scenarios:
  - name: Room
    utterances: [Next]
    answer:
      text: A room with two doors.
      buttons: [Back, Next]
  - name: Hall
    utterances: [Back]
    answer:
      text: The hall.
      buttons: [Next]
`;

const readDir = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

describe('explore', () => {
  it("finds every scenario the example bot's buttons reach, and writes specs that run passes", async () => {
    const dir = tempProject();
    const bot = await loadBotDefinition(join(REPO, 'specs/bot.yaml'), REPO);
    const expected = reachableByButtons(bot);
    expect(expected.size).toBeGreaterThan(5);
    const out = join(dir, 'suite');
    const explored = await runCli(
      [
        'explore',
        '--out',
        out,
        '--json',
        join(dir, 'tree.json'),
        '--markdown',
        join(dir, 'tree.md'),
        '--html',
        join(dir, 'tree.html'),
      ],
      { timeoutMs: 60_000 },
    );
    expect(explored.stderr).toBe('');
    expect(explored.code).toBe(0);
    const tree = JSON.parse(readFileSync(join(dir, 'tree.json'), 'utf8')) as ExploreTree;
    expect(tree.schema).toBe('clova-regress/explore-tree@1');
    expect(tree.complete).toBe(true);
    const reached = new Set(tree.states.map((s) => s.scenarioName).filter((n): n is string => n !== null));
    for (const name of expected) expect(reached, name).toContain(name);
    for (const name of reached) expect(bot.scenarios.map((s) => s.name)).toContain(name);
    // links are recorded, not pressed
    expect(tree.states[0]!.recorded).toContainEqual({
      title: 'Website (menu)',
      kind: 'link',
      target: 'https://www.ncloud.com',
    });
    expect(tree.edges.some((e) => e.path.some((s) => s.kind === 'click' && s.title === 'Website'))).toBe(false);
    for (const name of expected) expect(explored.stdout).toContain(name);
    expect(readFileSync(join(dir, 'tree.md'), 'utf8')).toContain('## Scenarios reached');
    // coverage reads the tree as the observed side, told by its schema id
    const coverage = await runCli(
      ['coverage', 'specs', '--results', join(dir, 'tree.json'), '--json', join(dir, 'coverage.json')],
      { timeoutMs: 60_000 },
    );
    expect(coverage.stderr).toBe('');
    expect(coverage.code).toBe(0);
    const report = JSON.stringify(JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')));
    expect(report).toContain('tree.json');
    expect(coverage.stdout).toMatch(/Product C .*1× /);
    expect(readFileSync(join(dir, 'tree.html'), 'utf8')).toContain('<h2>Dead ends');

    const files = readDir(out);
    expect(Object.keys(files)).toContain('products.yaml');
    expect(files['products.yaml']).toMatch(
      /# explore: open › "Products" › "Product A" › "How much is it\?" → state s\d+/,
    );
    const ran = await runCli(['run', out, '--json', join(dir, 'results.json')], { timeoutMs: 60_000 });
    expect(ran.stdout).toMatch(/\d+ passed, 0 failed, 0 errors/);
    expect(ran.code).toBe(0);
    // every step carries a pinned expectation: the suite checks what the crawl saw
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      dialogues: Array<{ steps: Array<{ expect: Record<string, unknown> }> }>;
    };
    const steps = results.dialogues.flatMap((d) => d.steps);
    expect(steps.length).toBeGreaterThan(10);
    for (const step of steps) expect(Object.keys(step.expect)).toContain('scenarioName');
  }, 120_000);

  it('adds nothing on a second run over an unchanged bot, and only the new paths after the suite lost some', async () => {
    const dir = tempProject();
    const out = join(dir, 'suite');
    const first = await runCli(['explore', '--out', out], { timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    const before = readDir(out);
    const second = await runCli(['explore', '--out', out], { timeoutMs: 60_000 });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No new paths');
    expect(readDir(out)).toEqual(before);

    // a file written before, minus its last dialogue: only that one comes back, appended, the rest untouched
    const products = before['products.yaml']!;
    const cut = products.lastIndexOf('  # explore:');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(out, 'products.yaml'), products.slice(0, cut));
    const third = await runCli(['explore', '--out', out], { timeoutMs: 60_000 });
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/Added to .*products\.yaml: 1 dialogue\n/);
    expect(readDir(out)).toEqual(before);
  }, 120_000);

  it('stops at --depth and at --max-dialogues, and says so', async () => {
    const dir = tempProject();
    const shallow = await runCli(['explore', '--out', join(dir, 'a'), '--depth', '1', '--json', join(dir, 'a.json')], {
      timeoutMs: 60_000,
    });
    expect(shallow.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as ExploreTree;
    expect(Math.max(...a.edges.map((e) => e.path.filter((s) => s.kind === 'click').length))).toBe(1);
    expect(a.complete).toBe(false);
    expect(a.states.some((s) => s.depthLimited)).toBe(true);
    expect(shallow.stdout).toContain('--depth 1 reached');

    const few = await runCli(
      ['explore', '--out', join(dir, 'b.yaml'), '--max-dialogues', '3', '--json', join(dir, 'b.json')],
      { timeoutMs: 60_000 },
    );
    expect(few.code).toBe(0);
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as ExploreTree;
    expect(b.dialogues).toBe(3);
    expect(b.edges.some((e) => e.outcome === 'not-run' && e.reason === '--max-dialogues 3 reached')).toBe(true);
    // one file with --out file.yaml
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toMatch(/^suite: Explore$/m);
  }, 120_000);

  it('terminates on a bot whose buttons lead in a circle, and marks the loop', async () => {
    const dir = tempProject({ 'loop.yaml': LOOP_BOT });
    const run = await runCli(
      [
        'explore',
        '--mock',
        join(dir, 'loop.yaml'),
        '--out',
        join(dir, 'suite'),
        '--depth',
        '50',
        '--json',
        join(dir, 'tree.json'),
      ],
      { cwd: dir, timeoutMs: 60_000 },
    );
    expect(run.code).toBe(0);
    const tree = JSON.parse(readFileSync(join(dir, 'tree.json'), 'utf8')) as ExploreTree;
    expect(tree.complete).toBe(true);
    expect(tree.states.map((s) => s.scenarioName)).toEqual([null, 'Room', 'Hall']);
    expect(tree.edges.filter((e) => e.outcome === 'known' && e.loop).length).toBeGreaterThan(0);
    expect(run.stdout).toContain('Loops (');
    const ran = await runCli(['run', join(dir, 'suite'), '--mock', join(dir, 'loop.yaml')], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(ran.code).toBe(0);
  }, 120_000);

  it('exits 2 on a bad flag and 4 when the tree cannot be written', async () => {
    const dir = tempProject({ file: 'not a folder' });
    const bad = await runCli(['explore', '--out', join(dir, 'suite'), '--depth', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--depth must be a whole number');
    const unwritable = await runCli(
      ['explore', '--out', join(dir, 'suite'), '--max-dialogues', '2', '--json', join(dir, 'file', 'tree.json')],
      { timeoutMs: 60_000 },
    );
    expect(unwritable.code).toBe(4);
    expect(unwritable.stderr).toContain('tree.json');
  }, 120_000);
});
