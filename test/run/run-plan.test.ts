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

  it('share one matcher for equal expectations, and keep each entry what its steps expect', async () => {
    const expecting = (name: string, scenario: string) =>
      `  - name: ${name}\n    steps:\n      - send: hi\n        expect: { scenarioName: ${scenario}, chatType: TEXT }\n`;
    const dir = tempProject({
      'a.yaml':
        'suite: A\ndialogues:\n' +
        expecting('equals1', 'Products') +
        expecting('equals2', 'Products') +
        expecting('contains', '{ contains: Products }') +
        expecting('regex1', '/Prod/i') +
        expecting('regex2', '/Prod/i') +
        expecting('regex3', '/Prod/'),
      'b.yaml': 'suite: B\ndialogues:\n' + expecting('other', 'Store hours') + expecting('equals3', 'Products'),
    });
    const plan = await buildRunPlan([dir], dir);
    const byName = new Map(plan.planned.map((d) => [d.name, d]));
    const matcher = (name: string, k = 0) => byName.get(name)!.expects![k]!.matcher;
    expect(matcher('equals1')).toEqual({ op: 'equals', value: 'Products' });
    expect(matcher('contains')).toEqual({ op: 'contains', value: 'Products' });
    expect(matcher('regex1')).toEqual({ op: 'regex', pattern: 'Prod', flags: 'i' });
    expect(matcher('regex3')).toEqual({ op: 'regex', pattern: 'Prod', flags: '' });
    expect(matcher('other')).toEqual({ op: 'equals', value: 'Store hours' });
    expect(byName.get('equals3')!.expects!.map((e) => [e.field, e.line, e.column])).toEqual([
      ['scenarioName', 10, 19],
      ['chatType', 10, 43],
    ]);
    expect(matcher('equals2')).toBe(matcher('equals1'));
    expect(matcher('equals3')).toBe(matcher('equals1'));
    expect(matcher('regex2')).toBe(matcher('regex1'));
    expect(matcher('other', 1)).toBe(matcher('equals1', 1));
    expect(matcher('contains')).not.toBe(matcher('equals1'));
    expect(matcher('regex3')).not.toBe(matcher('regex1'));
    expect(matcher('other')).not.toBe(matcher('equals1'));
    plan.dispose();

    const bare = await buildRunPlan([dir], dir, {}, { expectations: false });
    expect(bare.planned.map((d) => d.expects)).toEqual(Array(8).fill(undefined));
    bare.dispose();
  });
});
