/**
 * xmlSafe returns most texts as they are after one quick look: texts with ANSI sequences,
 * forbidden controls or lone surrogates must still come out cleaned, paired surrogates kept.
 */
import { describe, expect, it } from 'vitest';
import { xmlSafe } from '../../src/render/text.js';

describe('xmlSafe', () => {
  it.each([
    [
      'plain text, Korean and Japanese',
      'Hello 안녕하세요 いらっしゃいませ\n\ttab',
      'Hello 안녕하세요 いらっしゃいませ\n\ttab',
    ],
    ['an emoji (a surrogate pair) kept', 'coffee ☕ 😀', 'coffee ☕ 😀'],
    ['ANSI colours removed', '\u001b[31mred\u001b[0m', 'red'],
    ['a C0 control spelled out', 'a\u0001b\u000bc', 'a\\u0001b\\u000bc'],
    ['a lone high surrogate spelled out', 'x\ud800y', 'x\\ud800y'],
    ['a lone low surrogate spelled out', 'x\udc00y', 'x\\udc00y'],
    ['U+FFFE and U+FFFF spelled out', '\ufffe\uffff', '\\ufffe\\uffff'],
    ['a pair beside a lone one', '😀\ud83d', '😀\\ud83d'],
  ])('%s', (_, text, safe) => {
    expect(xmlSafe(text)).toBe(safe);
  });
});
