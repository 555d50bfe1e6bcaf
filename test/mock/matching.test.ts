/** The mock's NLU: normalization, similarity, entities and keywords, as bot authors rely on them. */
import { describe, expect, it } from 'vitest';
import { MockChatbot } from '../../src/mock/chatbot.js';
import { EntityRecognizer, expandUtterance, findKeywords, compileKeywords } from '../../src/mock/recognition.js';
import { bigrams, formatScore, normalizeUtterance, similarity } from '../../src/mock/utterance-match.js';
import type { EntityDef } from '../../src/mock/definition.js';
import { botFromYaml } from './helpers.js';

describe('normalizeUtterance', () => {
  it.each([
    ['Store hours?', 'store hours'],
    ['  STORE   hours!! ', 'store hours'],
    ['営業時間は？', '営業時間は'],
    ['ＡＢＣ　１２３', 'abc 123'],
    ['👍', '👍'],
    ['?!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeUtterance(input)).toBe(expected);
  });
});

describe('similarity', () => {
  const sim = (a: string, b: string) => similarity(bigrams(normalizeUtterance(a)), bigrams(normalizeUtterance(b)));

  it('is 1 for the same text, 0 for nothing shared, symmetric', () => {
    expect(sim('store hours', 'Store hours?')).toBe(1);
    expect(sim('store hours', 'xyz')).toBe(0);
    expect(sim('what are your store hours', 'store hours')).toBe(sim('store hours', 'what are your store hours'));
  });

  it('ranks a typo and a longer phrasing above an unrelated sentence', () => {
    expect(sim('stor hours', 'store hours')).toBeGreaterThan(0.6);
    expect(sim('영업시간이 어떻게 되나요', '영업시간')).toBeGreaterThan(0.6);
    expect(sim('tell me a joke', 'store hours')).toBeLessThan(0.3);
  });

  it('formats scores as the service does', () => {
    expect(formatScore({ score: 1, exact: true })).toBe('1.0');
    expect(formatScore({ score: 0.8765, exact: false })).toBe('0.87');
    expect(formatScore({ score: 1, exact: false })).toBe('0.99');
  });
});

describe('entities', () => {
  const size: EntityDef = {
    name: 'size',
    values: [
      { value: 'S', synonyms: ['small'] },
      { value: 'L', synonyms: ['large', 'extra large', '라지'] },
    ],
  };
  const recognizer = new EntityRecognizer([size]);
  const wanted = new Set(['size']);

  it('match Latin words whole, CJK text anywhere, the longest synonym first', () => {
    expect(recognizer.recognize(normalizeUtterance('store hours'), wanted)).toEqual([]);
    expect(recognizer.recognize(normalizeUtterance('a small one'), wanted)).toEqual([{ entity: 'size', value: 'S' }]);
    expect(recognizer.recognize(normalizeUtterance('라지로 주세요'), wanted)).toEqual([{ entity: 'size', value: 'L' }]);
    expect(recognizer.recognize(normalizeUtterance('Extra large, please'), wanted)).toEqual([
      { entity: 'size', value: 'L' },
    ]);
    expect(recognizer.recognize(normalizeUtterance('small'), new Set())).toEqual([]);
  });

  it('expand @entity in utterances into every value and synonym', () => {
    expect(expandUtterance('size @size please', new Map([['size', size]]))).toEqual([
      'size S please',
      'size small please',
      'size L please',
      'size large please',
      'size extra large please',
      'size 라지 please',
    ]);
  });

  it('keywords are exact or contained', () => {
    const keywords = compileKeywords([{ keyword: 'Hours', group: 'Store' }]);
    expect(findKeywords('hours', keywords)).toEqual([{ keyword: 'Hours', group: 'Store', type: 'exactMatch' }]);
    expect(findKeywords('store hours', keywords)).toEqual([{ keyword: 'Hours', group: 'Store', type: 'contain' }]);
    expect(findKeywords('store', keywords)).toEqual([]);
  });
});

describe('matching in a bot', () => {
  const chatbot = new MockChatbot(
    botFromYaml(`
matching: { threshold: 0.9 }
scenarios:
  - { name: Thumbs, utterances: ["👍"], answer: { noAnswer: true } }
  - { name: Hours, utterances: [store hours], answer: open }
`),
  );
  const ask = (text: string) =>
    chatbot.respond({ event: 'send', userId: 'u', timestamp: 1, text }, { context: null, slots: null }, 1);

  it('an emoji is an utterance; punctuation alone matches nothing', () => {
    expect(ask('👍').scenarioName).toBe('Thumbs');
    expect(ask('?').scenarioName).toBeNull();
  });

  it('honours the threshold', () => {
    expect(ask('store hour').scenarioName).toBe('Hours');
    expect(ask('what are your store hours').scenarioName).toBeNull();
  });

  it('refuses an utterance that is only punctuation', () => {
    expect(() => botFromYaml('scenarios: [{ name: A, utterances: ["?!"], answer: a }]')).toThrow(/only punctuation/);
  });
});
