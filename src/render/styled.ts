/**
 * Styled lines: what the shared renderer produces before it knows its output. A line is a list of
 * spans, each with an optional tone; `toText` paints tones with a console Style (or none), and
 * `toHtml` turns them into escaped markup. One model, so every output shows the same diff.
 */
import { escapeHtml } from './html-escape.js';

/** How a console paints tones; JUnit, Markdown and logs pass plainStyle. */
export interface Style {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  /** Reverse video, for changed words in a diff; a style without it marks them `[-…-]{+…+}`. */
  inverse?(text: string): string;
}

const same = (text: string) => text;
export const plainStyle: Style = { red: same, green: same, yellow: same, dim: same, bold: same };

export type Tone =
  /** whole values */
  | 'expected'
  | 'actual'
  /** words deleted / inserted inside a one-line word diff: markers when plain */
  | 'del'
  | 'ins'
  /** whole lines of a line diff, and the changed words within them: colour only */
  | 'delLine'
  | 'insLine'
  | 'delEmph'
  | 'insEmph'
  | 'dim'
  | 'bold'
  | 'warn'
  | 'ok'
  | 'bad';

export interface Span {
  text: string;
  tone?: Tone;
}

export type StyledLine = Span[];

export const span = (text: string, tone?: Tone): Span => (tone ? { text, tone } : { text });
export const line = (...spans: Array<Span | string>): StyledLine =>
  spans.map((s) => (typeof s === 'string' ? { text: s } : s));

/** Prefixes every line with plain text (indentation, a table gutter). */
export function indent(lines: StyledLine[], prefix: string): StyledLine[] {
  return lines.map((l) => [{ text: prefix }, ...l]);
}

/**
 * Text for the console, JUnit, logs. A style that can highlight (has `inverse`) shows changed
 * words in reverse video; a plain one marks them `[-removed-]{+added+}` (git's --word-diff=plain),
 * so a diff still reads in a CI log without colour.
 */
export function toText(lines: StyledLine[], style: Style): string[] {
  const inverse = style.inverse;
  const paint = (s: Span): string => {
    switch (s.tone) {
      case undefined:
        return s.text;
      case 'expected':
      case 'ok':
        return style.green(s.text);
      case 'actual':
      case 'bad':
        return style.red(s.text);
      case 'del':
        return inverse ? style.red(inverse(s.text)) : `[-${s.text}-]`;
      case 'ins':
        return inverse ? style.green(inverse(s.text)) : `{+${s.text}+}`;
      case 'delLine':
        return style.red(s.text);
      case 'insLine':
        return style.green(s.text);
      case 'delEmph':
        return inverse ? style.red(inverse(s.text)) : s.text;
      case 'insEmph':
        return inverse ? style.green(inverse(s.text)) : s.text;
      case 'dim':
        return style.dim(s.text);
      case 'bold':
        return style.bold(s.text);
      case 'warn':
        return style.yellow(s.text);
    }
  };
  return lines.map((l) => l.map(paint).join(''));
}

const HTML_TAG: Record<Tone, [string, string]> = {
  expected: ['<span class="t-expected">', '</span>'],
  actual: ['<span class="t-actual">', '</span>'],
  del: ['<del>', '</del>'],
  ins: ['<ins>', '</ins>'],
  delLine: ['<span class="t-del-line">', '</span>'],
  insLine: ['<span class="t-ins-line">', '</span>'],
  delEmph: ['<del>', '</del>'],
  insEmph: ['<ins>', '</ins>'],
  dim: ['<span class="t-dim">', '</span>'],
  bold: ['<b>', '</b>'],
  warn: ['<span class="t-warn">', '</span>'],
  ok: ['<span class="t-ok">', '</span>'],
  bad: ['<span class="t-bad">', '</span>'],
};

/** Escaped HTML, one line per `\n`; meant for a `<pre>`. */
export function toHtml(lines: StyledLine[]): string {
  return lines
    .map((l) =>
      l
        .map((s) => {
          const text = escapeHtml(s.text);
          if (!s.tone) return text;
          const [open, close] = HTML_TAG[s.tone];
          return `${open}${text}${close}`;
        })
        .join(''),
    )
    .join('\n');
}

/** Plain text of a line, tones dropped (width measurement, one-line summaries). */
export function plainText(l: StyledLine): string {
  return l.map((s) => s.text).join('');
}
