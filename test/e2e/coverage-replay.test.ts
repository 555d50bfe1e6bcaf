/**
 * Coverage sections come from the run's event stream alone: `report` rebuilds them from the plan
 * saved in the results file, not from the spec files as they are now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';

const BOT =
  'scenarios:\n  - name: Greeting\n    utterances: [hi]\n    answer: Hello.\n  - name: Products\n    utterances: [products]\n    answer: We have three.\n';
const spec = (send: string, scenario: string) =>
  `dialogues:\n  - name: greet\n    steps:\n      - send: ${send}\n        expect: { scenarioName: ${scenario} }\n`;

describe('coverage replayed by report', () => {
  it('shows the expectations of the run, even after the spec changed', async () => {
    const dir = tempProject({ 'bot.yaml': BOT, 'specs/s.yaml': spec('hi', 'Greeting') });
    const run = await runCli(['run', '-q', '--mock', 'bot.yaml', '--json', 'r.json', 'specs'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);
    // the spec now expects another scenario: the saved run did not
    writeFileSync(join(dir, 'specs/s.yaml'), spec('products', 'Products'));
    const replay = await runCli(
      ['report', 'r.json', '--markdown', 'again.md', '--html', 'again.html', '--scenarios', 'bot.yaml'],
      { cwd: dir },
    );
    expect(replay.code).toBe(0);
    const md = readFileSync(join(dir, 'again.md'), 'utf8');
    expect(md).toContain('| Greeting | 1 | 1 | ✅ covered |');
    expect(md).toContain('| **Products** | 0 | 0 | 🟨 **untested** |');
    const html = readFileSync(join(dir, 'again.html'), 'utf8');
    expect(html).toContain('<td>Greeting</td><td>1</td><td>1</td>');
    expect(html).toContain('<td>Products</td><td>0</td><td>0</td><td class="t-dim">untested</td>');
  }, 90_000);

  it('says the expectations are unknown for a results file that does not record them', async () => {
    const dir = tempProject({ 'bot.yaml': BOT, 'specs/s.yaml': spec('hi', 'Greeting') });
    const run = await runCli(['run', '-q', '--mock', 'bot.yaml', '--json', 'r.json', 'specs'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);
    // as an older clova-regress wrote it: planned dialogues without `expects`
    const text = readFileSync(join(dir, 'r.json'), 'utf8');
    const old = text.replace(/,"expects":\[[^\]]*\]/g, '');
    expect(old).not.toBe(text);
    writeFileSync(join(dir, 'old.json'), old);
    const replay = await runCli(['report', 'old.json', '--markdown', 'again.md', '--scenarios', 'bot.yaml'], {
      cwd: dir,
    });
    expect(replay.code).toBe(0);
    const md = readFileSync(join(dir, 'again.md'), 'utf8');
    expect(md).toContain('### Scenario coverage');
    expect(md).toContain('does not record what its 1 planned dialogue(s) expect');
    expect(md).not.toContain('| Greeting |');
  }, 90_000);
});
