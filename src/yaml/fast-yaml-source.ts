/**
 * The fast way to a YamlSource: js-yaml's event parser (4–7× faster than the `yaml` package's
 * CST, which cost most of spec loading), building the plain value and, beside it, the offset of
 * every node and key. Positions must be exactly those of the positioned parser (yaml-source.ts),
 * so this path takes only YAML whose offsets it knows to agree, and answers `undefined` for
 * anything else (tags, merge keys, duplicate or complex keys, directives, several documents, a
 * syntax error…): the caller then parses with the `yaml` package as before. Offsets it cannot
 * derive from the events (block scalars' headers, empty values) are asked of a positioned parse
 * made only when such a node is located.
 */
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event } from 'js-yaml';
import type { SourcePos } from '../diagnostics/problem.js';
import { lineIndexOf, type Path, type YamlSource } from './yaml-source.js';

/** Offset of a node the events cannot place exactly: asked of the positioned parser. */
export const UNKNOWN = -1;
/** Aliases past this many go to the positioned parser, which has its own alias-bomb guard. */
const MAX_ALIASES = 100;

class Unsupported extends Error {}

type Container = unknown[] | Record<string, unknown>;
/** Per container: for a list, each item's offset; for a mapping, [key, key offset, value offset] per pair. */
export type Offsets = Array<string | number>;

/** What the events built: the plain value, its offset, each container's offsets, and how many aliases it used. */
export interface Built {
  root: unknown;
  rootOffset: number;
  index: Map<object, Offsets>;
  aliases: number;
}

interface Frame {
  value: Container;
  isMap: boolean;
  offset: number;
  offsets: Offsets;
  key: string | undefined;
  /** How yaml-source's findPair names the key: `String(value)` (a null key is `""` in the value, "null" to find). */
  lookup: string;
  keyOffset: number;
}

export function parseFastSource(
  file: string,
  text: string,
  positioned: () => YamlSource | undefined,
): YamlSource | undefined {
  let built: Built;
  try {
    built = construct(text);
  } catch {
    return undefined;
  }
  const { root, rootOffset, index } = built;
  let lines: number[] | undefined;
  let slow: YamlSource | undefined | null = null;
  const slowLocate = (path: Path, options?: { key?: boolean }) => {
    if (slow === null) slow = positioned();
    return slow ? slow.locate(path, options) : { file, line: 1, column: 1, length: 1 };
  };
  return {
    file,
    text,
    value: root,
    locate(path, options) {
      const offset = offsetOf(root, rootOffset, (node) => index.get(node), path, options?.key === true);
      if (offset === UNKNOWN) return slowLocate(path, options);
      lines ??= lineStarts(text);
      return position(lines, file, offset);
    },
  };
}

/**
 * The value and offsets of `text`; with `base`, `text` is a part of a file starting there, and
 * offsets are the file's. Throws when the text is not what this parser places exactly.
 */
