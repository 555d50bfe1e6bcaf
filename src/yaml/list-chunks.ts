/**
 * Where a big YAML file whose last top-level key holds a block list (`dialogues:` and its items, to
 * the end of the file) can be cut into runs of whole items, so each run parses alone and memory
 * follows the run, not the file. Only lines plainly outside any item are cut at: a line of exactly
 * the list's indentation that starts with `- `. Anything unusual answers `undefined` (the caller
 * parses the whole file): the key not alone on its line, a line after the list that is not an
 * item, a comment or blank (another key, `---`, a tab-indented line)…
 *
 * A cut inside a quoted scalar or a flow collection leaves the run before it unterminated, so that
 * run fails to parse and the caller falls back too; block and plain scalars end at a line that is
 * not more indented than the list, so no cut can fall inside one.
 */

export interface ListChunks {
  /** Where the first item's line starts: the head is [0, headEnd). */
  headEnd: number;
  /** [start, end) of each run of items; the last ends at the end of the text. */
  runs: Array<[number, number]>;
}

const SPACE = 0x20;
const DASH = 0x2d;
const HASH = 0x23;
const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;

/** Cuts the list under top-level `key` into runs of about `targetChars` (at least one item each). */
export function splitTopLevelList(text: string, key: string, targetChars: number): ListChunks | undefined {
  const keyLine = new RegExp(`^${key}:(?:[ \\t]+#[^\\n]*|[ \\t]*)\\r?$`, 'm').exec(text);
  if (!keyLine) return undefined;
  let at = lineAfter(text, keyLine.index);
  let indent = -1;
  // comments and blank lines between the key and the first item stay in the head
  while (at < text.length) {
    const kind = classify(text, at);
    if (kind.type === 'item') {
      indent = kind.indent;
      break;
    }
    if (kind.type !== 'skip') return undefined;
    at = lineAfter(text, at);
  }
  if (indent < 0) return undefined;
  const headEnd = at;
  const runs: Array<[number, number]> = [];
  let runStart = headEnd;
  for (at = lineAfter(text, at); at < text.length; at = lineAfter(text, at)) {
    const kind = classify(text, at);
    if (kind.type === 'skip' || kind.indent > indent) continue;
    if (kind.type !== 'item' || kind.indent !== indent) return undefined;
    if (at - runStart >= targetChars) {
      runs.push([runStart, at]);
      runStart = at;
    }
  }
  runs.push([runStart, text.length]);
  return { headEnd, runs };
}

type LineKind = { type: 'skip' } | { type: 'item'; indent: number } | { type: 'content'; indent: number };

/** A line: blank or a comment (`skip`), an item (`- ` after spaces), or anything else, by its indentation in spaces. */
function classify(text: string, start: number): LineKind {
  let i = start;
  while (text.charCodeAt(i) === SPACE) i++;
  const indent = i - start;
  let j = i;
  while (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB || text.charCodeAt(j) === CR) j++;
  const c = text.charCodeAt(j);
  if (j >= text.length || c === NL || c === HASH) return { type: 'skip' };
  if (text.charCodeAt(i) === DASH) {
    const next = text.charCodeAt(i + 1);
    if (i + 1 >= text.length || next === SPACE || next === NL || next === CR) return { type: 'item', indent };
  }
  // a tab before the first character makes the indentation unclear: never cut near it
  return { type: 'content', indent: text.charCodeAt(i) === TAB ? -1 : indent };
}

function lineAfter(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl + 1;
}
