/**
 * normalizeReply: a CLOVA Chatbot reply (parsed JSON) → Turn.
 * Total over any input: a reply of the wrong shape yields an empty Turn, never a throw, because
 * bots in trouble send anything and the runner must report it, not crash on it.
 */
import type {
  BubbleView,
  Button,
  ButtonAction,
  ButtonSource,
  Entity,
  InformationEntry,
  ListItem,
  Turn,
} from './turn.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// one shared empty object and array for absent parts: they are only ever read (every reply, many times)
const NOTHING: Json = Object.freeze({});
const NONE: readonly unknown[] = Object.freeze([]);
const asObject = (v: unknown): Json => (isObject(v) ? v : NOTHING);
const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : NONE);
/** Strings as strings; numbers and booleans as their text (bots send ids both ways). */
function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** What one pass over the reply collects, in reply order. */
interface Collector {
  texts: string[];
  chatTypes: string[];
  information: Map<string, string[]>;
  firstScenarioInfo: string | undefined;
  buttons: Button[];
}

export interface ReplyMeta {
  status: number;
  latencyMs: number;
  event: string;
  /** The text the reply was parsed from passed `textWithinRawBounds`: `raw` is kept without a walk. */
  withinRawBounds?: boolean;
}

export function normalizeReply(reply: unknown, meta: ReplyMeta): Turn {
  const body = asObject(reply);
  const c: Collector = { texts: [], chatTypes: [], information: new Map(), firstScenarioInfo: undefined, buttons: [] };
  const bubbles = asArray(body.bubbles).map((b) => readBubble(b, c, 'template'));
  const quickButtons: Button[] = [];
  for (const b of asArray(body.quickButtons)) {
    const button = readButton(b, 'quick');
    if (button) quickButtons.push(button);
  }
  const menu = asObject(body.persistentMenu);
  const persistentMenu = readContentTable(asObject(menu.data).contentTable, 'menu').buttons;

  const information = recordOf(c.information);
  const scoreText = information.score?.[0];
  const score =
    scoreText !== undefined && scoreText.trim() !== '' && Number.isFinite(Number(scoreText)) ? Number(scoreText) : null;

  return {
    event: asString(body.event) ?? meta.event,
    status: meta.status,
    scenarioName: readScenarioName(body) ?? c.firstScenarioInfo ?? null,
    chatTypes: c.chatTypes,
    text: c.texts.join('\n'),
    bubbles,
    buttons: quickButtons.length > 0 ? c.buttons.concat(quickButtons) : c.buttons,
    quickButtons,
    persistentMenu,
    entities: readEntities(body.entities),
    intents: readIntents(asObject(body.scenario).intent),
    conversationTypes: readConversationTypes(body, information),
    keywords: readKeywords(body.keywords),
    information,
    score,
    sessionId: asString(body.sessionId) ?? null,
    latencyMs: meta.latencyMs,
    raw: meta.withinRawBounds === true ? reply : keepableRaw(reply),
  };
}

/** The map as a plain record, in its order; a bot's `__proto__` key stays a key, never a prototype. */
function recordOf(map: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, values] of map) {
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: values, enumerable: true, writable: true, configurable: true });
    else out[key] = values;
  }
  return out;
}

/**
 * Reports serialize `raw` with JSON.stringify, which recurses: a reply nested 100,000 levels deep
 * (JSON.parse reads it fine) would overflow the stack there. Such a reply, or one with more values
 * than any report keeps, is kept as a note; its facts above are read with bounds of their own.
 */
const MAX_RAW_DEPTH = 512;
const MAX_RAW_VALUES = 1_000_000;

/**
 * Whether a reply parsed from `text` is within both bounds, read from the text instead of walking
 * the parsed value: every JSON value starts at a character of its own, and every level of nesting
 * at a `{` or `[` of its own (counted inside strings too, so never fewer than there are). A text
 * of at most MAX_RAW_VALUES characters holding at most MAX_RAW_DEPTH brackets cannot exceed either.
 */
