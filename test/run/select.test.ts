import { describe, expect, it } from 'vitest';
import { explainEmptySelection, fullTitle, selectDialogues, SelectionError } from '../../src/run/select.js';

const items = [
  { id: 'Shop › greets on open', file: 'specs/shop.yaml', tags: ['smoke'], steps: 1 },
  { id: 'Shop › orders a coffee', file: 'specs/shop.yaml', tags: ['order', 'slow'], steps: 4 },
  { id: 'Menu › serves the menu', file: 'specs/menu.yaml', tags: ['smoke', 'slow'], steps: 1 },
  { id: 'Menu › no tags', file: 'specs/menu.yaml', tags: [], steps: 2 },
];
const picked = (selection: Parameters<typeof selectDialogues>[1]) =>
  items.filter((_, i) => selectDialogues(items, selection).selected[i]).map((d) => d.id);

describe('selection', () => {
  it('greps the full title case-insensitively, or with the flags of a /re/', () => {
    expect(picked({ grep: 'ORDERS' })).toEqual(['Shop › orders a coffee']);
    expect(picked({ grep: '/ORDERS/' })).toEqual([]);
    expect(picked({ grep: 'menu\\.yaml' })).toEqual(['Menu › serves the menu', 'Menu › no tags']);
    expect(picked({ grep: '@slow' })).toHaveLength(2);
    expect(picked({ grepInvert: 'menu' })).toEqual(['Shop › greets on open', 'Shop › orders a coffee']);
    expect(fullTitle(items[0]!)).toBe('specs/shop.yaml › Shop › greets on open @smoke');
  });

  it('keeps any of the --tag tags and drops every !tag', () => {
    expect(picked({ tags: ['smoke'] })).toEqual(['Shop › greets on open', 'Menu › serves the menu']);
    expect(picked({ tags: ['smoke', 'order'] })).toHaveLength(3);
    expect(picked({ tags: ['smoke', '!slow'] })).toEqual(['Shop › greets on open']);
    expect(picked({ tags: ['!slow'] })).toEqual(['Shop › greets on open', 'Menu › no tags']);
  });

  it('runs only the ids of the last run with --last-failed', () => {
    expect(picked({ only: new Set(['Menu › no tags', 'Gone › dialogue']) })).toEqual(['Menu › no tags']);
  });

  it('rejects a bad pattern or an empty tag with a message, not a stack', () => {
    expect(() => picked({ grep: '(' })).toThrow(SelectionError);
    expect(() => picked({ grep: '(' })).toThrow(/--grep "\(" is not a valid regular expression/);
    expect(() => picked({ tags: ['!'] })).toThrow(/names no tag/);
  });

  it('explains an empty selection: the tags in use when a --tag matches none', () => {
    expect(explainEmptySelection(items, { tags: ['smok'] })).toBe(
      'no dialogue is tagged `smok` (tags in use: order, slow, smoke)',
    );
    expect(explainEmptySelection(items, { grep: 'nothing' })).toBe(
      'none of the 4 dialogues found matches --grep nothing',
    );
  });
});
