/**
 * A bot definition after loading: validated, defaults applied, compact author syntax resolved into
 * one shape per component. Plain data (JSON-safe), so the runner, coverage and tests can read it;
 * the mock's engine compiles it into reply templates once, at start.
 */
import type { FaultConfig } from './faults.js';

export interface BotDefinition {
  /** The file it came from, as shown in messages. */
  file: string;
  name: string;
  /** Sent as the `domainCode` information of every scenario answer. */
  domainCode: string;
  welcome: WelcomeDef;
  /** Served on `open` and on `getPersistentMenu`. */
  menu?: MenuDef;
  scenarios: ScenarioDef[];
  /** The failure answer, when no scenario matches. */
  fallback: AnswerDef;
  entities: EntityDef[];
  /** Lowest similarity (0–1) at which a near utterance still matches a scenario. */
  similarityThreshold: number;
  /** A session (follow-up context, remembered entities) is forgotten after this long without requests. */
  sessionIdleMs: number;
  /** Faults for every request; scenarios may override them key by key. */
  faults: FaultConfig;
}

/** What a reply carries besides its routing: bubbles and quick buttons. */
export interface AnswerDef {
  bubbles: BubbleDef[];
  quickButtons: ButtonDef[];
}

export interface WelcomeDef extends AnswerDef {
  /** The `welcomeMsgId` information. */
  id: string;
}

export interface MenuDef {
  title: string;
  rows: ButtonDef[][];
}

export interface ScenarioDef extends AnswerDef {
  name: string;
  /** `scenario.chatUtteranceSetId` / `conversation.chatUtteranceSetId`. */
  id: number;
  /** As written (with `@entity` references); the engine expands them. */
  utterances: string[];
  /** Reachable only when the previous answer in the session came from one of these scenarios. */
  after: string[];
  /** Entities recognised in the utterance and reported (`@entity` references included). */
  entities: string[];
  keywords: KeywordDef[];
  /** Key-by-key overrides of the bot's faults when this scenario answers. */
  faults?: FaultConfig;
}

export interface KeywordDef {
  keyword: string;
  group: string;
}

export interface EntityDef {
  name: string;
  values: Array<{ value: string; synonyms: string[] }>;
}

/** Extras every bubble kind accepts. */
interface BubbleCommon {
  /** Overrides the chat type the mock derives from the component. */
  chatType?: string;
  /** Extra `information` entries, appended in order. */
  information?: Record<string, string>;
}

export interface MediaFields {
  title?: string;
  subTitle?: string;
  /** The description. */
  text?: string;
  url?: string;
  urlAlias?: string;
  image?: string;
  alt?: string;
  imagePosition?: string;
  action?: ActionDef;
}

export type BubbleDef = BubbleCommon &
  (
    | ({ kind: 'text'; text: string } & MediaFields)
    | ({ kind: 'image'; image: string } & MediaFields)
    | {
        kind: 'template';
        cover: MediaFields & { type: 'text' | 'image' };
        rows: ButtonDef[][];
        items: ListItemDef[];
        showRows?: number;
      }
    | { kind: 'carousel'; cards: BubbleDef[] }
    | { kind: 'flex'; title?: string; contents: Record<string, unknown> }
    | { kind: 'sticker'; platform: 'line' | 'lineworks'; packageId: string; stickerId: string }
    | { kind: 'noAnswer' }
    | { kind: 'raw'; bubble: Record<string, unknown> }
  );

export type BubbleKind = BubbleDef['kind'];

export interface ListItemDef {
  title?: string;
  subTitle?: string;
  image: string;
  url?: string;
}

export interface ButtonDef {
  /** May be empty for image buttons. */
  title: string;
  /** An image button's icon. */
  icon?: string;
  action: ActionDef;
}

export type ActionDef =
  | { type: 'postback'; postback: string; displayText?: string }
  | { type: 'link'; url: string; mobileUrl?: string }
  | { type: 'phone'; number: string }
  /** A form step: a postback whose postbackFull is `_T_<title>`, routed to `next`. */
  | { type: 'form'; next: string; title: string }
  /** An utterance of a scenario, sent as `_U_<utteranceId>`. */
  | { type: 'utterance'; text: string };

export const DEFAULT_SIMILARITY_THRESHOLD = 0.6;
export const DEFAULT_SESSION_IDLE_MS = 10 * 60_000;
export const DEFAULT_DOMAIN_CODE = 'mock';
/** Scenario ids count from here in file order unless a scenario sets `id`. */
export const FIRST_SCENARIO_ID = 4929383;