export function textWithinRawBounds(text: string): boolean {
  if (text.length > MAX_RAW_VALUES) return false;
  let brackets = 0;
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1))
    if (++brackets > MAX_RAW_DEPTH) return false;
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1))
    if (++brackets > MAX_RAW_DEPTH) return false;
  return true;
}

function keepableRaw(reply: unknown): unknown {
  const verdict = measureRaw(reply, 0, { values: 0 });
  if (verdict === 'many')
    return {
      truncated: `the reply holds over ${MAX_RAW_VALUES.toLocaleString('en-US')} JSON values: its body is not kept`,
    };
  if (verdict === 'deep')
    return { truncated: `the reply nests more than ${MAX_RAW_DEPTH} levels deep: its body is not kept` };
  return reply;
}

/**
 * Walks every reply, so it allocates nothing per value: plain loops, one counter. Recursion is safe
 * here: it stops at MAX_RAW_DEPTH levels.
 */
function measureRaw(value: unknown, depth: number, count: { values: number }): 'ok' | 'deep' | 'many' {
  if (++count.values > MAX_RAW_VALUES) return 'many';
  if (typeof value !== 'object' || value === null) return 'ok';
  if (depth >= MAX_RAW_DEPTH) return 'deep';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const verdict = measureRaw(value[i], depth + 1, count);
      if (verdict !== 'ok') return verdict;
    }
    return 'ok';
  }
  const record = value as Json;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const verdict = measureRaw(record[key], depth + 1, count);
    if (verdict !== 'ok') return verdict;
  }
  return 'ok';
}

function readScenarioName(body: Json): string | undefined {
  const fromScenario = asString(asObject(body.scenario).name);
  if (fromScenario) return fromScenario;
  const fromConversation = asString(asObject(body.conversation).scenarioName);
  return fromConversation || undefined;
}

/** `scenario.intent`: a list in real replies (strings, or objects naming the intent); a lone string is one intent. */
function readIntents(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? NONE : [raw];
  const out: string[] = [];
  for (const item of items) {
    const name = isObject(item)
      ? (asString(item.name) ?? asString(item.intent) ?? asString(item.type))
      : asString(item);
    if (name) out.push(name);
  }
  return out;
}

/** The separator the service puts between the values of one `conversationTypes` information entry. */
export const CONVERSATION_TYPE_SEPARATOR = '\u241e';

function readConversationTypes(body: Json, information: Record<string, string[]>): string[] {
  const out: string[] = [];
  const add = (type: string | undefined) => {
    const trimmed = type?.trim();
    if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  };
  for (const type of asArray(asObject(body.conversation).types))
    add(isObject(type) ? (asString(type.name) ?? asString(type.type)) : asString(type));
  const infoValues = Object.hasOwn(information, 'conversationTypes') ? information.conversationTypes! : [];
  for (const value of infoValues) value.split(CONVERSATION_TYPE_SEPARATOR).forEach(add);
  return out;
}

function readInformation(list: unknown, c: Collector, entries: InformationEntry[]): string[] {
  const chatTypes: string[] = [];
  for (const item of asArray(list)) {
    const entry = asObject(item);
    const key = asString(entry.key);
    const value = asString(entry.value);
    if (key === undefined || value === undefined) continue;
    entries.push({ key, value });
    const values = c.information.get(key);
    if (values === undefined) c.information.set(key, [value]);
    else if (!values.includes(value)) values.push(value);
    if (key === 'scenarioName' && value && c.firstScenarioInfo === undefined) c.firstScenarioInfo = value;
    if (key === 'chatType') {
      // one type per entry is the rule: split only a list
      if (!value.includes(',')) addChatType(value.trim(), chatTypes, c);
      else for (const part of value.split(',')) addChatType(part.trim(), chatTypes, c);
    }
  }
  return chatTypes;
}

