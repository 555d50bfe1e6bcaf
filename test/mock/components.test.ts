/**
 * Every component the mock can answer, read back through the runner's normalizer: what a spec
 * would assert (scenarioName, chat types, text, buttons with their postbacks, cards…) must be there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MockChatbot, type SessionView } from '../../src/mock/chatbot.js';
import { loadBotDefinition } from '../../src/mock/load.js';
import { normalizeReply } from '../../src/protocol/reply.js';
import type { ChatEvent } from '../../src/protocol/request.js';
import type { Turn } from '../../src/protocol/turn.js';
import { botFromYaml, EXAMPLE_BOT } from './helpers.js';

const FRESH: SessionView = { context: null, slots: null };

function reply(
  chatbot: MockChatbot,
  event: ChatEvent,
  text?: string,
  session: SessionView = FRESH,
): { turn: Turn; raw: any; next: SessionView } {
  const answer = chatbot.respond(
    { event, userId: 'U47b00b58c90f8e47428af8b7bddcda3d', timestamp: 1, ...(text !== undefined ? { text } : {}) },
    session,
    1_700_000_000_000,
  );
  const raw = JSON.parse(answer.json);
  return { turn: normalizeReply(raw, { status: 200, latencyMs: 0, event }), raw, next: answer.next };
}

/** `information` as the service sends it: a list of key/value pairs, chatType twice. */
function infoPairs(bubble: any): Array<[string, string]> {
  return bubble.information.map((i: { key: string; value: string }) => [i.key, i.value]);
}

