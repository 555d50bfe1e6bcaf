/**
 * A `Turn` is one bot reply distilled to the facts a spec can assert on. Matchers, diffs, record
 * mode, coverage and every report read a Turn, never the raw JSON: one normalizer decides what a
 * reply means. Turns are plain data (JSON-safe) because the results file stores them.
 */

/**
 * Where a button was found in the reply. `text`, `image` and `cover` are a bubble's own action
 * (a text bubble, an image bubble, a template's cover): clickable like any button.
 */
export type ButtonSource = 'template' | 'carousel' | 'quick' | 'menu' | 'flex' | 'text' | 'image' | 'cover';

export interface ButtonAction {
  /** `postback`, `utterance`, `link`, `phone`, `uri` (LINE flex), … as the bot sent it. */
  type: string;
  postback?: string;
  postbackFull?: string;
  displayText?: string;
  text?: string;
  url?: string;
  mobileUrl?: string;
  number?: string;
}

export interface Button {
  title: string;
  source: ButtonSource;
  action?: ButtonAction;
  iconUrl?: string;
}

/** One row of an image list template. */
export interface ListItem {
  title?: string;
  subTitle?: string;
  imageUrl?: string;
  url?: string;
}

/** One `information` entry of a bubble, as sent: order and repeats kept. */
export interface InformationEntry {
  key: string;
  value: string;
}

/** A bubble as a user sees it: enough to render a transcript and diff component types. */
export interface BubbleView {
  /** `text`, `image`, `template`, `carousel`, `flex`, `line_sticker`, … as the bot sent it. */
  type: string;
  title?: string;
  subTitle?: string;
  description?: string;
  imageUrl?: string;
  url?: string;
  urlAlias?: string;
  /** Template cover type (`text` or `image`), when the bubble is a template. */
  coverType?: string;
  /** Where the image sits (`top`, `bottom`) and its alternative text, as the bot sent them. */
  imagePosition?: string;
  alt?: string;
  /**
   * The bubble's own action (a text bubble's, an image bubble's or a template cover's
   * `data.action`) as a button: titled by its title, else its urlAlias, else its description.
   * The same button is in `Turn.buttons`, so `click:` presses it.
   */
  action?: Button;
  buttons?: Button[];
  items?: ListItem[];
  cards?: BubbleView[];
  sticker?: { packageId?: string; stickerId?: string };
  /** Texts found in a LINE flex message, in document order. */
  flexTexts?: string[];
  /** This bubble's chat types, combined values split, unique; absent when it carries none. */
  chatTypes?: string[];
  /** This bubble's own `information` entries, as sent (not merged with other bubbles'). */
  information?: InformationEntry[];
}

export interface Entity {
  name: string;
  value: string;
}

export interface Turn {
  /** The event this reply answers. */
  event: string;
  /** HTTP status of the reply. */
  status: number;
  /** `scenario.name`, else `conversation.scenarioName`, else the first bubble's `scenarioName` information. */
  scenarioName: string | null;
  /** Every chat type of every bubble and carousel card, combined values split, first-seen order, unique. */
  chatTypes: string[];
  /** Every description in reply order (text bubbles, covers, image data, cards), joined with `\n`. */
  text: string;
  bubbles: BubbleView[];
  /** Bubble actions, template, carousel and flex buttons in reply order, then quick buttons. */
  buttons: Button[];
  quickButtons: Button[];
  persistentMenu: Button[];
  entities: Entity[];
  /**
   * `scenario.intent` (a list in real replies; a lone string is taken as one). Always set by the
   * normalizer; optional because Turns in results files written before it have none.
   */
  intents?: string[];
  /** `conversation.types`, then the `conversationTypes` information values split at `␞` (U+241E); unique. Optional as `intents`. */
  conversationTypes?: string[];
  keywords: string[];
  /** Every `information` key → its values, across bubbles and cards, in reply order. */
  information: Record<string, string[]>;
  /** The `score` information as a number, when the reply carried one. */
  score: number | null;
  sessionId: string | null;
  latencyMs: number;
  /** The parsed reply as received (reports truncate it). */
  raw: unknown;
}