function addChatType(type: string, bubbleTypes: string[], c: Collector): void {
  if (!type) return;
  if (!bubbleTypes.includes(type)) bubbleTypes.push(type);
  if (!c.chatTypes.includes(type)) c.chatTypes.push(type);
}

function pushText(c: Collector, text: string | undefined): void {
  if (text) c.texts.push(text);
}

/** Carousels hold cards, and a hostile reply can nest them without end: deeper cards are not read. */
const MAX_CARD_DEPTH = 8;

function readBubble(raw: unknown, c: Collector, buttonSource: ButtonSource, depth = 0): BubbleView {
  const bubble = asObject(raw);
  const data = asObject(bubble.data);
  const view: BubbleView = { type: asString(bubble.type) ?? 'unknown' };
  setIf(view, 'title', asString(bubble.title));
  setIf(view, 'subTitle', asString(bubble.subTitle));
  const entries: InformationEntry[] = [];
  const chatTypes = readInformation(bubble.information, c, entries);
  if (chatTypes.length > 0) view.chatTypes = chatTypes;
  if (entries.length > 0) view.information = entries;

  switch (view.type) {
    case 'text':
    case 'image':
      readMedia(view, data, c);
      readOwnAction(view, data, view.type, c);
      break;
    case 'template': {
      const cover = asObject(data.cover);
      const coverData = asObject(cover.data);
      view.coverType = asString(cover.type) ?? 'text';
      setIf(view, 'title', asString(cover.title));
      setIf(view, 'subTitle', asString(cover.subTitle));
      readMedia(view, coverData, c);
      readOwnAction(view, coverData, 'cover', c);
      const table = readContentTable(data.contentTable, buttonSource);
      if (table.buttons.length > 0) view.buttons = table.buttons;
      if (table.items.length > 0) view.items = table.items;
      c.buttons.push(...table.buttons);
      break;
    }
    case 'carousel':
      if (depth < MAX_CARD_DEPTH)
        view.cards = asArray(data.cards).map((card) => readBubble(card, c, 'carousel', depth + 1));
      break;
    case 'flex': {
      const flex = readFlex(data);
      if (flex.texts.length > 0) view.flexTexts = flex.texts;
      flex.texts.forEach((t) => pushText(c, t));
      if (flex.buttons.length > 0) view.buttons = flex.buttons;
      c.buttons.push(...flex.buttons);
      break;
    }
    case 'line_sticker':
    case 'lineworks_sticker':
      view.sticker = {};
      setIf(view.sticker, 'packageId', asString(data.packageId));
      setIf(view.sticker, 'stickerId', asString(data.stickerId));
      break;
    case 'button': {
      const button = readButton(bubble, buttonSource);
      if (button) {
        view.buttons = [button];
        c.buttons.push(button);
      }
      break;
    }
    default:
      pushText(c, asString(data.description));
  }
  return view;
}

function readMedia(view: BubbleView, data: Json, c: Collector): void {
  setIf(view, 'description', asString(data.description));
  setIf(view, 'imageUrl', asString(data.imageUrl));
  setIf(view, 'url', asString(data.url));
  setIf(view, 'urlAlias', asString(data.urlAlias));
  setIf(view, 'imagePosition', asString(data.imagePosition));
  setIf(view, 'alt', asString(data.alt));
  pushText(c, view.description);
}

/**
 * A text bubble's, image bubble's or cover's own `data.action` is clickable (real bots send them):
 * a button titled by the bubble's title, else its urlAlias, else its description, else "".
 */
function readOwnAction(view: BubbleView, data: Json, source: ButtonSource, c: Collector): void {
  const action = readAction(data.action);
  if (!action) return;
  const button: Button = { title: view.title ?? view.urlAlias ?? view.description ?? '', source, action };
  view.action = button;
  c.buttons.push(button);
}