describe('the example bot, component by component', () => {
  let chatbot: MockChatbot;
  const send = (text: string, session?: SessionView) => reply(chatbot, 'send', text, session);
  beforeAll(async () => {
    chatbot = new MockChatbot(await loadBotDefinition(EXAMPLE_BOT));
  });

  it('welcomes on open with welcomeMsg information, a null scenario and the persistent menu', () => {
    const { turn, raw } = reply(chatbot, 'open');
    expect(raw.userId).toBe('U47b00b58c90f8e47428af8b7bddcda3d');
    expect(raw.timestamp).toBe(1_700_000_000_000);
    expect(raw.event).toBe('open');
    expect(raw.conversation).toEqual({ scenarioName: null, chatUtteranceSetId: null, types: [] });
    expect(turn.scenarioName).toBeNull();
    expect(turn.chatTypes).toEqual(['TEXT']);
    expect(turn.text).toMatch(/안녕하세요[\s\S]*いらっしゃいませ[\s\S]*Ask any questions to the chatbot\./);
    expect(infoPairs(raw.bubbles[0])).toEqual([
      ['chatType', 'TEXT'],
      ['chatType', 'TEXT'],
      ['defaultMsgType', 'welcomeMsg'],
      ['welcomeMsgId', '20727'],
      ['endOfBubble', 'endOfBubble'],
    ]);
    expect(turn.quickButtons.map((b) => b.title)).toEqual(['Products', 'Store hours', 'Order']);
    expect(turn.persistentMenu.map((b) => b.title)).toEqual(['Products', 'Store hours', 'Order a coffee', 'Website']);
    const products = turn.persistentMenu[0]!.action!;
    expect(products.type).toBe('utterance');
    expect(products.postback).toMatch(/^_U_\d+$/);
    expect(products.text).toBe('What products do you have?');
  });

  it('serves the persistent menu alone on getPersistentMenu', () => {
    const { turn, raw } = reply(chatbot, 'getPersistentMenu');
    expect(raw.bubbles).toEqual([]);
    expect(raw.event).toBe('getPersistentMenu');
    expect(turn.persistentMenu.map((b) => b.title)).toContain('Order a coffee');
  });

  it("answers a text with the seed's information, scenario and conversation", () => {
    const { turn, raw } = send('store hours');
    expect(turn.scenarioName).toBe('Store hours');
    expect(turn.chatTypes).toEqual(['TEXT']);
    expect(turn.text).toBe('We are open every day from 10:00 to 20:00.');
    expect(turn.score).toBe(1);
    expect(infoPairs(raw.bubbles[0])).toEqual([
      ['chatType', 'TEXT'],
      ['chatType', 'TEXT'],
      ['score', '1.0'],
      ['scenarioName', 'Store hours'],
      ['endOfBubble', 'endOfBubble'],
      ['matchingType', 'exactMatch'],
      ['domainCode', 'SHOP'],
    ]);
    expect(raw.scenario).toEqual({ name: 'Store hours', chatUtteranceSetId: expect.any(Number), intent: [] });
    expect(raw.conversation.scenarioName).toBe('Store hours');
    expect(raw.conversation.chatUtteranceSetId).toBe(raw.scenario.chatUtteranceSetId);
    expect(raw.normalizer).toBe('null');
    expect(turn.keywords).toEqual(['hours']);
  });

  it('reports keywords as contained or exact', () => {
    expect(send('when are you open').raw.keywords).toEqual([{ keyword: 'open', group: 'Store', type: 'contain' }]);
  });

  it('answers a text with title, link and action (Product B)', () => {
    const { turn, raw } = send('Product B');
    expect(turn.bubbles[0]).toMatchObject({
      type: 'text',
      title: 'Product B',
      url: 'https://www.ncloud.com',
      urlAlias: 'ncloud.com',
    });
    expect(raw.bubbles[0].data.action).toEqual({ type: 'postback', data: { postback: 'How much is it?' } });
  });

  it('answers an image with a description (IMAGECARD)', () => {
    const { turn } = send('show me the store');
    expect(turn.chatTypes).toEqual(['IMAGECARD']);
    expect(turn.bubbles[0]).toMatchObject({
      type: 'image',
      imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png',
      description: 'Our store in Seongnam.',
    });
  });

  it('answers a text template with postback buttons (MULTILINKS)', () => {
    const { turn } = send('What products do you have?');
    expect(turn.chatTypes).toEqual(['MULTILINKS']);
    expect(turn.bubbles[0]).toMatchObject({ type: 'template', coverType: 'text' });
    expect(turn.buttons.map((b) => [b.title, b.action?.type, b.action?.postback])).toEqual([
      ['Product A', 'postback', 'Product A'],
      ['Product B', 'postback', 'Product B'],
      ['Product C', 'postback', 'Product C'],
    ]);
  });

  it('answers an image cover with buttons (IMAGECARD)', () => {
    const { turn } = send('Product A');
    expect(turn.chatTypes).toEqual(['IMAGECARD']);
    expect(turn.bubbles[0]).toMatchObject({
      type: 'template',
      coverType: 'image',
      title: 'Product A',
      description: 'Our bestselling drip coffee.',
    });
    expect(turn.buttons.map((b) => b.title)).toEqual(['How much is it?', 'Order']);
    expect(turn.buttons[1]!.action?.postback).toBe('I want to order');
  });

  it('answers an image list with contentTableShowRows', () => {
    const { turn, raw } = send('store locations');
    expect(turn.bubbles[0]!.items).toEqual([
      {
        title: 'Seongnam',
        subTitle: 'Jeongja-dong',
        imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png',
        url: 'https://www.ncloud.com',
      },
      {
        title: 'Tokyo',
        subTitle: 'Shibuya',
        imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png',
        url: 'https://www.ncloud.com',
      },
      { title: 'Seoul', subTitle: 'Gangnam', imageUrl: 'https://ssl.pstatic.net/CloudFunctions.png' },
    ]);
    expect(raw.bubbles[0].data.contentTableShowRows).toBe(2);
  });

  it('answers mini buttons two to a row, the short row spanning', () => {
    const { turn, raw } = send('contact');
    expect(turn.buttons.map((b) => [b.title, b.action?.type])).toEqual([
      ['Call', 'phone'],
      ['Email', 'link'],
      ['Website', 'link'],
    ]);
    expect(turn.buttons[0]!.action?.number).toBe('400-1111-1111');
    const table = raw.bubbles[0].data.contentTable;
    expect(table.map((row: any[]) => row.map((cell) => cell.colSpan))).toEqual([[1, 1], [2]]);
  });

  it('answers image buttons with icons, untitled ones included', () => {
    const { turn } = send('follow us');
    expect(turn.buttons.map((b) => [b.title, b.iconUrl])).toEqual([
      ['Blog', 'https://ssl.pstatic.net/CloudFunctions.png'],
      ['', 'https://ssl.pstatic.net/CloudFunctions.png'],
    ]);
  });

  it('answers a carousel whose cards carry their own information', () => {
    const { turn, raw } = send('new arrivals');
    expect(turn.scenarioName).toBe('New arrivals');
    const cards = turn.bubbles[0]!.cards!;
    expect(cards.map((c) => c.type)).toEqual(['template', 'template', 'image']);
    expect(cards.map((c) => c.chatTypes)).toEqual([['IMAGECARD'], ['IMAGECARD'], ['IMAGECARD']]);
    expect(turn.text).toBe('Roasted hazelnut and cocoa.\nA 350 ml stoneware mug.');
    expect(turn.buttons.map((b) => [b.title, b.source])).toEqual([
      ['Details', 'carousel'],
      ['Details', 'carousel'],
    ]);
    const first = infoPairs(raw.bubbles[0].data.cards[0]);
    expect(first.slice(0, 4)).toEqual([
      ['carousel', '1'],
      ['chatType', 'IMAGECARD'],
      ['imageOnly', 'false'],
      ['chatType', 'IMAGECARD'],
    ]);
    expect(first).toContainEqual(['scenarioName', 'New arrivals']);
    expect(infoPairs(raw.bubbles[0].data.cards[2])).toContainEqual(['imageOnly', 'true']);
  });

  it('answers LINE flex as written', () => {
    const { turn, raw } = send('cafe');
    expect(turn.bubbles[0]).toMatchObject({ type: 'flex', title: 'this is a flex message', flexTexts: ['Brown Cafe'] });
    expect(turn.buttons).toEqual([
      { title: 'CALL', source: 'flex', action: { type: 'uri', url: 'https://linecorp.com' } },
    ]);
    expect(raw.bubbles[0].data.hero.aspectRatio).toBe('20:13');
    expect(turn.chatTypes).toEqual(['FLEX']);
  });

  it('answers a LINE sticker (STICKER, tagInfo)', () => {
    const { turn, raw } = send('thank you');
    expect(turn.bubbles[0]).toMatchObject({ type: 'line_sticker', sticker: { packageId: '446', stickerId: '1988' } });
    expect(turn.chatTypes).toEqual(['STICKER']);
    expect(infoPairs(raw.bubbles[0])).toContainEqual(['tagInfo', 'platformExactMatch=line']);
  });

  it('answers quick buttons: postback, own postback text, phone', () => {
    const { turn } = send('delivery options');
    expect(turn.quickButtons.map((b) => [b.title, b.action?.type, b.action?.postback ?? b.action?.number])).toEqual([
      ['Standard delivery', 'postback', 'Standard delivery'],
      ['Express', 'postback', 'express delivery'],
      ['Call us', 'phone', '400-1111-1111'],
    ]);
    expect(turn.quickButtons.every((b) => b.source === 'quick')).toBe(true);
  });

  it('answers NOANSWER with an empty description', () => {
    const { turn } = send('ok');
    expect(turn.chatTypes).toEqual(['NOANSWER']);
    expect(turn.text).toBe('');
    expect(turn.scenarioName).toBe('Acknowledgement');
  });

  it('answers a form (SINGLEFORM, formStart) with _T_ postbacks, then its quick-reply step', () => {
    const order = send('I want to order');
    expect(order.turn.chatTypes).toEqual(['SINGLEFORM']);
    expect(order.turn.information.formStart).toEqual(['true']);
    expect(order.turn.buttons.map((b) => b.action?.postbackFull)).toEqual(['_T_Small', '_T_Medium', '_T_Large']);
    expect(order.turn.buttons[1]!.action?.postback).toBe('Medium');

    const size = send('_T_Medium', order.next);
    expect(size.turn.scenarioName).toBe('Order size');
    expect(size.turn.chatTypes).toEqual(['SINGLEFORM']);
    expect(size.turn.text).toBe('Size M. Shall I place the order?');
    expect(size.turn.entities).toEqual([{ name: 'size', value: 'M' }]);
    expect(size.turn.quickButtons.map((b) => b.action?.postbackFull)).toEqual(['_T_Confirm', '_T_Cancel']);

    const done = send('_T_Confirm', size.next);
    expect(done.turn.scenarioName).toBe('Order confirmed');
    expect(done.turn.text).toBe('Your size M coffee is ordered. Thank you!');
  });

  it('answers near utterances with a similarity score below 1, Korean and Japanese too', () => {
    const english = send('what are your store hours?');
    expect(english.turn.scenarioName).toBe('Store hours');
    expect(english.turn.information.matchingType).toEqual(['similarMatch']);
    expect(english.turn.score).toBeGreaterThan(0.5);
    expect(english.turn.score).toBeLessThan(1);
    expect(send('영업시간이 어떻게 되나요').turn.scenarioName).toBe('Store hours');
    expect(send('営業時間は？').turn.scenarioName).toBe('Store hours');
  });

  it('answers what matches nothing with the failure answer', () => {
    const { turn, raw } = send('quantum chromodynamics');
    expect(turn.scenarioName).toBeNull();
    expect(turn.chatTypes).toEqual(['TEXT']);
    expect(turn.text).toMatch(/did not catch that/);
    expect(turn.information.defaultMsgType).toEqual(['failureMsg']);
    expect(turn.quickButtons.map((b) => b.title)).toEqual(['Products', 'Store hours']);
    expect(raw.scenario).toBeUndefined();
  });

  it('routes an utterance postback (_U_) from the menu to its scenario', () => {
    const menu = reply(chatbot, 'open').turn.persistentMenu;
    const storeHours = menu.find((b) => b.title === 'Store hours')!.action!.postback!;
    expect(send(storeHours).turn.scenarioName).toBe('Store hours');
  });
});

