/** Turns built by hand, for tests of what reads a Turn (reporters, coverage, explore). */
import type { Turn } from '../../src/protocol/turn.js';

/** A sent step's reply with every fact empty, except those given. */
export function blankTurn(over: Partial<Turn> = {}): Turn {
  return {
    event: 'send',
    status: 200,
    scenarioName: null,
    chatTypes: [],
    text: '',
    bubbles: [],
    buttons: [],
    quickButtons: [],
    persistentMenu: [],
    entities: [],
    keywords: [],
    information: {},
    score: null,
    sessionId: null,
    latencyMs: 1,
    raw: null,
    ...over,
  };
}

/** The Shop bot's "Products" reply: one text bubble, scenario Products. */
export function turn(over: Partial<Turn> = {}): Turn {
  return blankTurn({
    scenarioName: 'Products',
    chatTypes: ['TEXT'],
    text: 'We have three products.',
    bubbles: [{ type: 'text', description: 'We have three products.' }],
    information: { chatType: ['TEXT'] },
    score: 1,
    latencyMs: 12,
    raw: { version: 'v2' },
    ...over,
  });
}
