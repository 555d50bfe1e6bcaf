/** A table read from a CSV, TSV or .xlsx file: rows of cell texts, each with where it sits in the file. */

export interface Table {
  rows: string[][];
  /** Per row: its line in a text file, its row number in a sheet (1-based). */
  lines: number[];
}

/** What a column is called in messages and where to find it. */
export interface ColumnChoice {
  index: number;
  header: string;
}

/**
 * A column by name (exact, then case-insensitive), else the leftmost header containing any of
 * `hints` (case-insensitive), else undefined.
 */
export function findColumn(
  header: readonly string[],
  wanted: string | undefined,
  hints: readonly string[],
): ColumnChoice | undefined {
  const clean = header.map((h) => h.trim());
  if (wanted !== undefined) {
    let index = clean.indexOf(wanted.trim());
    if (index === -1) index = clean.findIndex((h) => h.toLowerCase() === wanted.trim().toLowerCase());
    return index === -1 ? undefined : { index, header: clean[index]! };
  }
  const lowered = hints.map((h) => h.toLowerCase());
  const index = clean.findIndex((h) => lowered.some((hint) => h.toLowerCase().includes(hint)));
  return index === -1 ? undefined : { index, header: clean[index]! };
}

/** Column letter(s) as spreadsheets show them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Headers that name the scenario column of a CLOVA Chatbot Builder export (English, Korean,
 * Japanese UIs), checked in order.
 */
export const SCENARIO_HEADER_HINTS = [
  'scenario',
  '대화 이름',
  'conversation',
  '시나리오',
  'シナリオ',
  '会話名',
  '会話',
];
