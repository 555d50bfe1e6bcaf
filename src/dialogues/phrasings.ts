/**
 * Phrasing lists for data-driven steps: inline (`send: {anyOf: [...]}`) or from a file beside the
 * spec — text (a phrasing a line), YAML (a list, or scenario → list), or a table (CSV, TSV, .xlsx)
 * whose rows may also name the scenario each phrasing must reach. Problems point into the file.
 */
import { extname } from 'node:path';
import type { Problem, SourcePos } from '../diagnostics/problem.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import { decodeText } from '../tables/text-decode.js';
import { readTable } from '../tables/read-table.js';
import { columnLetter, findColumn, SCENARIO_HEADER_HINTS } from '../tables/table.js';

export interface Phrasing {
  text: string;
  /** The scenario this phrasing must reach, when its file says so. */
  scenario?: string;
  pos: SourcePos;
}

/** At most this many phrasings in one list: each is a dialogue run. */
export const MAX_PHRASINGS = 10_000;

/** Headers that name the phrasing column of a table, checked in order. */
export const UTTERANCE_HEADER_HINTS = [
  'utterance',
  'phrasing',
  'phrase',
  'question',
  'sentence',
  '발화',
  '질문',
  '문장',
  '例文',
  '発話',
  '質問',
];

export interface PhrasingFileRef {
  file: string;
  column?: string;
  scenarioColumn?: string;
  sheet?: string;
}

export interface PhrasingFileResult {
  phrasings: Phrasing[];
  problems: Problem[];
  /** The file's text, for rendering positions (absent for .xlsx). */
  text?: string;
}

/** A file's bytes → its phrasings; `shown` is the file as messages name it. */
export function readPhrasingFile(ref: PhrasingFileRef, shown: string, bytes: Buffer): PhrasingFileResult {
  const ext = extname(ref.file).toLowerCase();
  const at = (line: number, column = 1): SourcePos => ({ file: shown, line, column });
  const fail = (message: string, line = 1, code = 'bad-utterance-file'): PhrasingFileResult => ({
    phrasings: [],
    problems: [{ ...at(line), code, message }],
  });
  if (ext === '.csv' || ext === '.tsv' || ext === '.xlsx') return fromTable(ref, shown, bytes, at, fail);
  const decoded = decodeText(bytes);
  if (!decoded.ok) return fail(decoded.message);
  if (ext === '.yaml' || ext === '.yml') return { ...fromYaml(shown, decoded.text), text: decoded.text };
  if (ext === '.txt' || ext === '') return { phrasings: fromText(decoded.text, at), problems: [], text: decoded.text };
  return fail(`cannot read phrasings from a ${ext} file: use .txt, .yaml, .csv, .tsv or .xlsx`);
}

function fromText(text: string, at: (line: number, column?: number) => SourcePos): Phrasing[] {
  const out: Phrasing[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#'))
      out.push({ text: trimmed, pos: at(i + 1, line.indexOf(trimmed) + 1) });
  });
  return out;
}

function fromYaml(shown: string, text: string): PhrasingFileResult {
  const parsed = parseYamlSource(shown, text);
  if (!parsed.ok) return { phrasings: [], problems: parsed.problems };
  const { value, locate } = parsed.source;
  const problems: Problem[] = [];
  const phrasings: Phrasing[] = [];
  const item = (v: unknown, path: Array<string | number>, scenario?: string) => {
    const { file, line, column } = locate(path);
    if (typeof v === 'string' || typeof v === 'number') {
      if (String(v).trim() !== '')
        phrasings.push({
          text: String(v).trim(),
          pos: { file, line, column },
          ...(scenario !== undefined ? { scenario } : {}),
        });
    } else problems.push({ file, line, column, code: 'wrong-type', message: 'expected a phrasing (a text)' });
  };
  if (Array.isArray(value)) value.forEach((v, i) => item(v, [i]));
  else if (typeof value === 'object' && value !== null) {
    for (const [scenario, list] of Object.entries(value)) {
      if (Array.isArray(list)) list.forEach((v, i) => item(v, [scenario, i], scenario));
      else
        problems.push({
          ...locate([scenario]),
          code: 'wrong-type',
          message: `expected the phrasings of scenario \`${scenario}\` as a list`,
        });
    }
  } else {
    problems.push({
      ...locate([]),
      code: 'wrong-type',
      message: 'expected a list of phrasings, or scenario names each with a list of phrasings',
    });
  }
  return { phrasings, problems: problems.map(({ length: _length, ...p }) => p) };
}

