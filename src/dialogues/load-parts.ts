/**
 * A big spec file loaded a part at a time: the `dialogues:` list is cut into runs of items
 * (yaml/list-chunks.ts), and each run is parsed, checked, built and handed over before the next is
 * parsed, so memory follows the run, not the file (one 35 MB file held ~1 GB loaded whole).
 *
 * Only a file that loads cleanly this way is loaded this way. At the first part with a problem, or
 * anything the fast parser does not place exactly, the parts handed over are taken back and the
 * caller loads the file whole as before: every message, position and value stays what it was.
 */
import { dirname } from 'node:path';
import { splitTopLevelList, type ListChunks } from '../yaml/list-chunks.js';
import { fastPart, fastParts, runFirstLines, type PartPlace, type PartSource } from '../yaml/fast-yaml-parts.js';
import { readAttachments, specFromSource, type SpecContext } from './spec-from-source.js';
import type { Suite } from './types.js';

/** How a caller takes parts: `mark` comes before a file's first part, `rollback` takes back what came since. */
export interface PartsHandover {
  onSuite(suite: Suite): void;
  mark(): void;
  rollback(): void;
  /** About how many characters of the list each part holds. */
  chars?: number;
  /** Files of at least this many characters are loaded in parts. */
  from?: number;
  /** Another thread that loads some of the parts (run-plan.ts). */
  elsewhere?: (shown: string, text: string, chunks: ListChunks) => PartsElsewhere | undefined;
}

/** Parts loaded by another thread and handed over from there, in the file's order. */
export interface PartsElsewhere {
  takes(run: number): boolean;
  /** Once the first part is parsed: where every run is. */
  start(place: (run: number) => PartPlace): void;
  /** Run `run` loaded there and handed over: its dialogues' names; undefined: load it here. */
  take(run: number): Promise<string[] | undefined> | undefined;
}

/**
 * A part of about 16 K characters: ~45 dialogues of the bench's shape. Small, so that a part's
 * parse tree dies young. A part of 256 K made a few MB of parser state, more than fits between two
 * scavenges, so most of it was copied, promoted, and collected again by a full GC. At 100,000
 * dialogues in one file, that made GC 2.6 s of 13 s CPU (1.0 s of 10 s with 16 K parts: 62 full
 * GCs against 10).
 */
export const DEFAULT_PART_CHARS = 16 * 1024;

/**
 * Files from 512 K characters are loaded in parts. A smaller file is loaded whole, and can go to
 * the second thread whole (plan-threads.ts), which takes parts only of files of many megabytes.
 */
export const DEFAULT_PARTS_FROM_CHARS = 512 * 1024;

/**
 * Loads `text` in parts and hands each over as a suite of the file (same file, name, tags and
 * position; its dialogues a run of the file's). False when the file must be loaded whole (nothing
 * is left handed over then).
 */
export async function loadInParts(
  path: string,
  shown: string,
  text: string,
  context: SpecContext,
  handover: PartsHandover,
  referenced: Set<string>,
  cwd: string,
): Promise<boolean> {
  const chars = handover.chars ?? DEFAULT_PART_CHARS;
  if (text.length < Math.max(handover.from ?? DEFAULT_PARTS_FROM_CHARS, 2 * chars)) return false;
  const chunks = splitTopLevelList(text, 'dialogues', chars);
  if (!chunks || chunks.runs.length < 2) return false;
  const seen = new Map<string, number>();
  let marked = false;
  const giveUp = () => {
    if (marked) handover.rollback();
    return false;
  };
  const handOver = async (source: PartSource): Promise<boolean> => {
    const attachments = await readAttachments(source.value, dirname(path), cwd);
    for (const a of attachments.values()) referenced.add(a.absolute);
    const result = specFromSource(source, { ...context, attachments, seen });
    if (!result.ok || source.needsWhole) return false;
    if (!marked) handover.mark();
    marked = true;
    handover.onSuite(result.suite);
    return true;
  };
  const other = handover.elsewhere?.(shown, text, chunks);
  let run = -1;
  for (const source of fastParts(shown, text, 'dialogues', chunks, (k) => other?.takes(k) === true)) {
    run++;
    if (!source) return giveUp();
    if (!('value' in source)) {
      const names = await other!.take(run);
      if (names) {
        // a name used twice across parts is a problem: the whole file's loading words it
        for (const name of names) if (seen.has(name)) return giveUp();
        for (const name of names) seen.set(name, -1);
        continue;
      }
      // declined there: built here from its own text, placed as it would have been
      const [start, end] = chunks.runs[run]!;
      const part = fastPart(shown, text.slice(0, chunks.headEnd), text.slice(start, end), 'dialogues', source);
      if (!part || !(await handOver(part))) return giveUp();
      continue;
    }
    if (!(await handOver(source))) return giveUp();
    if (run === 0 && other) {
      const firstLines = runFirstLines(text, chunks);
      const listOffset = source.listOffset;
      other.start((k) => ({ start: chunks.runs[k]![0], firstLine: firstLines[k]!, listOffset }));
    }
  }
  return true;
}
