/**
 * The compact answer syntax (already structurally valid) → one BubbleDef per component, plus the
 * checks the schema cannot express: which keys go together in one bubble, buttons without titles,
 * actions in the wrong place. Cross-references (scenario names, utterances, entities) are collected
 * here and checked by the loader, which knows the whole bot.
 */
import type { SchemaIssue } from '../yaml/schema-dsl.js';
import type { Path } from '../yaml/yaml-source.js';
import type { ActionDef, BubbleDef, ButtonDef, ListItemDef, MediaFields } from './definition.js';

export interface AnswerRefs {
  /** `next:` targets, with the title that becomes the postbackFull. */
  next: Array<{ target: string; title: string; path: Path }>;
  /** `utterance:` actions. */
  utterances: Array<{ text: string; path: Path }>;
  /** `{name}` placeholders in texts. */
  placeholders: Array<{ name: string; path: Path }>;
}

export interface AnswerContext {
  issues: SchemaIssue[];
  refs: AnswerRefs;
  /** Form buttons (`next`) belong to scenarios only: a form step follows the scenario offering it. */
  allowNext: boolean;
}

export function newRefs(): AnswerRefs {
  return { next: [], utterances: [], placeholders: [] };
}

type Raw = Record<string, unknown>;

const STANDALONE = ['carousel', 'flex', 'sticker', 'noAnswer'] as const;
/** Keys that may sit beside a standalone component key. */
const BESIDE: Record<(typeof STANDALONE)[number], readonly string[]> = {
  carousel: [],
  flex: ['title'],
  sticker: [],
  noAnswer: [],
};
const ALWAYS_ALLOWED = new Set(['chatType', 'information']);
const MEDIA_KEYS = ['title', 'subTitle', 'text', 'url', 'urlAlias', 'image', 'alt', 'imagePosition'] as const;
const PLACEHOLDER = /\{([\p{L}_][\p{L}\p{N}_-]*)\}/gu;
const HAS_PLACEHOLDER = /\{[\p{L}_][\p{L}\p{N}_-]*\}/u;

/** `answer:` — one bubble or a list — to bubbles. */
export function toAnswer(raw: unknown, path: Path, ctx: AnswerContext): BubbleDef[] {
  if (Array.isArray(raw)) return raw.map((b, i) => toBubble(b, [...path, i], ctx, false));
  return [toBubble(raw, path, ctx, false)];
}

function toBubble(raw: unknown, path: Path, ctx: AnswerContext, asCard: boolean): BubbleDef {
  if (typeof raw === 'string') {
    scanPlaceholders(raw, path, ctx);
    return { kind: 'text', text: raw };
  }
  const b = raw as Raw;
  const extras: Pick<BubbleDef, 'chatType' | 'information'> = {};
  if (typeof b.chatType === 'string') extras.chatType = b.chatType;
  if (b.information) extras.information = b.information as Record<string, string>;

  const standalone = STANDALONE.filter((k) => k in b);
  if (standalone.length > 1) {
    ctx.issues.push({
      path: [...path, standalone[1]!],
      atKey: true,
      code: 'two-components',
      message: `a bubble is one component; found \`${standalone[0]}\` and \`${standalone[1]}\``,
      hint: '`answer` takes a list: give each its own bubble',
    });
  }
  const kind = standalone[0];
  if (kind) {
    for (const key of Object.keys(b)) {
      if (
        key === kind ||
        ALWAYS_ALLOWED.has(key) ||
        BESIDE[kind].includes(key) ||
        (STANDALONE as readonly string[]).includes(key)
      )
        continue;
      ctx.issues.push({
        path: [...path, key],
        atKey: true,
        code: 'key-not-allowed',
        message: `\`${key}\` does not go with \`${kind}\` in one bubble`,
        hint:
          kind === 'carousel'
            ? 'each card carries its own text, image and buttons'
            : '`answer` takes a list: give it its own bubble',
      });
    }
    if (asCard)
      ctx.issues.push({
        path: [...path, kind],
        atKey: true,
        code: 'bad-card',
        message: `a carousel card is a text, image or template bubble, not \`${kind}\``,
      });
    return { ...extras, ...standaloneBubble(kind, b, path, ctx) };
  }

  const media = toMedia(b, path, ctx);
  if (b.buttons !== undefined || b.items !== undefined) {
    const template: BubbleDef = {
      ...extras,
      kind: 'template',
      cover: { ...media, type: media.image ? 'image' : 'text' },
      rows: b.buttons ? toButtonRows(b.buttons as unknown[], [...path, 'buttons'], ctx) : [],
      items: b.items ? (b.items as Raw[]).map(toListItem) : [],
    };
    if (typeof b.showRows === 'number') template.showRows = b.showRows;
    return template;
  }
  if (b.showRows !== undefined)
    ctx.issues.push({
      path: [...path, 'showRows'],
      atKey: true,
      code: 'key-not-allowed',
      message: '`showRows` goes with `items` (an image list)',
    });
  if (media.image !== undefined) return { ...extras, ...media, kind: 'image', image: media.image };
  if (media.text !== undefined) return { ...extras, ...media, kind: 'text', text: media.text };
  ctx.issues.push({
    path,
    code: 'empty-bubble',
    message: 'a bubble needs content: `text`, `image`, `buttons`, `items`, `carousel`, `flex`, `sticker` or `noAnswer`',
  });
  return { ...extras, kind: 'text', text: '' };
}

