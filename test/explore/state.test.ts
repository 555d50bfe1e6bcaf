/** What explore counts as one state, what it presses and what it only records; which paths a suite already walks. */
import { describe, expect, it } from 'vitest';
import { clickables, stateKey } from '../../src/explore/state.js';
import { coveredPaths, leafWalks, slug } from '../../src/explore/spec-writer.js';
import type { Button, Turn } from '../../src/protocol/turn.js';
import type { Dialogue } from '../../src/dialogues/types.js';
import { blankTurn } from '../helpers/turn.js';

const button = (title: string, action: Button['action']): Button => ({
  title,
  source: 'quick',
  ...(action ? { action } : {}),
});
const turn = (over: Partial<Turn>): Turn => blankTurn({ scenarioName: 'S', chatTypes: ['TEXT'], text: 'hi', ...over });

describe('stateKey', () => {
  it('is the same for replies alike in scenario, text and buttons, whatever else differs', () => {
    const a = turn({ buttons: [button('A', { type: 'postback', postback: 'a' })], latencyMs: 5, sessionId: 'x' });
    const b = turn({ buttons: [button('A', { type: 'postback', postback: 'a' })], latencyMs: 90, sessionId: 'y' });
    expect(stateKey(a)).toBe(stateKey(b));
  });
  it('differs when the scenario, the text or what a button sends differs', () => {
    const base = turn({ buttons: [button('A', { type: 'postback', postback: 'a' })] });
    expect(stateKey(turn({ ...base, scenarioName: 'T' }))).not.toBe(stateKey(base));
    expect(stateKey(turn({ ...base, text: 'other' }))).not.toBe(stateKey(base));
    expect(stateKey(turn({ ...base, buttons: [button('A', { type: 'postback', postback: 'b' })] }))).not.toBe(
      stateKey(base),
    );
  });
});

describe('clickables', () => {
  it('presses postbacks and utterances once per title; records links, phones and buttons that send nothing', () => {
    const found = clickables([
      button('Go', { type: 'postback', postback: 'go', postbackFull: '_T_Go' }),
      button('Go', { type: 'postback', postback: 'go again' }),
      button('Menu item', { type: 'utterance', text: 'hello' }),
      button('Site', { type: 'link', url: 'https://example.com' }),
      button('Call', { type: 'phone', number: '400-1111' }),
      button('Plain', undefined),
    ]);
    expect(found.pressable).toEqual(['Go', 'Menu item']);
    expect(found.recorded).toEqual([
      { title: 'Site', kind: 'link', target: 'https://example.com' },
      { title: 'Call', kind: 'phone', target: '400-1111' },
      { title: 'Plain', kind: 'inert' },
    ]);
  });
});

describe('covered paths', () => {
  const pos = { file: 'a.yaml', line: 1, column: 1 };
  const dialogue = (steps: Dialogue['steps'][number]['action'][]): Dialogue => ({
    suite: 's',
    file: 'a.yaml',
    name: 'd',
    tags: [],
    pos,
    steps: steps.map((action, i) => ({ index: i + 1, action, expect: {}, expectPos: {}, pos })),
  });
  it('counts a written dialogue and each of its prefixes as walked, up to a step explore would not write', () => {
    const covered = coveredPaths([
      dialogue([
        { kind: 'open' },
        { kind: 'click', button: { op: 'equals', value: 'A' } },
        { kind: 'click', button: { op: 'contains', value: 'B' } },
      ]),
    ]);
    expect(covered).toEqual(new Set(['[["open"]]', '[["open"],["click","A"]]']));
  });
  it('writes only paths no other path extends', () => {
    const walk = (...titles: string[]) => ({
      path: [{ kind: 'open' as const }, ...titles.map((title) => ({ kind: 'click' as const, title }))],
      turns: [],
      state: 's',
    });
    expect(leafWalks([walk(), walk('A'), walk('A', 'B'), walk('C')]).map((w) => w.path.length)).toEqual([3, 2]);
  });
  it('names files from the branch, any script kept', () => {
    expect(slug('Order a coffee!')).toBe('order-a-coffee');
    expect(slug('상품 목록')).toBe('상품-목록');
    expect(slug('!!!')).toBe('branch');
  });
});
