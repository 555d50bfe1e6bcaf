/**
 * CSV as RFC 4180 and spreadsheets write it: quoted fields may hold the delimiter, doubled quotes
 * and line breaks; CRLF or LF; the delimiter is a comma, a tab or a semicolon (some locales'
 * Excel), chosen from the header line unless given.
 */
import type { Table } from './table.js';

export type CsvResult = { ok: true; table: Table } | { ok: false; message: string; line: number };

export function parseCsv(text: string, delimiter?: string): CsvResult {
  const sep = delimiter ?? guessDelimiter(text);
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStarted = false;
  const endField = () => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    // a line with nothing on it is not a row
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (ch === sep) {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, message: 'a quoted field is never closed (a `"` is missing)', line: quoteLine };
  if (field !== '' || row.length > 0) endRow();
  return { ok: true, table: { rows, lines } };
}

function guessDelimiter(text: string): string {
  const nl = text.search(/\r?\n/);
  const header = nl === -1 ? text : text.slice(0, nl);
  const outside = header.replace(/"[^"]*"/g, '');
  const counts: Array<[string, number]> = [',', '\t', ';'].map((d) => [d, outside.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}
