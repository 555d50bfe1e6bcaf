/**
 * A `Turn` is one bot reply distilled to the facts a spec can assert on. Matchers, diffs, record
 * mode, coverage and every report read a Turn, never the raw JSON: one normalizer decides what a
 * reply means. Turns are plain data (JSON-safe) because the results file stores them.
 */

/** Where a button was found in the reply. */
export type ButtonSource = 'template' | 'carousel' | 'quick' | 'menu' | 'flex';

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
  buttons?: Button[];
  items?: ListItem[];
  cards?: BubbleView[];
  sticker?: { packageId?: string; stickerId?: string };
  /** Texts found in a LINE flex message, in document order. */
  flexTexts?: string[];
  chatTypes?: string[];
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
  /** Template, carousel and flex buttons, then quick buttons, in reply order. */
  buttons: Button[];
  quickButtons: Button[];
  persistentMenu: Button[];
  entities: Entity[];
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
