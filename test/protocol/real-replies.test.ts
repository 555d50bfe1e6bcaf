/** normalizeReply and readReply on hand-written replies in the shape of real bots' (test/fixtures/real-replies/README.md). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeReply } from '../../src/protocol/reply.js';
import { readReply } from '../../src/protocol/errors.js';
import { FIXTURES } from '../helpers/fixtures.js';

const meta = { status: 200, latencyMs: 5, event: 'send' };
const text = (name: string) => readFileSync(`${FIXTURES}real-replies/${name}.json`, 'utf8');
const turnOf = (name: string) => normalizeReply(JSON.parse(text(name)), meta);

describe("replies shaped like real bots'", () => {
  it('text bubbles with their own actions: clickable buttons, links kept, per-bubble information as sent', () => {
    const t = turnOf('text-bubbles-with-actions');
    expect(t.buttons).toEqual([
      {
        title: 'Reserve a table',
        source: 'text',
        action: { type: 'postback', postback: 'reserve', postbackFull: '_T_reserve' },
      },
      {
        title: 'example.com/menu',
        source: 'text',
        action: { type: 'link', url: 'https://example.com/menu', mobileUrl: 'https://m.example.com/menu' },
      },
    ]);
    expect(t.bubbles.map((b) => b.chatTypes)).toEqual([['TEXT'], ['TEXT'], ['TEXT']]);
    // value-first entries read the same; the first bubble keeps its tagInfo, in order
    expect(t.bubbles[0]!.information).toEqual([
      { key: 'chatType', value: 'TEXT' },
      { key: 'tagInfo', value: 'entity=store' },
      { key: 'scenarioName', value: 'Opening hours' },
    ]);
    // the merged view is unchanged: unique values across bubbles
    expect(t.information.chatType).toEqual(['TEXT']);
    expect(t.information.tagInfo).toEqual(['entity=store']);
    expect(t.intents).toEqual(['hours', 'store']);
    expect(t.conversationTypes).toEqual([]);
    expect(t.scenarioName).toBe('Opening hours');
  });

  it('a description titles an action when there is neither title nor urlAlias', () => {
    const t = normalizeReply(
      {
        bubbles: [
          { type: 'text', data: { description: 'Yes', action: { type: 'postback', data: { postback: 'yes' } } } },
        ],
      },
      meta,
    );
    expect(t.buttons.map((b) => b.title)).toEqual(['Yes']);
  });

  it('an image cover with a link and no information: no chat type, its link, imagePosition and alt kept', () => {
    const t = turnOf('image-cover-no-information');
    expect(t.chatTypes).toEqual([]);
    expect(t.bubbles).toEqual([
      {
        type: 'template',
        coverType: 'image',
        imageUrl: 'https://example.com/banner.png',
        imagePosition: 'top',
        alt: 'Winter sale banner',
        action: { title: '', source: 'cover', action: { type: 'link', url: 'https://example.com/sale' } },
      },
    ]);
    expect(t.buttons).toEqual([t.bubbles[0]!.action]);
  });

  it('conversation.types and the ␞-joined conversationTypes information; a lone intent string', () => {
    const t = turnOf('carousel-conversation-types');
    expect(t.conversationTypes).toEqual(['rooms', 'faq', 'booking']);
    expect(t.intents).toEqual(['rooms']);
    expect(t.bubbles.map((b) => b.chatTypes ?? [])).toEqual([['TEXT'], ['IMAGECARD']]);
    expect(t.bubbles[1]!.information).toEqual([
      { key: 'chatType', value: 'IMAGECARD' },
      { key: 'carousel', value: 'true' },
    ]);
    expect(t.bubbles[1]!.cards!.map((c) => c.information)).toEqual([
      [{ key: 'imageOnly', value: 'true' }],
      [{ key: 'imageOnly', value: 'true' }],
    ]);
    expect(t.information.imageOnly).toEqual(['true']);
  });

  it('a reply without conversation, or with intents as objects, reads what is there', () => {
    expect(normalizeReply({ bubbles: [], scenario: { intent: [{ name: 'a' }, 'b', 3, null] } }, meta).intents).toEqual([
      'a',
      'b',
      '3',
    ]);
    expect(normalizeReply({ bubbles: [] }, meta)).toMatchObject({
      intents: [],
      conversationTypes: [],
      scenarioName: null,
    });
  });
});

describe('a 200 reply that is not a chatbot reply', () => {
  it('is a bad-reply cause saying "not a CLOVA reply", with a short excerpt', () => {
    const reading = readReply(200, text('proxy-result-code'));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.cause).toMatchObject({ kind: 'bad-reply', status: 200, retryable: false });
    expect(reading.cause.message).toMatch(
      /^not a CLOVA reply: HTTP 200 .*\{ "resultCode": 99, "resultMessage": "upstream unavailable", "data": null \}/,
    );
  });

  it('cuts a long body short', () => {
    const reading = readReply(200, JSON.stringify({ resultCode: 1, detail: 'x'.repeat(5000) }));
    expect(!reading.ok && reading.cause.message.length).toBeLessThan(400);
  });

  it.each([{ bubbles: [] }, { scenario: {} }, { conversation: {} }, { persistentMenu: {} }, { quickButtons: [] }])(
    'accepts %j',
    (body) => {
      expect(readReply(200, JSON.stringify(body)).ok).toBe(true);
    },
  );
});
