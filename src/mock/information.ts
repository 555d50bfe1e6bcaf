/**
 * The `information` list of a bubble, in the order and with the duplications the service uses
 * (seed 003): `chatType` twice, then score, scenarioName, endOfBubble, matchingType, domainCode,
 * and the form keys. Score and matchingType differ per request, so they are template slots.
 */
import { slot } from './reply-template.js';

export interface InfoEntry {
  key: string;
  value: string;
}

/** Which answer a bubble belongs to decides its routing keys. */
export type AnswerOrigin =
  | { kind: 'scenario'; scenarioName: string; domainCode: string }
  | { kind: 'welcome'; welcomeMsgId: string }
  | { kind: 'fallback' };

export interface BubbleInfo {
  chatType: string;
  origin: AnswerOrigin;
  /** The reply's last bubble carries endOfBubble. */
  last: boolean;
  /** A form answer (it offers `next` buttons): formStart and its companions. */
  form: boolean;
  /** 1-based position in a carousel: cards carry their own information. */
  card?: number;
  imageOnly?: boolean;
  /** line_sticker answers say which platform matched. */
  stickerPlatform?: 'line' | 'lineworks';
  extra?: Record<string, string>;
}

export function bubbleInformation(info: BubbleInfo): InfoEntry[] {
  const out: InfoEntry[] = [];
  const add = (key: string, value: string) => out.push({ key, value });
  const imageOnly = String(info.imageOnly ?? false);
  if (info.card !== undefined) {
    add('carousel', String(info.card));
    add('chatType', info.chatType);
    add('imageOnly', imageOnly);
    add('chatType', info.chatType);
  } else {
    if (info.form) add('imageOnly', imageOnly);
    add('chatType', info.chatType);
    add('chatType', info.chatType);
  }
  if (info.stickerPlatform) add('tagInfo', `platformExactMatch=${info.stickerPlatform}`);
  const origin = info.origin;
  switch (origin.kind) {
    case 'scenario':
      add('score', slot('score'));
      add('scenarioName', origin.scenarioName);
      if (info.last && info.card === undefined) add('endOfBubble', 'endOfBubble');
      add('matchingType', slot('matchingType'));
      add('domainCode', origin.domainCode);
      if (info.form && info.card === undefined) {
        add('formStart', 'true');
        add('serviceLinkedToForm', '');
      }
      break;
    case 'welcome':
      add('defaultMsgType', 'welcomeMsg');
      add('welcomeMsgId', origin.welcomeMsgId);
      if (info.last && info.card === undefined) add('endOfBubble', 'endOfBubble');
      break;
    case 'fallback':
      // not in the vendor examples; named by analogy with welcomeMsg
      add('defaultMsgType', 'failureMsg');
      if (info.last && info.card === undefined) add('endOfBubble', 'endOfBubble');
      break;
  }
  for (const [key, value] of Object.entries(info.extra ?? {})) add(key, value);
  return out;
}
