import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeReply, textWithinRawBounds } from '../../src/protocol/reply.js';
import type { Turn } from '../../src/protocol/turn.js';
import { seedReply, seedReplyNames } from '../helpers/fixtures.js';

const meta = { status: 200, latencyMs: 12, event: 'send' };

function turnOf(name: string): Turn {
  const reply = seedReply(name) as Record<string, unknown>;
  // the sticker example is a single bubble as printed in the docs
  const body = name.endsWith('-bubble') ? { bubbles: [reply], event: 'send' } : reply;
  return normalizeReply(body, meta);
}

const titles = (turn: Turn, key: 'buttons' | 'quickButtons' | 'persistentMenu' = 'buttons') =>
  turn[key].map((b) => b.title);

/** What a spec author would assert of each vendor example. Every example must be listed. */
const FACTS: Record<string, (t: Turn) => void> = {
  '001-text-plain': (t) => {
    expect(t.text).toBe('description, optional: only description');
    expect(t.bubbles.map((b) => b.type)).toEqual(['text']);
  },
  '001-text-full-postback': (t) => {
    expect(t.text).toBe('description, optional: full style, optional');
    expect(t.bubbles[0]).toMatchObject({
      type: 'text',
      title: 'title, optional',
      url: 'http://www.ncloud.com',
      urlAlias: 'urlAlias, optional',
    });
    // the text bubble's own postback action is a button titled by the bubble's title
    expect(t.buttons).toEqual([
      { title: 'title, optional', source: 'text', action: { type: 'postback', postback: 'Hello' } },
    ]);
    expect(t.bubbles[0]!.action).toEqual(t.buttons[0]);
  },
  '001-image-bottom': (t) => {
    expect(t.bubbles[0]).toMatchObject({ type: 'image', imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png' });
    expect(t.text).toBe('description, optional: imagePosition is bottom,only have description');
    expect(t.bubbles[0]!.imagePosition).toBe('bottom');
  },
  '001-image-top-link': (t) => {
    expect(t.bubbles[0]).toMatchObject({ type: 'image', title: 'title, optional', subTitle: 'subTitle, optional' });
    expect(t.bubbles[0]).toMatchObject({
      alt: 'alt, hover, optional',
      action: {
        title: 'title, optional',
        source: 'image',
        action: { type: 'link', url: 'http://www.ncloud.com', mobileUrl: 'http://m.ncloud.com' },
      },
    });
    expect(t.buttons.map((b) => b.source)).toEqual(['image']);
    expect(t.text).toBe('description, optional: imagePosition is top, full style');
  },
  '001-template-text-buttons': (t) => {
    expect(t.bubbles[0]).toMatchObject({ type: 'template', coverType: 'text' });
    expect(t.text).toBe('description, optional: text full style');
    expect(titles(t)).toEqual(['basic button, a link', 'basic button, a link']);
    expect(t.buttons[0]).toMatchObject({ source: 'template', action: { type: 'link', url: 'http://www.ncloud.com' } });
  },
  '001-template-image-buttons': (t) => {
    expect(t.bubbles[0]).toMatchObject({
      type: 'template',
      coverType: 'image',
      imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png',
    });
    expect(titles(t)).toHaveLength(2);
  },
  '001-template-image-list': (t) => {
    expect(t.text).toBe('description, optional: only text style');
    expect(t.bubbles[0]!.items).toHaveLength(4);
    expect(t.bubbles[0]!.items![0]).toMatchObject({
      title: 'title, optional',
      imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png',
      url: 'http://www.ncloud.com',
    });
    expect(t.buttons).toEqual([]);
  },
  '001-template-mini-buttons': (t) => {
    expect(titles(t)).toEqual(Array(5).fill('basic button, a link'));
  },
  '001-template-image-buttons-icons': (t) => {
    // two of the four image buttons have no title: they count, titled ""
    expect(titles(t)).toEqual(['action is link', '', '', 'action is link']);
    expect(t.buttons[0]!.iconUrl).toBe('https://ssl.pstatic.net/CloudFunctions.png');
    expect(t.text).toBe('description, optional: imagePosition is bottom, no title');
  },
  '001-carousel-images': (t) => {
    expect(t.bubbles[0]!.type).toBe('carousel');
    expect(t.bubbles[0]!.cards!.map((c) => c.type)).toEqual(['image', 'image']);
    expect(t.text.split('\n')).toEqual([
      'description, optional: imagePosition is top full style',
      'description, optional: imagePosition is top full style',
    ]);
  },
  '001-carousel-templates': (t) => {
    expect(t.bubbles[0]!.cards).toHaveLength(2);
    expect(t.buttons.every((b) => b.source === 'carousel')).toBe(true);
    expect(titles(t)).toHaveLength(4);
  },
  '001-flex': (t) => {
    expect(t.bubbles[0]).toMatchObject({ type: 'flex', title: 'this is a flex message', flexTexts: ['Brown Cafe'] });
    expect(t.text).toBe('Brown Cafe');
    expect(t.buttons).toEqual([
      { title: 'CALL', source: 'flex', action: { type: 'uri', url: 'https://linecorp.com' } },
    ]);
  },
  '001-quick-buttons': (t) => {
    expect(titles(t, 'quickButtons')).toEqual(['no icon', 'phone', 'pay']);
    expect(titles(t)).toEqual(['no icon', 'phone', 'pay']);
    expect(t.quickButtons[0]!.action).toEqual({ type: 'postback', postback: 'hello' });
    expect(t.quickButtons[1]!.action).toEqual({ type: 'phone', number: '400-1111-1111' });
    expect(t.quickButtons[2]!.iconUrl).toBe('https://ssl.pstatic.net/pay.png');
  },
  '001-menu-text-buttons': (t) => {
    expect(titles(t, 'persistentMenu')).toEqual(Array(3).fill('basic button, only title'));
    expect(t.buttons).toEqual([]);
  },
  '001-menu-image-buttons': (t) => {
    expect(titles(t, 'persistentMenu')).toEqual(['action is link', '', '']);
  },
  '001-menu-background': (t) => {
    expect(titles(t, 'persistentMenu')).toEqual(['', '', '', '']);
  },
  '002-open-welcome': (t) => {
    expect(t.event).toBe('open');
    expect(t.scenarioName).toBeNull();
    expect(t.chatTypes).toEqual(['TEXT']);
    expect(t.text).toBe('Hello.\nAsk any questions to the chatbot.');
    expect(t.information.defaultMsgType).toEqual(['welcomeMsg']);
    expect(t.information.welcomeMsgId).toEqual(['20727']);
    expect(t.persistentMenu).toEqual([
      {
        title: 'PersistentMenu1',
        source: 'menu',
        action: { type: 'utterance', postback: '_U_5560752', text: 'PersistentMenu1' },
      },
    ]);
  },
  '003-send-text': (t) => {
    expect(t.scenarioName).toBe('Conversation Name');
    expect(t.chatTypes).toEqual(['TEXT']);
    expect(t.text).toBe('Chatbot Answer');
    expect(t.score).toBe(1);
    expect(t.information.matchingType).toEqual(['exactMatch']);
    expect(t.information.domainCode).toEqual(['Domain Code']);
  },
  '003-send-image-carousel': (t) => {
    expect(t.scenarioName).toBe('Conversation Name');
    expect(t.bubbles[0]!.cards![0]).toMatchObject({ type: 'template', coverType: 'image' });
    // an untitled cover with a link: an untitled button, its link kept
    expect(t.buttons).toEqual([{ title: '', source: 'cover', action: { type: 'link', url: 'https://ncloud.com' } }]);
    expect(t.bubbles[0]!.cards![0]!.imagePosition).toBe('top');
    expect(t.text).toBe('');
    expect(t.chatTypes).toEqual([]);
  },
  '003-send-image-text-carousel': (t) => {
    // the chat type lives on the carousel card, not on the bubble
    expect(t.chatTypes).toEqual(['IMAGECARD']);
    expect(t.text).toBe('image description');
    expect(titles(t)).toEqual(['display button1 name', 'display button2 name']);
    expect(t.information.carousel).toEqual(['1']);
    expect(t.bubbles[0]!.cards![0]!.chatTypes).toEqual(['IMAGECARD']);
  },
  '003-send-multilinks': (t) => {
    expect(t.chatTypes).toEqual(['MULTILINKS']);
    expect(titles(t)).toEqual(['Button Name']);
  },
  '003-send-form-v1-choice': (t) => {
    expect(t.chatTypes).toEqual(['SINGLEFORM']);
    expect(t.information.formStart).toEqual(['true']);
    expect(t.buttons[0]!.action).toEqual({ type: 'postback', postback: 'Button Name', postbackFull: '_T_Button Name' });
  },
  '003-send-form-v2-choice': (t) => {
    expect(t.buttons[0]!.action).toEqual({
      type: 'postback',
      postback: 'UnexpiredForm\u241e47952\u241e0',
      displayText: 'Button Name',
      postbackFull: '_T_UnexpiredForm\u241e47952\u241e0',
    });
  },
  '003-send-form-v1-quick': (t) => {
    expect(t.chatTypes).toEqual(['SINGLEFORM']);
    expect(titles(t, 'quickButtons')).toEqual(['Button Name']);
    expect(t.quickButtons[0]!.action!.postbackFull).toBe('_T_Button Name');
  },
  '003-send-form-v2-quick': (t) => {
    expect(t.quickButtons[0]!.action!.postbackFull).toBe('_T_UnexpiredForm\u241e47954\u241e0');
  },
  '003-send-form-fill': (t) => {
    expect(t.chatTypes).toEqual(['TEXT']);
    expect(t.information.formStart).toEqual(['true']);
  },
  '003-send-noanswer': (t) => {
    expect(t.chatTypes).toEqual(['NOANSWER']);
    expect(t.text).toBe('');
    expect(t.scenarioName).toBe('Conversation Name');
  },
  '003-send-flex': (t) => {
    expect(t.text).toBe('Brown Cafe');
    expect(titles(t)).toEqual(['CALL']);
  },
  '003-send-line-sticker-bubble': (t) => {
    // the bubble keeps its own information as sent: the repeated chatType and the tagInfo the merged map folds
    const information = [
      { key: 'chatType', value: 'STICKER' },
      { key: 'chatType', value: 'STICKER' },
      { key: 'tagInfo', value: 'platformExactMatch=line' },
      { key: 'score', value: '1.0' },
      { key: 'scenarioName', value: 'Conversation Name' },
      { key: 'endOfBubble', value: 'endOfBubble' },
      { key: 'matchingType', value: 'exactMatch' },
      { key: 'domainCode', value: 'Domain Code' },
    ];
    expect(t.bubbles[0]).toEqual({
      type: 'line_sticker',
      chatTypes: ['STICKER'],
      information,
      sticker: { packageId: '446', stickerId: '1988' },
    });
    expect(t.chatTypes).toEqual(['STICKER']);
    expect(t.scenarioName).toBe('Conversation Name');
    expect(t.information.tagInfo).toEqual(['platformExactMatch=line']);
  },
};

describe('normalizeReply on every response example in the vendor docs', () => {
  it('has facts for every example, and an example for every fact', () => {
    expect(Object.keys(FACTS).sort()).toEqual(seedReplyNames());
  });

  for (const name of seedReplyNames()) {
    it(name, () => {
      const turn = turnOf(name);
      FACTS[name]?.(turn);
      // a Turn is plain data: the results file stores it
      expect(JSON.parse(JSON.stringify(turn))).toEqual(turn);
    });
  }
});

describe('normalizeReply on what a bot in trouble sends', () => {
  it.each([
    null,
    42,
    'text',
    [],
    { bubbles: 'nope' },
    { bubbles: [null, 1, 'x', { type: 7 }] },
    { scenario: { name: 5 }, information: {} },
  ])('never throws on %j', (reply) => {
    const turn = normalizeReply(reply, meta);
    expect(turn.buttons).toEqual([]);
    expect(typeof turn.text).toBe('string');
  });

  it('splits combined chat types and keeps first-seen order without repeats', () => {
    const turn = normalizeReply(
      {
        bubbles: [
          {
            type: 'text',
            data: { description: 'a' },
            information: [
              { key: 'chatType', value: 'TEXT,IMAGECARD' },
              { key: 'chatType', value: 'TEXT' },
            ],
          },
        ],
      },
      meta,
    );
    expect(turn.chatTypes).toEqual(['TEXT', 'IMAGECARD']);
  });

  it('prefers scenario.name, then conversation.scenarioName, then information', () => {
    const info = { bubbles: [{ type: 'text', information: [{ key: 'scenarioName', value: 'C' }] }] };
    expect(
      normalizeReply({ ...info, scenario: { name: 'A' }, conversation: { scenarioName: 'B' } }, meta).scenarioName,
    ).toBe('A');
    expect(
      normalizeReply({ ...info, scenario: { name: null }, conversation: { scenarioName: 'B' } }, meta).scenarioName,
    ).toBe('B');
    expect(normalizeReply({ ...info, conversation: { scenarioName: null } }, meta).scenarioName).toBe('C');
  });

  it('bounds the walk of a deeply nested flex message', () => {
    let node: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < 10_000; i++) node = { type: 'box', contents: [node] };
    const turn = normalizeReply({ bubbles: [{ type: 'flex', data: node }] }, meta);
    expect(turn.bubbles[0]!.type).toBe('flex');
  });
});

describe('normalizeReply keeps the raw reply only within the bounds reports can serialize', () => {
  const nest = (depth: number, inner: unknown = 1): unknown => {
    let node = inner;
    for (let i = 0; i < depth; i++) node = i % 2 ? { k: node } : [node];
    return node;
  };
  const deepNote = { truncated: 'the reply nests more than 512 levels deep: its body is not kept' };
  const manyNote = { truncated: 'the reply holds over 1,000,000 JSON values: its body is not kept' };

  it('keeps a reply at the bounds, and notes one past either', () => {
    const atDepth = { bubbles: [], x: nest(510) };
    expect(normalizeReply(atDepth, meta).raw).toBe(atDepth);
    expect(normalizeReply({ bubbles: [], x: nest(512) }, meta).raw).toEqual(deepNote);
    const atCount = { bubbles: [], x: new Array(999_997).fill(0) };
    expect(normalizeReply(atCount, meta).raw).toBe(atCount);
    expect(normalizeReply({ bubbles: [], x: new Array(999_998).fill(0) }, meta).raw).toEqual(manyNote);
  });

  it('vouches from the text only for replies the walk would keep whole', () => {
    const keptWhole = (value: unknown) => normalizeReply(value, meta).raw === value;
    // at the depth bound: 510 levels plus the reply and its bubbles are 512 brackets, one more is too many
    expect(textWithinRawBounds(JSON.stringify({ bubbles: [], x: nest(510) }))).toBe(true);
    expect(textWithinRawBounds(JSON.stringify({ bubbles: [], x: nest(511) }))).toBe(false);
    // brackets inside strings count too: never a vouch the walk would refuse
    expect(textWithinRawBounds(JSON.stringify({ bubbles: [], s: '['.repeat(600) }))).toBe(false);
    expect(textWithinRawBounds(JSON.stringify({ bubbles: [], x: new Array(999_998).fill(0) }))).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 700 }), (value, depth) => {
        const reply = { bubbles: [], x: nest(depth, value) };
        if (textWithinRawBounds(JSON.stringify(reply))) expect(keptWhole(reply)).toBe(true);
        const vouched = { ...meta, withinRawBounds: textWithinRawBounds(JSON.stringify(reply)) };
        expect(normalizeReply(reply, vouched).raw).toEqual(normalizeReply(reply, meta).raw);
      }),
      { numRuns: 300 },
    );
  });

  it('names the bound a reply meets first in reading order when it breaks both', () => {
    const wide = new Array(1_000_001).fill(0);
    expect(normalizeReply({ a: nest(600), b: wide }, meta).raw).toEqual(deepNote);
    expect(normalizeReply({ a: wide, b: nest(600) }, meta).raw).toEqual(manyNote);
  });
});

describe('normalizeReply on carousels nested without end', () => {
  it('reads the first levels and stops, instead of overflowing the stack', () => {
    let bubble: Record<string, unknown> = { type: 'text', data: { description: 'bottom' } };
    for (let i = 0; i < 50_000; i++) bubble = { type: 'carousel', data: { cards: [bubble] } };
    const turn = normalizeReply({ bubbles: [bubble] }, meta);
    let depth = 0;
    for (let view = turn.bubbles[0]; view?.cards; view = view.cards[0]) depth++;
    expect(depth).toBe(8);
    expect(turn.text).toBe('');
  });
});
