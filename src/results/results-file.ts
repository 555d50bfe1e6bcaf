/**
 * The JSON results file: the run's event stream, serialized (docs/results-format.md). It is one
 * JSON document whose `dialogues` array holds one dialogue per line, so it is both
 * `JSON.parse`-able and readable line by line without holding the run in memory:
 *
 *   {"schema":"clova-regress/results@1","tool":{…},"info":{…},"options":{…},"dialogues":[
 *   {…dialogue…},
 *   {…dialogue…}
 *   ],"summary":{…}}
 *
 * This module owns the format: the line builders the writer uses, and the reader (streaming and
 * whole) that merge, `report` and `--baseline` use. A file reformatted by another tool (say,
 * pretty-printed by jq) is still read, whole.
 */
import { constants, type Stats } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { readLineBatches } from '../io/lines.js';
import type { DialogueResult, RunSummary } from './model.js';
import { dialogueJsonParts, type RawTexts } from './dialogue-json.js';
import { checkDialogue, checkHeader, checkSummary } from './results-check.js';
import { ResultsFileError, type ResultsFile, type ResultsHeader } from './results-format.js';

export { RESULTS_FORMAT, RESULTS_SCHEMA, RESULTS_VERSION, ResultsFileError } from './results-format.js';
export type { ResultsFile, ResultsHeader } from './results-format.js';

const DIALOGUES_OPEN = ',"dialogues":[';

/** The first line: the header object, left open at its dialogues array. */
export function headerLine(header: ResultsHeader): string {
  return [...headerLineParts(header)].join('');
}

/** Plan entries stringified per piece of the header line: a few hundred KB of text at a time. */
const PLANNED_PER_PART = 500;

/**
 * The same line in pieces, for a writer that takes them one at a time: the plan is stringified
 * `PLANNED_PER_PART` entries at a time. In one go, the line of a 100,000-dialogue plan was a 40 MB
 * string, made, copied and encoded at once: ~250 MB of heap for a moment, which V8 kept for the
 * rest of the run. JSON.stringify of an array of plain objects is `[`, each item's JSON joined
 * by `,`, and `]`, so the pieces joined are the same text, byte for byte.
 */
export function* headerLineParts(header: ResultsHeader): Generator<string> {
  const { planned } = header.info;
  const mark = `\u0000clova-planned-${Math.random().toString(36).slice(2)}`;
  const json = JSON.stringify({ ...header, info: { ...header.info, planned: mark } });
  const quoted = JSON.stringify(mark);
  const at = json.indexOf(quoted);
  if (at === -1 || json.indexOf(quoted, at + 1) !== -1) {
    // the mark's text found elsewhere too (a name spelling it): the whole line in one go
    yield `${JSON.stringify(header).slice(0, -1)}${DIALOGUES_OPEN}`;
    return;
  }
  yield `${json.slice(0, at)}[`;
  for (let i = 0; i < planned.length; i += PLANNED_PER_PART) {
    const texts = planned.slice(i, i + PLANNED_PER_PART).map((d) => JSON.stringify(d));
    yield i === 0 ? texts.join(',') : `,${texts.join(',')}`;
  }
  yield `]${json.slice(at + quoted.length, -1)}${DIALOGUES_OPEN}`;
}

/**
 * One dialogue's line; every dialogue line but the first starts with the comma ending the one before.
 * `rawTexts` holds the JSON text of raw replies the writer has already (dialogue-json.ts).
 */
export function dialogueLine(result: DialogueResult, first: boolean, rawTexts: RawTexts = NO_TEXTS): string {
  return dialogueLineParts(result, first, rawTexts).join('');
}

/** The same line in pieces (dialogue-json.ts), for a writer that takes them one by one. */
export function dialogueLineParts(result: DialogueResult, first: boolean, rawTexts: RawTexts = NO_TEXTS): string[] {
  const parts = dialogueJsonParts(result, rawTexts);
  parts.unshift(first ? '\n' : ',\n');
  return parts;
}

const NO_TEXTS: RawTexts = new Map();

/** Closes the dialogues array and the document. */
export function footerLine(summary: RunSummary): string {
  return `\n],"summary":${JSON.stringify(summary)}}\n`;
}

/** The whole file as text: what the streaming writer produces, for small runs and tests. */
export function formatResultsFile(file: ResultsFile): string {
  const { dialogues, summary, ...header } = file;
  return headerLine(header) + dialogues.map((d, i) => dialogueLine(d, i === 0)).join('') + footerLine(summary);
}

/**
 * Reads a results file dialogue by dialogue: `onDialogue` gets each, in file order, after the
 * header was checked; the header and summary come back at the end. Memory stays flat whatever the
 * run's size. Throws ResultsFileError for anything that is not a readable results file.
 */
