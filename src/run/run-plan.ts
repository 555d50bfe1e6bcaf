/**
 * Spec files + a selection → what one run executes: the planned dialogues (light: ids, titles, step
 * counts — what reporters and sharding need) and the dialogues themselves, handed out in plan order.
 * Suites are taken one at a time as they load, and the dialogues in full go to a DialogueStore, so
 * planning a run of any size holds only the light entries in memory.
 */
import { loadSpecs, type LoadOptions } from '../dialogues/load.js';
import type { Dialogue, TextMatcher } from '../dialogues/types.js';
import { planDialogues, planEntry } from './plan.js';
import { ForbiddenOnlyError, selectDialogues, type Selection } from './select.js';
import { DialogueStore } from './dialogue-store.js';
import type { PlannedDialogue } from '../results/model.js';
import type { PartsHandover } from '../dialogues/load-parts.js';
import type { ListChunks } from '../yaml/list-chunks.js';
import type { PlanAnswer } from './plan-file.js';
import { offloadFiles, offloadParts, PlanThread, type ThreadedFile, type ThreadOptions } from './plan-threads.js';

export interface RunPlan {
  /** Dialogues found in the spec files, before any selection. */
  found: number;
  /** Dialogues the filters kept, before sharding. */
  matched: number;
  /** Dialogues marked `only` (0: none, so every dialogue was eligible). */
  onlyMarked: number;
  /** Their fingerprint, shared by every shard of the run. */
  fingerprint: string;
  /** The dialogues this run executes, in plan order. */
  planned: PlannedDialogue[];
  /** The same dialogues in full, in the same order (read once). */
  dialogues(): AsyncIterable<Dialogue>;
  /** Every dialogue found, light (for messages about an empty selection). */
  all(): PlannedDialogue[];
  /** Frees what the plan holds (a temporary file for large runs). */
  dispose(): void;
}

export interface PlanOptions {
  load?: Omit<LoadOptions, 'onSuite' | 'parts'>;
  /** About how many characters of a big file's list each part holds (tests lower it). */
  partChars?: number;
  /** Files of at least this many characters are loaded in parts (tests lower it). */
  partsFrom?: number;
  /** Dialogues kept in memory before the store spills to disk (tests lower it). */
  memoryLimit?: number;
  /** Load big plans with a second thread (plan-threads.ts; default true). */
  threads?: boolean;
  /** The second thread's module and threshold (tests). */
  threadOptions?: Pick<ThreadOptions, 'workerFile' | 'minBytes'>;
  /** Each planned dialogue's expected scenarios (`expects`, for coverage); a listing goes without (default true). */
  expectations?: boolean;
}

