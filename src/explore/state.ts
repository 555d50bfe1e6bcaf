/**
 * What explore treats as one state of the bot, and what in a reply it may press. A state is the
 * scenario, the reply text and the buttons on screen: two replies alike in all three are one node,
 * so a bot whose buttons lead in a circle ends up with a finite tree.
 */
import type { Button, Turn } from '../protocol/turn.js';

/** One step of a crawl path: what the spec writer turns into a step and the crawler into a request. */
export type PathStep =
  { kind: 'open' } | { kind: 'send'; text: string } | { kind: 'click'; title: string } | { kind: 'menu' };

export type Path = PathStep[];

/** A stable text key of a path (the same path is the same key in every run). */
export function pathKey(path: Path): string {
  return JSON.stringify(
    path.map((s) => (s.kind === 'send' ? ['send', s.text] : s.kind === 'click' ? ['click', s.title] : [s.kind])),
  );
}

/** `open › "Products" › "Product A"`: a path as people read it. */
export function pathLabel(path: Path): string {
  return path
    .map((s) =>
      s.kind === 'open' ? 'open' : s.kind === 'menu' ? 'menu' : s.kind === 'send' ? `send "${s.text}"` : `"${s.title}"`,
    )
    .join(' › ');
}

/** The de-duplication key: scenario + reply text + the buttons' titles and what each does. */
export function stateKey(turn: Turn): string {
  const buttons = turn.buttons.map((b) => [
    b.title,
    b.action?.type ?? '',
    sendsText(b) ?? b.action?.url ?? b.action?.number ?? '',
  ]);
  return JSON.stringify([turn.scenarioName ?? '', turn.text, buttons]);
}

/** The text a click on this button sends, as the dialogue runner resolves it; undefined when it sends nothing. */
export function sendsText(button: Button): string | undefined {
  const a = button.action;
  return a?.postbackFull ?? a?.postback ?? (a?.type === 'utterance' || a?.type === 'message' ? a.text : undefined);
}

/** A button explore does not press: a link or a phone number (recorded in the tree), or one that sends nothing. */
export interface RecordedButton {
  title: string;
  kind: 'link' | 'phone' | 'inert';
  target?: string;
}

export interface Clickables {
  /** Unique titles that send a text: pressing the first button of a title is what `click:` does. */
  pressable: string[];
  recorded: RecordedButton[];
}

/**
 * Splits buttons into what is pressed and what is only recorded. A title shown twice is pressed
 * once, since `click: <title>` always presses the first button of that title; an untitled button
 * cannot be named by a spec and is recorded.
 */
export function clickables(buttons: Button[]): Clickables {
  const pressable: string[] = [];
  const recorded: RecordedButton[] = [];
  const seen = new Set<string>();
  for (const b of buttons) {
    if (seen.has(b.title)) continue;
    seen.add(b.title);
    const text = sendsText(b);
    if (text !== undefined && b.title !== '') {
      pressable.push(b.title);
      continue;
    }
    const url = b.action?.url ?? b.action?.mobileUrl;
    if (b.action?.number !== undefined) recorded.push({ title: b.title, kind: 'phone', target: b.action.number });
    else if (url !== undefined) recorded.push({ title: b.title, kind: 'link', target: url });
    else recorded.push({ title: b.title, kind: 'inert' });
  }
  return { pressable, recorded };
}