export async function streamResultsFile(
  path: string,
  onDialogue: (result: DialogueResult, header: ResultsHeader) => void | Promise<void>,
): Promise<ResultsHeader & { summary: RunSummary }> {
  await checkReadable(path);
  let lineNo = 0;
  let header: ResultsHeader | undefined;
  let summary: RunSummary | undefined;
  let count = 0;
  try {
    for await (const batch of readLineBatches(path)) {
      for (const text of batch) {
        lineNo++;
        if (!header) {
          if (!text.startsWith('{') || !text.endsWith(DIALOGUES_OPEN)) {
            // not the line-per-dialogue layout: maybe reformatted; read it whole
            const whole = await readWhole(path);
            for (const d of whole.dialogues) await onDialogue(d, whole);
            const { dialogues: _, ...rest } = whole;
            return rest;
          }
          header = checkHeader(parseLine(path, `${text.slice(0, -DIALOGUES_OPEN.length)}}`, lineNo), path);
          continue;
        }
        if (summary) {
          if (text.trim() !== '') throw new ResultsFileError(path, 'unexpected text after the run summary', lineNo);
          continue;
        }
        if (text.startsWith(']')) {
          const closing = parseLine(path, `{${text.slice(text.indexOf(',') + 1)}`, lineNo) as { summary?: unknown };
          summary = checkSummary(closing.summary, path, lineNo);
          continue;
        }
        const json = text.endsWith(',') ? text.slice(0, -1) : text;
        const dialogue = checkDialogue(parseLine(path, json, lineNo), path, lineNo);
        count++;
        const pending = onDialogue(dialogue, header);
        if (pending) await pending;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // a file system error is about the file; anything else (a caller's onDialogue) goes on as it is
    if (typeof code === 'string' && !(error instanceof ResultsFileError))
      throw new ResultsFileError(path, `cannot read the file: ${code}`);
    throw error;
  }
  if (!header) throw new ResultsFileError(path, 'the file is empty');
  if (!summary) {
    throw new ResultsFileError(
      path,
      `the file ends after ${count} dialogue${count === 1 ? '' : 's'} without the run summary: it was cut short (a copy interrupted, a disk full?)`,
      lineNo,
    );
  }
  return { ...header, summary };
}

/** Reads a whole results file into memory, checked. */
export async function readResultsFile(path: string): Promise<ResultsFile> {
  const dialogues: DialogueResult[] = [];
  const rest = await streamResultsFile(path, (d) => {
    dialogues.push(d);
  });
  return { ...rest, dialogues };
}

/** The largest results file read (docs/results-format.md): far above a real run's, far below what exhausts the heap. */
export const MAX_RESULTS_BYTES = 512 * 1024 * 1024;

/**
 * A results file must be a regular file under the size cap: `/dev/zero` or a FIFO would be read
 * forever (a heap out of memory, a hang). Opened non-blocking so a FIFO with no writer does not
 * block the open itself, then checked on the open handle.
 */
async function checkReadable(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (info.isDirectory()) throw new ResultsFileError(path, 'it is a folder, not a results file');
    if (!info.isFile())
      throw new ResultsFileError(path, `it is ${kindOf(info)}, not a regular file: give the file written by --json`);
    if (info.size > MAX_RESULTS_BYTES)
      throw new ResultsFileError(
        path,
        `it is ${Math.round(info.size / 1024 / 1024)} MiB, over the ${MAX_RESULTS_BYTES / 1024 / 1024} MiB a results file may have`,
      );
  } catch (error) {
    if (error instanceof ResultsFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultsFileError(
      path,
      code === 'ENOENT' ? 'no such file' : `cannot read the file: ${code ?? (error as Error).message}`,
    );
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function kindOf(info: Stats): string {
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The fallback for a file not in the line layout: one JSON.parse, the same checks. */
async function readWhole(path: string): Promise<ResultsFile> {
  const text = await readFile(path, 'utf8');
  const value = parseLine(path, text, undefined) as Partial<ResultsFile> & Record<string, unknown>;
  const header = checkHeader(value, path);
  if (!Array.isArray(value.dialogues)) throw new ResultsFileError(path, '`dialogues` is missing or not a list');
  const dialogues = value.dialogues.map((d, i) => checkDialogue(d, path, undefined, i + 1));
  const summary = checkSummary(value.summary, path);
  return { ...header, dialogues, summary };
}

function parseLine(path: string, text: string, line: number | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (line === 1 || line === undefined) {
      const start = text.trimStart();
      if (start.startsWith('<'))
        throw new ResultsFileError(
          path,
          'this is XML or HTML (a JUnit or HTML report?), not a clova-regress results file: give the file written by --json',
          line,
        );
      if (!start.startsWith('{'))
        throw new ResultsFileError(path, 'not a clova-regress results file: it is not JSON', line);
    }
    throw new ResultsFileError(path, `corrupt JSON (${(error as Error).message})`, line);
  }
}