function standaloneBubble(kind: (typeof STANDALONE)[number], b: Raw, path: Path, ctx: AnswerContext): BubbleDef {
  switch (kind) {
    case 'carousel':
      return {
        kind: 'carousel',
        cards: (b.carousel as unknown[]).map((card, i) => toBubble(card, [...path, 'carousel', i], ctx, true)),
      };
    case 'flex': {
      const flex: BubbleDef = { kind: 'flex', contents: b.flex as Record<string, unknown> };
      if (typeof b.title === 'string') flex.title = b.title;
      return flex;
    }
    case 'sticker': {
      const s = b.sticker as Raw;
      return {
        kind: 'sticker',
        platform: s.platform === 'lineworks' ? 'lineworks' : 'line',
        packageId: String(s.packageId),
        stickerId: String(s.stickerId),
      };
    }
    case 'noAnswer':
      if (b.noAnswer !== true)
        ctx.issues.push({
          path: [...path, 'noAnswer'],
          code: 'bad-value',
          message: '`noAnswer` is only ever `true`',
          hint: 'leave the key out for an ordinary answer',
        });
      return { kind: 'noAnswer' };
  }
}

function toMedia(b: Raw, path: Path, ctx: AnswerContext): MediaFields {
  const media: MediaFields = {};
  for (const key of MEDIA_KEYS) {
    const value = b[key];
    if (typeof value !== 'string') continue;
    media[key] = value;
    if (key === 'text' || key === 'title' || key === 'subTitle') scanPlaceholders(value, [...path, key], ctx);
  }
  if (b.action !== undefined) {
    const actionPath = [...path, 'action'];
    if ('next' in (b.action as Raw))
      ctx.issues.push({
        path: [...actionPath, 'next'],
        atKey: true,
        code: 'key-not-allowed',
        message: 'a form step (`next`) is a button, not a tap on a text or image',
        hint: 'use `buttons: [{ title: …, next: … }]`',
      });
    media.action = toAction(b.action as Raw, '', actionPath, ctx);
  }
  return media;
}

function toListItem(raw: Raw): ListItemDef {
  const item: ListItemDef = { image: String(raw.image) };
  if (typeof raw.title === 'string') item.title = raw.title;
  if (typeof raw.subTitle === 'string') item.subTitle = raw.subTitle;
  if (typeof raw.url === 'string') item.url = raw.url;
  return item;
}

/** `buttons:` rows: a button per row, or a list of buttons side by side. */
export function toButtonRows(raw: unknown[], path: Path, ctx: AnswerContext): ButtonDef[][] {
  return raw.map((row, i) =>
    Array.isArray(row) ? row.map((b, j) => toButton(b, [...path, i, j], ctx)) : [toButton(row, [...path, i], ctx)],
  );
}

export function toButtons(raw: unknown[], path: Path, ctx: AnswerContext): ButtonDef[] {
  return raw.map((b, i) => toButton(b, [...path, i], ctx));
}

function toButton(raw: unknown, path: Path, ctx: AnswerContext): ButtonDef {
  if (typeof raw === 'string') return { title: raw, action: { type: 'postback', postback: raw } };
  const b = raw as Raw;
  const title = typeof b.title === 'string' ? b.title : '';
  if (title === '' && b.icon === undefined) {
    ctx.issues.push({
      path,
      code: 'missing-title',
      message: 'a button needs a `title`',
      hint: 'only image buttons (with `icon`) may go without one',
    });
  }
  const button: ButtonDef = { title, action: toAction(b, title, path, ctx) };
  if (typeof b.icon === 'string') button.icon = b.icon;
  return button;
}

/** Companion keys: each only means something beside its action key. */
const COMPANIONS: Record<string, string> = { displayText: 'postback', mobileUrl: 'url' };

function toAction(b: Raw, title: string, path: Path, ctx: AnswerContext): ActionDef {
  for (const [companion, owner] of Object.entries(COMPANIONS)) {
    if (companion in b && !(owner in b))
      ctx.issues.push({
        path: [...path, companion],
        atKey: true,
        code: 'key-not-allowed',
        message: `\`${companion}\` goes with \`${owner}\``,
      });
  }
  if (typeof b.postback === 'string') {
    const action: ActionDef = { type: 'postback', postback: b.postback };
    if (typeof b.displayText === 'string') action.displayText = b.displayText;
    return action;
  }
  if (typeof b.url === 'string') {
    const action: ActionDef = { type: 'link', url: b.url };
    if (typeof b.mobileUrl === 'string') action.mobileUrl = b.mobileUrl;
    return action;
  }
  if (typeof b.phone === 'string') return { type: 'phone', number: b.phone };
  if (typeof b.next === 'string') {
    const at = [...path, 'next'];
    if (!ctx.allowNext)
      ctx.issues.push({
        path: at,
        atKey: true,
        code: 'key-not-allowed',
        message: 'form steps (`next`) belong to scenario answers',
        hint: 'a form step follows the scenario that offers its button',
      });
    else if (title === '')
      ctx.issues.push({
        path,
        code: 'missing-title',
        message: 'a `next` button needs a `title`: its postbackFull is `_T_<title>`',
      });
    else if (HAS_PLACEHOLDER.test(title))
      ctx.issues.push({
        path: [...path, 'title'],
        code: 'bad-value',
        message: "a `next` button's title is its postback: it cannot hold a `{placeholder}`",
      });
    ctx.refs.next.push({ target: b.next, title, path: at });
    return { type: 'form', next: b.next, title };
  }
  const text = String(b.utterance ?? '');
  ctx.refs.utterances.push({ text, path: [...path, 'utterance'] });
  return { type: 'utterance', text };
}

function scanPlaceholders(text: string, path: Path, ctx: AnswerContext): void {
  for (const m of text.matchAll(PLACEHOLDER)) ctx.refs.placeholders.push({ name: m[1]!, path });
}
