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
}

/** The parts of `text` split at `chunks` under `key`, in order; `undefined` where the file must be loaded whole. */
export function* fastParts(
  file: string,
  text: string,
  key: string,
  chunks: ListChunks,
): Generator<PartSource | undefined> {
  const head = tryConstruct(text.slice(0, chunks.headEnd), 0);
  const headRoot = head?.root;
  if (!head || typeof headRoot !== 'object' || headRoot === null || Array.isArray(headRoot)) {
    yield undefined;
    return;
  }
  const headOffsets = head.index.get(headRoot)!;
  // the key is the head's last pair, with nothing after it (its list is the rest of the file)
  const last = headOffsets.length - 3;
  if (headOffsets[last] !== key || (headRoot as Record<string, unknown>)[key] !== null) {
    yield undefined;
    return;
  }
  const headLines = lineStarts(text, 0, chunks.headEnd);
  let firstLine = headLines.length;
  let aliases = head.aliases;
  let listOffset = UNKNOWN;
  for (const [start, end] of chunks.runs) {
    const part = tryConstruct(text.slice(start, end), start);
    if (!part || !Array.isArray(part.root) || (aliases += part.aliases) > MAX_ALIASES) {
      yield undefined;
      return;
    }
    if (listOffset === UNKNOWN) listOffset = part.rootOffset;
    const items = part.root;
    const root = { ...(headRoot as Record<string, unknown>), [key]: items };
    const rootOffsets: Offsets = [...headOffsets];
    rootOffsets[last + 2] = listOffset;
    const offsetsOf = (node: object) => (node === root ? rootOffsets : (part.index.get(node) ?? head.index.get(node)));
    const lines = lineStarts(text, start, end);
    const partFirstLine = firstLine;
    const source: PartSource = {
      file,
      text,
      value: root,
      needsWhole: false,
      locate(path: Path, options?: { key?: boolean }) {
        const offset = offsetOf(root, head.rootOffset, offsetsOf, path, options?.key === true);
        if (offset === UNKNOWN) {
          source.needsWhole = true;
          return { file, line: 1, column: 1, length: 1 };
        }
        if (offset < chunks.headEnd) return position(headLines, file, offset);
        return position(lines, file, offset, partFirstLine);
      },
      lineText(line: number) {
        const inHead = line < partFirstLine;
        const starts = inHead ? headLines : lines;
        const i = inHead ? line - 1 : line - partFirstLine;
        const from = starts[i];
        if (from === undefined) return undefined;
        const nl = text.indexOf('\n', from);
        const raw = text.slice(from, nl === -1 ? text.length : nl);
        return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      },
    };
    yield source;
    firstLine += lines.length - 1;
  }
}

function tryConstruct(text: string, base: number): Built | undefined {
  try {
    return construct(text, base);
  } catch {
    return undefined;
  }
}
