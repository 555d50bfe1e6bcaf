import { describe, expect, it } from 'vitest';
import { matchExpectations } from '../../src/match/expectations.js';
import { matchAny, matchText } from '../../src/match/text-matcher.js';
import { normalizeReply } from '../../src/protocol/reply.js';
import { toTextMatcher } from '../../src/dialogues/matcher-syntax.js';
import type { Expectations } from '../../src/dialogues/types.js';
import { seedReply } from '../helpers/fixtures.js';

const m = toTextMatcher;

describe('text matchers', () => {
  it.each([
    ['Products', 'Products', true],
    ['Products', 'Products!', false],
    ['/Product [BC]/', 'Product B', true],
    ['/^product/i', 'Product A', true],
    [{ contains: 'products' }, 'our products are', true],
    [{ regex: 'a+b' }, 'xaab', true],
    [{ not: 'Products' }, 'Store', true],
    [{ not: 'Products' }, 'Products', false],
    [{ anyOf: ['A', '/B/'] }, 'xBx', true],
    [{ anyOf: ['A', '/B/'] }, 'C', false],
    [42, '42', true],
  ] as const)('%j on %j → %s', (matcher, text, holds) => {
    expect(matchText(m(matcher), text)).toBe(holds);
  });

  it('treats a top-level not over several values as "none matches"', () => {
    expect(matchAny(m({ not: 'NOANSWER' }), ['TEXT', 'NOANSWER'])).toBe(false);
    expect(matchAny(m({ not: 'NOANSWER' }), ['TEXT'])).toBe(true);
    expect(matchAny(m({ not: 'NOANSWER' }), [])).toBe(true);
  });
});

describe('matchExpectations', () => {
  const formTurn = normalizeReply(seedReply('003-send-form-v1-choice'), { status: 200, latencyMs: 80, event: 'send' });

  it('passes when every expectation holds', () => {
    const expect_: Expectations = {
      scenarioName: m('Conversation Name'),
      chatType: m('SINGLEFORM'),
      description: m({ contains: 'Answer' }),
      buttons: [m('Button Name')],
      information: { formStart: m('true'), matchingType: m('exactMatch') },
      score: { gte: 0.9 },
      latencyMs: { lt: 1000 },
      components: [m('template')],
    };
    expect(matchExpectations(expect_, formTurn)).toEqual([]);
  });

  it('reports every mismatch with expected and actual, not only the first', () => {
    const mismatches = matchExpectations(
      {
        scenarioName: m('Products'),
        chatType: m('MULTILINKS'),
        buttons: [m('Button Name'), m('/Product [BC]/'), m({ not: 'Button Name' })],
        information: { domainCode: m('shop') },
        score: { lt: 0.5 },
      },
      formTurn,
    );
    expect(mismatches.map((x) => [x.field, x.expected, x.actual])).toEqual([
      ['scenarioName', '"Products"', 'Conversation Name'],
      ['chatType', '"MULTILINKS"', ['SINGLEFORM']],
      ['buttons', 'a button matching /Product [BC]/', ['Button Name']],
      ['buttons', 'no button matching "Button Name"', ['Button Name']],
      ['information.domainCode', '"shop"', ['Domain Code']],
      ['score', '< 0.5', 1],
    ]);
  });

  it('keeps where each expectation was written', () => {
    const pos = { file: 's.yaml', line: 9, column: 11 };
    const [mismatch] = matchExpectations({ scenarioName: m('X') }, formTurn, { scenarioName: pos });
    expect(mismatch!.pos).toEqual(pos);
  });

  it('reads a missing scenario as none, so a negative expectation holds on a welcome reply', () => {
    const welcome = normalizeReply(seedReply('002-open-welcome'), { status: 200, latencyMs: 1, event: 'open' });
    expect(matchExpectations({ scenarioName: m({ not: 'Products' }) }, welcome)).toEqual([]);
    expect(matchExpectations({ scenarioName: m('Products') }, welcome)[0]!.actual).toBeNull();
    expect(
      matchExpectations(
        { persistentMenu: [m('PersistentMenu1')], information: { defaultMsgType: m('welcomeMsg') } },
        welcome,
      ),
    ).toEqual([]);
  });
});
