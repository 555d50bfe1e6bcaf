/**
 * What a plan holds for each dialogue (src/run/run-plan.ts): entries are parsed back from JSON
 * when loading ends, and the dialogues of a spec repeat its tags, so equal tag lists are kept once
 * (at 100,000 dialogues a list each is megabytes), with every entry's own values unchanged.
 */
import { describe, expect, it } from 'vitest';
import { buildRunPlan } from '../../src/run/run-plan.js';
import { tempProject } from '../helpers/temp.js';

const dialogue = (name: string, tags?: string) =>
  `  - name: ${name}\n${tags ? `    tags: ${tags}\n` : ''}    steps:\n      - send: hi\n`;

describe('plan entries', () => {
  it('share one list for equal tags, one tag or several, and keep each entry its own tags', async () => {
    const dir = tempProject({
      'a.yaml':
        'suite: A\ndialogues:\n' +
        dialogue('a1', '[smoke]') +
        dialogue('a2', '[smoke]') +
        dialogue('a3', '[smoke, slow]') +
        dialogue('a4') +
        dialogue('a5', '["[\\"smoke\\"]"]') +
        dialogue('a6', '["smoke,slow"]'),
      'b.yaml': 'suite: B\ndialogues:\n' + dialogue('b1', '[smoke, slow]') + dialogue('b2') + dialogue('b3', '[slow]'),
    });
    const plan = await buildRunPlan([dir], dir);
    const byName = new Map(plan.planned.map((d) => [d.name, d]));
    const tags = (name: string) => byName.get(name)!.tags;
    expect(plan.planned.map((d) => [d.name, d.tags])).toEqual([
      ['a1', ['smoke']],
      ['a2', ['smoke']],
      ['a3', ['smoke', 'slow']],
      ['a4', []],
      ['a5', ['["smoke"]']],
      ['a6', ['smoke,slow']],
      ['b1', ['smoke', 'slow']],
      ['b2', []],
      ['b3', ['slow']],
    ]);
    expect(tags('a2')).toBe(tags('a1'));
    expect(tags('b1')).toBe(tags('a3'));
    expect(tags('b2')).toBe(tags('a4'));
    // a tag that spells a list is one tag, not that list
    expect(tags('a5')).not.toBe(tags('a1'));
    expect(tags('b3')).not.toBe(tags('a1'));
    expect(tags('a6')).not.toBe(tags('a3'));
    plan.dispose();
  });
});
