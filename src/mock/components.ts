/**
 * BubbleDef / ButtonDef → the CLOVA component JSON of the vendor examples (seed 001 and 003):
 * text, image, template (text or image cover, buttons, image list), carousel, LINE flex, stickers,
 * buttons and their actions. Each bubble gets its `information`, chat type derived from the
 * component unless the author set one.
 */
import type { ActionDef, BubbleDef, ButtonDef, ListItemDef, MediaFields } from './definition.js';
import { bubbleInformation, type AnswerOrigin } from './information.js';

type Json = Record<string, unknown>;

export interface BuildContext {
  origin: AnswerOrigin;
  /** The reply offers `next` buttons: its text and text-cover bubbles are SINGLEFORM. */
  form: boolean;
  /** The id an utterance action sends as `_U_<id>`. */
  utteranceId(text: string): number;
}

export function buildBubbles(bubbles: readonly BubbleDef[], ctx: BuildContext): Json[] {
  return bubbles.map((b, i) => buildBubble(b, ctx, i === bubbles.length - 1));
}

function buildBubble(b: BubbleDef, ctx: BuildContext, last: boolean, card?: number): Json {
  if (b.kind === 'carousel') {
    return { type: 'carousel', data: { cards: b.cards.map((c, i) => buildBubble(c, ctx, false, i + 1)) } };
  }
  if (b.kind === 'raw') {
    if ('information' in b.bubble) return b.bubble;
    return { ...b.bubble, information: info(b, ctx, last, card, b.chatType ?? 'TEXT'), context: [] };
  }
  const { json, chatType, imageOnly } = componentJson(b, ctx);
  const extra: Partial<Parameters<typeof bubbleInformation>[0]> = {};
  if (imageOnly !== undefined) extra.imageOnly = imageOnly;
  if (b.kind === 'sticker' && b.platform === 'line') extra.stickerPlatform = 'line';
  json.information = info(b, ctx, last, card, b.chatType ?? chatType, extra);
  json.context = [];
  return json;
}

function info(
  b: BubbleDef,
  ctx: BuildContext,
  last: boolean,
  card: number | undefined,
  chatType: string,
  extra: object = {},
) {
  return bubbleInformation({
    chatType,
    origin: ctx.origin,
    last,
    form: chatType.split(',').includes('SINGLEFORM'),
    ...(card !== undefined ? { card } : {}),
    ...(b.information ? { extra: b.information } : {}),
    ...extra,
  });
}

function componentJson(
  b: Exclude<BubbleDef, { kind: 'carousel' | 'raw' }>,
  ctx: BuildContext,
): { json: Json; chatType: string; imageOnly?: boolean } {
  switch (b.kind) {
    case 'text':
      return {
        json: withTitles({ type: 'text' }, b, { data: mediaData(b, ctx) }),
        chatType: ctx.form ? 'SINGLEFORM' : 'TEXT',
      };
    case 'image':
      return {
        json: withTitles({ type: 'image' }, b, { data: mediaData(b, ctx) }),
        chatType: 'IMAGECARD',
        imageOnly: !b.text,
      };
    case 'template': {
      const coverJson = withTitles({ type: b.cover.type }, b.cover, { data: mediaData(b.cover, ctx) });
      const data: Json = { cover: coverJson };
      if (b.showRows !== undefined) data.contentTableShowRows = b.showRows;
      data.contentTable = [...b.items.map((item) => [cell(listItem(item))]), ...contentRows(b.rows, ctx)];
      const hasForm = b.rows.some((row) => row.some((button) => button.action.type === 'form'));
      const chatType = b.cover.type === 'image' ? 'IMAGECARD' : hasForm || ctx.form ? 'SINGLEFORM' : 'MULTILINKS';
      return { json: { type: 'template', data }, chatType, imageOnly: b.cover.type === 'image' && !b.cover.text };
    }
    case 'flex': {
      const json: Json = { type: 'flex' };
      if (b.title !== undefined) json.title = b.title;
      json.data = b.contents;
      return { json, chatType: 'FLEX' };
    }
    case 'sticker':
      return {
        json: { type: `${b.platform}_sticker`, data: { packageId: b.packageId, stickerId: b.stickerId } },
        chatType: 'STICKER',
      };
    case 'noAnswer':
      return { json: { type: 'text', data: { description: '' } }, chatType: 'NOANSWER' };
  }
}