export function construct(text: string, base = 0): Built {
  const events: Event[] = parseEvents(text, {});
  const at = (offset: number) => (offset === UNKNOWN ? UNKNOWN : offset + base);
  const index = new Map<object, Offsets>();
  const anchors = new Map<string, unknown>();
  const frames: Frame[] = [];
  let documents = 0;
  let root: unknown;
  let rootOffset = UNKNOWN;
  let aliases = 0;

  const add = (value: unknown, offset: number, isScalar: boolean): void => {
    const frame = frames[frames.length - 1];
    if (!frame) {
      root = value;
      rootOffset = offset;
      return;
    }
    if (!frame.isMap) {
      (frame.value as unknown[]).push(value);
      frame.offsets.push(offset);
      return;
    }
    const map = frame.value as Record<string, unknown>;
    if (frame.key === undefined) {
      // a key as the yaml package makes it: a scalar, stringified; anything unusual goes there
      if (!isScalar || (typeof value === 'object' && value !== null)) throw new Unsupported();
      const key = value === null ? '' : String(value);
      if (key === '<<' || key === '__proto__' || Object.hasOwn(map, key)) throw new Unsupported();
      frame.key = key;
      frame.lookup = String(value);
      frame.keyOffset = offset;
      return;
    }
    map[frame.key] = value;
    frame.offsets.push(frame.lookup, frame.keyOffset, offset);
    frame.key = undefined;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) throw new Unsupported();
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        if (event.tagStart !== UNKNOWN) throw new Unsupported();
        const isMap = event.type === EVENT_ID.MAPPING;
        const value: Container = isMap ? {} : [];
        // `[a: b]` is a mapping the events start at its key, where the yaml package may not
        const offset =
          event.style === 2 && text.charCodeAt(event.start) !== (isMap ? 0x7b : 0x5b) ? UNKNOWN : at(event.start);
        if (event.anchorStart !== UNKNOWN) anchors.set(text.slice(event.anchorStart, event.anchorEnd), value);
        frames.push({ value, isMap, offset, offsets: [], key: undefined, lookup: '', keyOffset: UNKNOWN });
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.tagStart !== UNKNOWN) throw new Unsupported();
        const source = getScalarValue(text, event);
        const value = event.style === SCALAR_STYLE.PLAIN ? CORE_SCHEMA.resolveImplicitScalarTag(source).value : source;
        let offset: number;
        if (event.valueStart === UNKNOWN) offset = UNKNOWN;
        else if (event.style === SCALAR_STYLE.PLAIN) offset = at(event.valueStart);
        // the yaml package starts a quoted scalar at its quote, a block scalar at its header
        else if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED)
          offset = at(event.valueStart - 1);
        else offset = UNKNOWN;
        if (event.anchorStart !== UNKNOWN) anchors.set(text.slice(event.anchorStart, event.anchorEnd), value);
        add(value, offset, true);
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(event.anchorStart, event.anchorEnd);
        if (++aliases > MAX_ALIASES || !anchors.has(name)) throw new Unsupported();
        const value = anchors.get(name);
        // a list or mapping used through an alias before it is complete (a cycle) is the yaml package's to judge
        if (typeof value === 'object' && value !== null && frames.some((f) => f.value === value))
          throw new Unsupported();
        add(value, at(event.anchorStart - 1), typeof value !== 'object' || value === null);
        break;
      }
      case EVENT_ID.POP: {
        if (frames.length === 0) break; // the document's end
        const frame = frames.pop()!;
        if (frame.key !== undefined) throw new Unsupported();
        index.set(frame.value, frame.offsets);
        add(frame.value, frame.offset, false);
        break;
      }
    }
  }
  if (documents !== 1 || root === undefined) throw new Unsupported();
  return { root, rootOffset, index, aliases };
}

/** The offset of the node at `path` (or its key), or of the nearest ancestor, as yaml-source's findNode does. */
export function offsetOf(
  root: unknown,
  rootOffset: number,
  offsetsOf: (node: object) => Offsets | undefined,
  path: Path,
  wantKey: boolean,
): number {
  let node = root;
  let offset = rootOffset;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (typeof node !== 'object' || node === null) return offset;
    const offsets = offsetsOf(node);
    if (!offsets) return offset;
    if (Array.isArray(node)) {
      if (typeof segment !== 'number' || segment < 0 || segment >= node.length) return offset;
      offset = offsets[segment] as number;
      node = node[segment];
      continue;
    }
    const key = String(segment);
    let at = -1;
    for (let k = 0; k < offsets.length; k += 3) {
      if (offsets[k] === key) {
        at = k;
        break;
      }
    }
    if (at === -1) return offset;
    if (i === path.length - 1 && wantKey) return offsets[at + 1] as number;
    offset = offsets[at + 2] as number;
    node = (node as Record<string, unknown>)[key];
  }
  return offset;
}

/** Offsets where lines start in [from, to) of `text` (the first: `from`). */
export function lineStarts(text: string, from = 0, to = text.length): number[] {
  const starts = [from];
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < to; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return starts;
}

/** Offset → position, by the line starts of a text (or of a part of it whose first line is `firstLine`). */
export function position(
  starts: number[],
  file: string,
  offset: number,
  firstLine = 1,
): SourcePos & { length: number } {
  const lo = lineIndexOf(starts, offset);
  return { file, line: lo + firstLine, column: offset - starts[lo]! + 1, length: 1 };
}
