/**
 * A big file, a part at a time: the head (every top-level key before the list, ending with the
 * list's key) and one run of the list's items (list-chunks.ts) make a YamlSource that looks like a
 * small file holding the head and those items, at the offsets and lines they have in the big file.
 * js-yaml's events for a 35 MB file took ~650 MB held at once; one run's take a few MB.
 *
 * A part says `needsWhole` when it cannot be placed exactly or is not what the fast parser takes
 * (see fast-yaml-source.ts): the caller then loads the file whole, as before.
 */
import { construct, lineStarts, offsetOf, position, UNKNOWN, type Built, type Offsets } from './fast-yaml-source.js';
import type { ListChunks } from './list-chunks.js';
import type { Path, YamlSource } from './yaml-source.js';

/** As fast-yaml-source: past this many aliases the whole file goes to the positioned parser's guard. */
const MAX_ALIASES = 100;

export interface PartSource extends YamlSource {
  /** Set when something in this part is not placed by the events (the file must be loaded whole). */
  needsWhole: boolean;
  /** The offset of the list (for PartPlace). */
  listOffset: number;
}

/** Where a run sits in its file, for a thread that has only its text and the head's (plan-file.ts). */
export interface PartPlace {
  /** The run's offset and first line (1-based) in the file. */
  start: number;
  firstLine: number;
  /** The offset of the list (its first item's), as the file's first part found it. */
  listOffset: number;
}

/**
 * The parts of `text` split at `chunks` under `key`, in order; `undefined` where the file must be
 * loaded whole. A run `elsewhere` says another thread builds is not parsed: it comes as its place.
 * The first run is always parsed here (it says where the list starts).
 */
export function* fastParts(
  file: string,
  text: string,
  key: string,
  chunks: ListChunks,
  elsewhere: (run: number) => boolean = () => false,
): Generator<PartSource | PartPlace | undefined> {
  const head = headOf(text.slice(0, chunks.headEnd), key);
  if (!head) {
    yield undefined;
    return;
  }
  let firstLine = head.lines.length;
  let aliases = head.built.aliases;
  let listOffset = UNKNOWN;
  for (let k = 0; k < chunks.runs.length; k++) {
    const [start, end] = chunks.runs[k]!;
    if (k > 0 && elsewhere(k)) {
      yield { start, firstLine, listOffset };
      firstLine += newlines(text, start, end);
      continue;
    }
    const part = tryConstruct(text.slice(start, end), start);
    if (!part || !Array.isArray(part.root) || (aliases += part.aliases) > MAX_ALIASES) {
      yield undefined;
      return;
    }
    if (listOffset === UNKNOWN) listOffset = part.rootOffset;
    const lines = lineStarts(text, start, end);
    yield partSource(file, text, 0, head, part, lines, firstLine, listOffset, chunks.headEnd);
    firstLine += lines.length - 1;
  }
}

/** The first line of each run, as `fastParts` counts them. */
export function runFirstLines(text: string, chunks: ListChunks): number[] {
  let line = lineStarts(text, 0, chunks.headEnd).length;
  return chunks.runs.map(([start, end]) => {
    const first = line;
    line += newlines(text, start, end);
    return first;
  });
}

/**
 * One run of a file's list built from its own text and the head's, placed as `fastParts` places it;
 * `undefined` when it is not that simple (an alias, anything the fast parser declines).
 */
export function fastPart(
  file: string,
  headText: string,
  runText: string,
  key: string,
  place: PartPlace,
): PartSource | undefined {
  const head = headOf(headText, key);
  const part = head ? tryConstruct(runText, place.start) : undefined;
  if (!head || !part || !Array.isArray(part.root) || head.built.aliases + part.aliases > 0) return undefined;
  const lines = lineStarts(runText).map((at) => at + place.start);
  return partSource(file, runText, place.start, head, part, lines, place.firstLine, place.listOffset, headText.length);
}

interface Head {
  built: Built;
  root: Record<string, unknown>;
  offsets: Offsets;
  /** The index in `offsets` of the list's key (the head's last pair). */
  last: number;
  key: string;
  lines: number[];
  text: string;
}

function headOf(headText: string, key: string): Head | undefined {
  const built = tryConstruct(headText, 0);
  const root = built?.root;
  if (!built || typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
  const offsets = built.index.get(root)!;
  // the key is the head's last pair, with nothing after it (its list is the rest of the file)
  const last = offsets.length - 3;
  if (offsets[last] !== key || (root as Record<string, unknown>)[key] !== null) return undefined;
  return {
    built,
    root: root as Record<string, unknown>,
    offsets,
    last,
    key,
    lines: lineStarts(headText),
    text: headText,
  };
}

/** A run's source; `text` holds its lines from offset `base` of the file (the whole file: 0). */
function partSource(
  file: string,
  text: string,
  base: number,
  head: Head,
  part: Built,
  lines: number[],
  partFirstLine: number,
  listOffset: number,
  headEnd: number,
): PartSource {
  const root = { ...head.root, [head.key]: part.root };
  const rootOffsets: Offsets = [...head.offsets];
  rootOffsets[head.last + 2] = listOffset;
  const offsetsOf = (node: object) =>
    node === root ? rootOffsets : (part.index.get(node) ?? head.built.index.get(node));
  const source: PartSource = {
    file,
    text,
    value: root,
    needsWhole: false,
    listOffset,
    locate(path: Path, options?: { key?: boolean }) {
      const offset = offsetOf(root, head.built.rootOffset, offsetsOf, path, options?.key === true);
      if (offset === UNKNOWN) {
        source.needsWhole = true;
        return { file, line: 1, column: 1, length: 1 };
      }
      if (offset < headEnd) return position(head.lines, file, offset);
      return position(lines, file, offset, partFirstLine);
    },
    lineText(line: number) {
      const inHead = line < partFirstLine;
      const at = inHead ? head.lines[line - 1] : lines[line - partFirstLine];
      if (at === undefined) return undefined;
      const [whole, from] = inHead ? [head.text, at] : [text, at - base];
      const nl = whole.indexOf('\n', from);
      const raw = whole.slice(from, nl === -1 ? whole.length : nl);
      return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    },
  };
  return source;
}

function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < to; nl = text.indexOf('\n', nl + 1)) n++;
  return n;
}

function tryConstruct(text: string, base: number): Built | undefined {
  try {
    return construct(text, base);
  } catch {
    return undefined;
  }
}
