/**
 * Record mode through the built CLI against the built-in mock bot: a commented spec gets the
 * observed values and stays byte for byte otherwise; --missing-only keeps what is written;
 * --dry-run writes nothing; `run --update` rewrites only what failed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SHOP_BOT } from '../helpers/shop-bot.js';
import { tempProject } from '../helpers/temp.js';

const BOT = SHOP_BOT;

const SPEC = `# Shop: recorded from the bot, then edited by hand
suite: Shop  # the suite

dialogues:
  # the greeting
  - name: greets
    steps:
      - open:   # no text

  - name: store hours
    steps:
      - send: store hours
        expect:
          scenarioName: Wrong   # stale
          description: { contains: open }   # holds: kept
      - send: 'products'
`;

const RECORDED = `# Shop: recorded from the bot, then edited by hand
suite: Shop  # the suite

dialogues:
  # the greeting
  - name: greets
    steps:
      - open:   # no text
        expect:
          scenarioName: { not: /./ }
          chatType: TEXT
          description: Hello! Ask any questions to the chatbot.

  - name: store hours
    steps:
      - send: store hours
        expect:
          scenarioName: Store hours   # stale
          description: { contains: open }   # holds: kept
          chatType: TEXT
      - send: 'products'
        expect:
          scenarioName: Products
          chatType: MULTILINKS
          description: We have three products.
          buttons: [Product A, Product B]
`;

const spec = (dir: string) => readFileSync(join(dir, 'specs/shop.yaml'), 'utf8');

describe('clova-regress record', () => {
  it('writes what the bot answered into each step, every other byte kept, and the spec then passes', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    const result = await runCli(['record', 'specs/shop.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Recorded specs/shop.yaml: 9 values in 3 steps');
    expect(spec(dir)).toBe(RECORDED);
    const rerun = await runCli(['run', '--no-progress'], { cwd: dir });
    expect(rerun.code).toBe(0);
    // recording again changes nothing
    await runCli(['record', 'specs'], { cwd: dir });
    expect(spec(dir)).toBe(RECORDED);
  });

  it('with --missing-only adds the keys a step lacks and keeps a wrong value as written', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    expect((await runCli(['record', 'specs/shop.yaml', '--missing-only'], { cwd: dir })).code).toBe(0);
    expect(spec(dir)).toBe(RECORDED.replace('scenarioName: Store hours   # stale', 'scenarioName: Wrong   # stale'));
  });

  it('with --dry-run prints the change as a diff and leaves the file alone', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    const result = await runCli(['record', 'specs/shop.yaml', '--dry-run'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(spec(dir)).toBe(SPEC);
    expect(result.stdout).toContain('Would have recorded specs/shop.yaml: 9 values in 3 steps');
    expect(result.stdout).toContain(
      '-          scenarioName: Wrong   # stale\n+          scenarioName: Store hours   # stale',
    );
  });

  it('refuses a broken spec with its position, and writes nothing', async () => {
    const dir = tempProject({
      'specs/bot.yaml': BOT,
      'specs/shop.yaml': SPEC.replace('scenarioName: Wrong', 'scenarioNmae: Wrong'),
    });
    const result = await runCli(['record', 'specs/shop.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--> specs/shop.yaml:14:11');
    expect(spec(dir)).toBe(SPEC.replace('scenarioName: Wrong', 'scenarioNmae: Wrong'));
  });

  it('checks the bot flags as run does, and writes nothing when one is wrong', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SPEC });
    for (const [flag, value, message] of [
      ['-j', '0', '--concurrency must be a whole number ≥ 1'],
      ['--timeout', '0', '--timeout must be a whole number of milliseconds ≥ 1'],
      ['--request-retries', '-1', '--request-retries must be a whole number ≥ 0'],
    ]) {
      const result = await runCli(['record', 'specs/shop.yaml', flag!, value!], { cwd: dir });
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(spec(dir)).toBe(SPEC);
  });
});

describe('clova-regress run --update', () => {
  const WRONG = `suite: Shop
dialogues:
  - name: store hours
    steps:
      - send: store hours
        expect:
          scenarioName: Store hours        # right: kept
          description: /closed/            # wrong: updated
          score: { gt: 5 }                 # wrong: fixed by hand
  - name: products
    steps:
      - send: products
        expect:
          buttons: [Product A, Product C]  # wrong: updated
          chatType: MULTILINKS
`;

  it('rewrites the failed expectations only, says what it could not, and still reports the failure', async () => {
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': WRONG });
    const result = await runCli(['run', '--no-progress', '--update'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(spec(dir)).toBe(
      WRONG.replace(
        'description: /closed/            #',
        'description: We are open every day from 10:00 to 20:00.            #',
      ).replace('buttons: [Product A, Product C]  #', 'buttons: [Product A, Product B]  #'),
    );
    expect(result.stdout).toContain('Updated specs/shop.yaml: 2 values in 2 steps');
    expect(result.stdout).toMatch(
      /Not written \(1\):\n {2}specs\/shop\.yaml:5:9 Shop › store hours, step 1: send "store hours"\n {4}score cannot be updated automatically: fix it by hand/,
    );
  });

  it('rewrites a failed json: entry with the value its path selects now, and a failed intents list', async () => {
    const PINNED = `dialogues:
  - name: store hours
    steps:
      - send: store hours
        expect:
          json:
            "$.scenario.name": Opening times   # wrong: updated
            "$.version": v2                    # right: kept
          intents: [hours]                     # wrong: the mock sends none
          bubbles: [{ type: image }]           # wrong: fixed by hand
`;
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': PINNED });
    const result = await runCli(['run', '--no-progress', '--update'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(spec(dir)).toBe(
      PINNED.replace('"$.scenario.name": Opening times   #', '"$.scenario.name": Store hours   #').replace(
        'intents: [hours]                     #',
        'intents: [{ not: /./ }]                     #',
      ),
    );
    expect(result.stdout).toMatch(/bubbles\[0\]\.type cannot be updated automatically: fix it by hand/);
  });

  it("keeps a matcher's kind and the list items that still hold, and says what got looser or stricter", async () => {
    const KINDS = `dialogues:
  - name: store hours
    steps:
      - send: store hours
        expect:
          description: { contains: "open at 9" }   # wrong: stays a contains
          scenarioName: /^Hours$/                  # wrong: a regex cannot be rewritten as one
  - name: products
    steps:
      - send: products
        expect:
          buttons:
            - { contains: "Product A" }   # holds: kept as written
            - Product Z                   # wrong: replaced by the closest button left
            - Product Y                   # wrong: no button left, removed
`;
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': KINDS });
    const result = await runCli(['run', '--no-progress', '--update'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(spec(dir)).toBe(
      KINDS.replace('{ contains: "open at 9" }   #', '{ contains: We are open every day from 10:00 to 20:00. }   #')
        .replace('scenarioName: /^Hours$/                  #', 'scenarioName: Store hours                  #')
        .replace(
          '            - Product Z                   # wrong: replaced by the closest button left\n            - Product Y                   # wrong: no button left, removed\n',
          '            - Product B                   # wrong: replaced by the closest button left\n',
        ),
    );
    // what changed is printed, the diff included, with the matchers that now pin more or less
    expect(result.stdout).toContain('+          description: { contains: We are open every day from 10:00 to 20:00. }');
    expect(result.stdout).toMatch(/Matchers rewritten:\n/);
    expect(result.stdout).toContain(
      'specs/shop.yaml:4:9 description: contains "open at 9" → contains "We are open every day from 10:00 to 20:00."\n',
    );
    expect(result.stdout).toContain('specs/shop.yaml:4:9 scenarioName: /^Hours$/ → "Store hours" (tightened)\n');
    expect(result.stdout).toContain('specs/shop.yaml:10:9 buttons[1]: "Product Z" → "Product B"\n');
    expect(result.stdout).toContain(
      'specs/shop.yaml:10:9 buttons[2]: "Product Y" → (removed: no value left to match) (loosened)\n',
    );
    // and the rewritten spec passes
    const again = await runCli(['run', '--no-progress'], { cwd: dir });
    expect(again.stdout).toMatch(/^2 passed, 0 failed/m);
  });
});