function withTitles(head: Json, m: MediaFields, rest: Json): Json {
  if (m.title !== undefined) head.title = m.title;
  if (m.subTitle !== undefined) head.subTitle = m.subTitle;
  return Object.assign(head, rest);
}

/** A text, image or cover's `data`, keys in the vendor examples' order. */
function mediaData(m: MediaFields, ctx: BuildContext): Json {
  const data: Json = {};
  if (m.image !== undefined) data.imageUrl = m.image;
  if (m.imagePosition !== undefined) data.imagePosition = m.imagePosition;
  if (m.alt !== undefined) data.alt = m.alt;
  if (m.text !== undefined) data.description = m.text;
  if (m.url !== undefined) data.url = m.url;
  if (m.urlAlias !== undefined) data.urlAlias = m.urlAlias;
  if (m.action !== undefined) data.action = actionJson(m.action, ctx);
  return data;
}

/** Rows of buttons; in a row narrower than the widest, the last button spans the rest (seed "MiniButtons"). */
export function contentRows(rows: readonly ButtonDef[][], ctx: BuildContext): Json[][] {
  const width = Math.max(1, ...rows.map((r) => r.length));
  return rows.map((row) =>
    row.map((button, i) => cell(buttonJson(button, ctx), i === row.length - 1 ? width - row.length + 1 : 1)),
  );
}

function cell(data: Json, colSpan = 1): Json {
  return { rowSpan: 1, colSpan, data };
}

function listItem(item: ListItemDef): Json {
  const json: Json = { type: 'image' };
  if (item.title !== undefined) json.title = item.title;
  if (item.subTitle !== undefined) json.subTitle = item.subTitle;
  const data: Json = { imagePosition: 'left', imageUrl: item.image };
  if (item.url !== undefined) data.action = { type: 'link', data: { url: item.url } };
  json.data = data;
  return json;
}

export function buttonJson(button: ButtonDef, ctx: BuildContext): Json {
  const json: Json = { type: 'button' };
  if (button.title !== '') json.title = button.title;
  const data: Json = { type: button.icon ? 'imageButton' : 'basic' };
  if (button.icon) data.iconUrl = button.icon;
  data.action = actionJson(button.action, ctx);
  json.data = data;
  return json;
}

/** Form buttons follow the vendor's form V1: postback = the title, postbackFull = `_T_` + the title. */
export function actionJson(action: ActionDef, ctx: BuildContext): Json {
  switch (action.type) {
    case 'postback':
      return {
        type: 'postback',
        data:
          action.displayText !== undefined
            ? { postback: action.postback, displayText: action.displayText }
            : { postback: action.postback },
      };
    case 'form':
      return { type: 'postback', data: { postback: action.title, postbackFull: formPostback(action.title) } };
    case 'link':
      return {
        type: 'link',
        data: action.mobileUrl !== undefined ? { url: action.url, mobileUrl: action.mobileUrl } : { url: action.url },
      };
    case 'phone':
      return { type: 'phone', data: { number: action.number } };
    case 'utterance': {
      const id = ctx.utteranceId(action.text);
      return { type: 'utterance', data: { utteranceId: id, text: action.text, postback: utterancePostback(id) } };
    }
  }
}

export const FORM_PREFIX = '_T_';
export const UTTERANCE_PREFIX = '_U_';

export function formPostback(title: string): string {
  return FORM_PREFIX + title;
}

export function utterancePostback(id: number): string {
  return UTTERANCE_PREFIX + id;
}

/** Whether an answer offers form steps (bubbles, carousel cards or quick buttons). */
export function offersForm(bubbles: readonly BubbleDef[], quickButtons: readonly ButtonDef[]): boolean {
  return formButtons(bubbles, quickButtons).length > 0;
}

/** Every `next` button of an answer. */
export function formButtons(
  bubbles: readonly BubbleDef[],
  quickButtons: readonly ButtonDef[],
): Array<Extract<ActionDef, { type: 'form' }>> {
  const out: Array<Extract<ActionDef, { type: 'form' }>> = [];
  const visit = (b: BubbleDef): void => {
    if (b.kind === 'carousel') b.cards.forEach(visit);
    else if (b.kind === 'template')
      for (const row of b.rows) for (const button of row) if (button.action.type === 'form') out.push(button.action);
  };
  bubbles.forEach(visit);
  for (const button of quickButtons) if (button.action.type === 'form') out.push(button.action);
  return out;
}