function fromTable(
  ref: PhrasingFileRef,
  shown: string,
  bytes: Buffer,
  at: (line: number, column?: number) => SourcePos,
  fail: (message: string, line?: number) => PhrasingFileResult,
): PhrasingFileResult {
  const read = readTable(ref.file, bytes, ref.sheet !== undefined ? { sheet: ref.sheet } : {});
  if (!read.ok) return fail(read.message, read.line);
  const [header, ...rows] = read.table.rows;
  const lines = read.table.lines.slice(1);
  if (!header) return fail('the table is empty: the first row names the columns, the rows below hold the phrasings');
  const headers = header.map((h) => `\`${h}\``).join(', ');
  let scenarioCol = findColumn(
    header,
    ref.scenarioColumn,
    ref.scenarioColumn === undefined ? SCENARIO_HEADER_HINTS : [],
  );
  if (ref.scenarioColumn !== undefined && !scenarioCol)
    return fail(`no column \`${ref.scenarioColumn}\` (columns: ${headers})`, read.table.lines[0]);
  let textCol = findColumn(header, ref.column, ref.column === undefined ? UTTERANCE_HEADER_HINTS : []);
  if (ref.column !== undefined && !textCol)
    return fail(`no column \`${ref.column}\` (columns: ${headers})`, read.table.lines[0]);
  // a phrasing column named outright wins over a guessed scenario column
  if (textCol && ref.column !== undefined && ref.scenarioColumn === undefined && scenarioCol?.index === textCol.index)
    scenarioCol = undefined;
  if (!textCol || textCol.index === scenarioCol?.index) {
    const index = header.findIndex((_, i) => i !== scenarioCol?.index);
    if (index === -1)
      return fail(`no column holds the phrasings (columns: ${headers}); name it with \`column:\``, read.table.lines[0]);
    textCol = { index, header: header[index]! };
  }
  const phrasings: Phrasing[] = [];
  const scenarioIndex = scenarioCol?.index;
  rows.forEach((row, i) => {
    const text = (row[textCol.index] ?? '').trim();
    if (text === '') return;
    const scenario = scenarioIndex !== undefined ? (row[scenarioIndex] ?? '').trim() : '';
    phrasings.push({ text, pos: at(lines[i]!, textCol.index + 1), ...(scenario !== '' ? { scenario } : {}) });
  });
  const columnNote =
    read.sheet !== undefined ? ` (sheet \`${read.sheet}\`, column ${columnLetter(textCol.index)})` : '';
  if (phrasings.length === 0) return fail(`no phrasings in column \`${textCol.header}\`${columnNote}`);
  return { phrasings, problems: [] };
}

/** Duplicates, emptiness and size, whatever the list came from. */
export function checkPhrasings(phrasings: Phrasing[], where: SourcePos): Problem[] {
  if (phrasings.length === 0) return [{ ...where, code: 'no-phrasings', message: 'no phrasings to send' }];
  if (phrasings.length > MAX_PHRASINGS)
    return [
      {
        ...where,
        code: 'too-many-phrasings',
        message: `${phrasings.length} phrasings in one list (at most ${MAX_PHRASINGS.toLocaleString('en-US')}: each is a dialogue run)`,
        hint: 'split the list across dialogues',
      },
    ];
  const seen = new Map<string, Phrasing>();
  const problems: Problem[] = [];
  for (const p of phrasings) {
    const earlier = seen.get(p.text);
    if (earlier)
      problems.push({
        ...p.pos,
        code: 'duplicate-phrasing',
        message: `phrasing \`${p.text}\` is listed twice (first at line ${earlier.pos.line})`,
        hint: 'each phrasing is one dialogue run, named by its text: keep one',
      });
    else seen.set(p.text, p);
  }
  return problems;
}