describe('components the example bot does not use', () => {
  const chatbot = new MockChatbot(
    botFromYaml(`
scenarios:
  - name: Works sticker
    utterances: [works]
    answer: { sticker: { packageId: "1", stickerId: "2", platform: lineworks } }
  - name: Raw
    utterances: [raw]
    bubbles:
      - { type: text, data: { description: as written } }
  - name: Combined
    utterances: [combined]
    answer:
      - { text: first, chatType: "TEXT,IMAGECARD", information: { imageOnly: "false" } }
      - second
  - name: Noanswer fallback bot
    utterances: [nothing]
    answer: { noAnswer: true }
fallback:
  answer: { noAnswer: true }
`),
  );
  const send = (text: string) => reply(chatbot, 'send', text);

  it('answers a LINE WORKS sticker', () => {
    expect(send('works').turn.bubbles[0]).toMatchObject({
      type: 'lineworks_sticker',
      sticker: { packageId: '1', stickerId: '2' },
    });
  });

  it('sends raw bubbles as written, with information added', () => {
    const { turn, raw } = send('raw');
    expect(raw.bubbles[0].data).toEqual({ description: 'as written' });
    expect(turn.scenarioName).toBe('Raw');
    expect(turn.information.scenarioName).toEqual(['Raw']);
  });

  it('honours a chatType override and extra information; endOfBubble only on the last bubble', () => {
    const { turn, raw } = send('combined');
    expect(turn.chatTypes).toEqual(['TEXT', 'IMAGECARD']);
    expect(turn.text).toBe('first\nsecond');
    expect(infoPairs(raw.bubbles[0])).toContainEqual(['imageOnly', 'false']);
    expect(infoPairs(raw.bubbles[0]).some(([k]) => k === 'endOfBubble')).toBe(false);
    expect(infoPairs(raw.bubbles[1])).toContainEqual(['endOfBubble', 'endOfBubble']);
  });

  it('gives a NOANSWER failure answer when the bot says so, and no welcome bubbles when it has none', () => {
    expect(send('zzz').turn.chatTypes).toEqual(['NOANSWER']);
    expect(reply(chatbot, 'open').raw.bubbles).toEqual([]);
  });
});