export async function buildRunPlan(
  paths: string[],
  cwd: string,
  selection: Selection = {},
  options: PlanOptions = {},
): Promise<RunPlan> {
  const store = new DialogueStore(options.memoryLimit);
  // The entries wait as JSON text, off the heap, until every file is loaded. Made as they load, they
  // would sit scattered among the parser's garbage on half-empty heap pages the GC cannot give back
  // (at 100,000 dialogues that kept ~90 MB of pages for ~20 MB of entries); made in one go after,
  // they are packed together.
  const pending: Buffer[] = [];
  let found = 0;
  // where `only: true` is written, once per key (a suite's covers all its dialogues)
  const onlyAt = new Set<string>();
  // a big file comes a part at a time; if it must be loaded whole after all, its parts are taken back
  let marked = { found: 0, pending: 0, store: 0 };
  const parts: Omit<PartsHandover, 'onSuite'> = {
    ...(options.partChars ? { chars: options.partChars } : {}),
    ...(options.partsFrom ? { from: options.partsFrom } : {}),
    mark: () => void (marked = { found, pending: pending.length, store: store.mark() }),
    rollback: () => {
      found = marked.found;
      pending.length = marked.pending;
      store.dropSince(marked.store);
    },
  };
  const expectations = options.expectations ?? true;
  // a file or part the second thread loaded: its entries and dialogues as the lines made here
  const takeLoaded = (loaded: PlanAnswer): void => {
    if (loaded.count === 0) return;
    pending.push(Buffer.from(loaded.entries.buffer, loaded.entries.byteOffset, loaded.entries.byteLength));
    found += loaded.count;
    for (const at of loaded.onlyAt) onlyAt.add(at);
    store.addSerialized(loaded.dialogues, loaded.count);
  };
  const threadOptions: ThreadOptions = { expectations, ...options.threadOptions };
  if (options.partsFrom) threadOptions.partsFrom = options.partsFrom;
  const thread = options.threads === false ? undefined : PlanThread.usable(threadOptions);
  const elsewhere = thread && {
    files: (files: ThreadedFile[]) => {
      const take = offloadFiles(thread, files);
      return take && { take: (i: number) => take(i)?.then((a) => (a ? (takeLoaded(a), true) : false)) };
    },
    parts: (shown: string, text: string, chunks: ListChunks) => {
      const other = offloadParts(thread, shown, text, chunks.runs, chunks.headEnd);
      return (
        other && {
          takes: other.takes,
          start: other.start,
          take: (run: number) => other.take(run)?.then((a) => (a ? (takeLoaded(a), a.names) : undefined)),
        }
      );
    },
  };
  try {
    await loadSpecs(paths, cwd, {
      ...options.load,
      parts: elsewhere ? { ...parts, elsewhere: elsewhere.parts } : parts,
      ...(elsewhere ? { elsewhere: elsewhere.files } : {}),
      onSuite: (suite) => {
        const dialogues = planDialogues([suite]);
        if (dialogues.length === 0) return;
        pending.push(
          Buffer.from(dialogues.map((d) => JSON.stringify(planEntry(d, found++, expectations))).join('\n'), 'utf8'),
        );
        for (const dialogue of dialogues) {
          if (dialogue.only) onlyAt.add(`${dialogue.only.file}:${dialogue.only.line}`);
          store.add(dialogue);
        }
      },
    });
    if (onlyAt.size > 0 && selection.forbidOnly) throw new ForbiddenOnlyError([...onlyAt].sort(byFileThenLine));
    store.seal();
    const all: PlannedDialogue[] = [];
    // the dialogues of a file repeat its suite, its path and mostly the same tags: one copy each,
    // looked up by the text itself (a key made per entry cost more than the lookup: 100,000 of them)
    const suites = new Map<string, string>();
    const files = new Map<string, string>();
    const oneTag = new Map<string, string[]>();
    const tagLists = new Map<string, string[]>();
    const matchers: MatcherCopies = { equals: new Map(), contains: new Map(), other: new Map() };
    for (const chunk of pending.splice(0)) {
      for (const line of chunk.toString('utf8').split('\n')) {
        const entry = JSON.parse(line) as PlannedDialogue;
        // the second thread's entries come numbered from 0: the order is where they stand
        entry.order = all.length;
        entry.suite = interned(suites, entry.suite, entry.suite);
        entry.file = interned(files, entry.file, entry.file);
        const { tags } = entry;
        entry.tags =
          tags.length === 1 ? interned(oneTag, tags[0]!, tags) : interned(tagLists, JSON.stringify(tags), tags);
        if (entry.expects) for (const e of entry.expects) e.matcher = internedMatcher(matchers, e.matcher);
        all.push(entry);
      }
    }
    const { selected, matched, fingerprint } = selectDialogues(all, selection);
    return {
      found: all.length,
      matched,
      onlyMarked: onlyAt.size > 0 ? all.filter((d) => d.only).length : 0,
      fingerprint,
      planned: all.filter((_, i) => selected[i]),
      dialogues: () => store.read(selected),
      all: () => all,
      dispose: () => store.dispose(),
    };
  } catch (error) {
    store.dispose();
    throw error;
  } finally {
    thread?.close();
  }
}

function byFileThenLine(a: string, b: string): number {
  const [fa, la] = [a.slice(0, a.lastIndexOf(':')), Number(a.slice(a.lastIndexOf(':') + 1))];
  const [fb, lb] = [b.slice(0, b.lastIndexOf(':')), Number(b.slice(b.lastIndexOf(':') + 1))];
  return fa < fb ? -1 : fa > fb ? 1 : la - lb;
}

/** Matchers met so far: `equals` and `contains` by their text, any other by its JSON. */
interface MatcherCopies {
  equals: Map<string, TextMatcher>;
  contains: Map<string, TextMatcher>;
  other: Map<string, TextMatcher>;
}

/**
 * One copy of each expected scenario or chat type: a plan's dialogues expect the same few again and
 * again, and at 100,000 dialogues a matcher each was 300,000 objects (~12 MB) held all run long.
 * `equals` and `contains` matchers are `{ op, value }` and nothing else (matcher-syntax.ts).
 */
function internedMatcher(seen: MatcherCopies, m: TextMatcher): TextMatcher {
  if (m.op === 'equals') return interned(seen.equals, m.value, m);
  if (m.op === 'contains') return interned(seen.contains, m.value, m);
  return interned(seen.other, JSON.stringify(m), m);
}

/** The value first kept under `key`, keeping `value` if none was. */
function interned<T>(seen: Map<string, T>, key: string, value: T): T {
  const kept = seen.get(key);
  if (kept !== undefined) return kept;
  seen.set(key, value);
  return value;
}