function readContentTable(table: unknown, source: ButtonSource): { buttons: Button[]; items: ListItem[] } {
  const buttons: Button[] = [];
  const items: ListItem[] = [];
  for (const row of asArray(table)) {
    for (const cell of asArray(row)) {
      const content = asObject(asObject(cell).data);
      if (content.type === 'image') {
        const data = asObject(content.data);
        const item: ListItem = {};
        setIf(item, 'title', asString(content.title));
        setIf(item, 'subTitle', asString(content.subTitle));
        setIf(item, 'imageUrl', asString(data.imageUrl));
        setIf(item, 'url', asString(asObject(asObject(data.action).data).url));
        items.push(item);
      } else {
        const button = readButton(content, source);
        if (button) buttons.push(button);
      }
    }
  }
  return { buttons, items };
}

/** A `{type: "button", title, data: {type, iconUrl, action}}` component; untitled buttons count with title "". */
function readButton(raw: unknown, source: ButtonSource): Button | undefined {
  const component = asObject(raw);
  if (component.type !== undefined && component.type !== 'button') return undefined;
  const data = asObject(component.data);
  const button: Button = { title: asString(component.title) ?? '', source };
  const action = readAction(data.action);
  if (action) button.action = action;
  setIf(button, 'iconUrl', asString(data.iconUrl));
  return button;
}

function readAction(raw: unknown): ButtonAction | undefined {
  if (!isObject(raw)) return undefined;
  const data = asObject(raw.data);
  const action: ButtonAction = { type: asString(raw.type) ?? 'unknown' };
  // each key read by name: a loop over the names makes every read a lookup by a computed key
  setIf(action, 'postback', asString(data.postback));
  setIf(action, 'postbackFull', asString(data.postbackFull));
  setIf(action, 'displayText', asString(data.displayText));
  setIf(action, 'text', asString(data.text));
  setIf(action, 'url', asString(data.url));
  setIf(action, 'mobileUrl', asString(data.mobileUrl));
  setIf(action, 'number', asString(data.number));
  return action;
}

/** LINE flex: texts and button labels, walked iteratively with a depth bound (bots can nest deep). */
function readFlex(root: Json): { texts: string[]; buttons: Button[] } {
  const texts: string[] = [];
  const buttons: Button[] = [];
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > 64) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], depth: depth + 1 });
      continue;
    }
    if (!isObject(node)) continue;
    if (node.type === 'text') {
      const text = asString(node.text);
      if (text) texts.push(text);
    } else if (node.type === 'button') {
      const action = asObject(node.action);
      const button: Button = { title: asString(action.label) ?? '', source: 'flex' };
      const flexAction: ButtonAction = { type: asString(action.type) ?? 'unknown' };
      setIf(flexAction, 'url', asString(action.uri));
      setIf(flexAction, 'postback', asString(action.data));
      setIf(flexAction, 'text', asString(action.text));
      button.action = flexAction;
      buttons.push(button);
    }
    // Walk the regions of a flex bubble and the children of boxes and carousels, in document order.
    const children = ['header', 'hero', 'body', 'footer', 'contents']
      .map((key) => node[key])
      .filter((child) => child !== undefined);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
  }
  return { texts, buttons };
}

function readEntities(list: unknown): Entity[] {
  const out: Entity[] = [];
  for (const raw of asArray(list)) {
    if (typeof raw === 'string') out.push({ name: raw, value: '' });
    if (!isObject(raw)) continue;
    const name = asString(raw.entity) ?? asString(raw.name) ?? asString(raw.type) ?? asString(raw.key);
    if (name === undefined) continue;
    out.push({ name, value: asString(raw.word) ?? asString(raw.value) ?? asString(raw.text) ?? '' });
  }
  return out;
}

function readKeywords(list: unknown): string[] {
  const out: string[] = [];
  for (const k of asArray(list)) {
    const word = isObject(k) ? asString(k.keyword) : asString(k);
    if (word !== undefined) out.push(word);
  }
  return out;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}
