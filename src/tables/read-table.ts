/** A CSV, TSV or .xlsx file's bytes → a Table, by extension, with a message when it cannot be read. */
import { extname } from 'node:path';
import { parseCsv } from './csv.js';
import { decodeText } from './text-decode.js';
import { readXlsx } from './xlsx.js';
import type { Table } from './table.js';

export type TableResult = { ok: true; table: Table; sheet?: string } | { ok: false; message: string; line?: number };

export const TABLE_EXTENSIONS = ['.csv', '.tsv', '.xlsx'];

export function isTableFile(file: string): boolean {
  return TABLE_EXTENSIONS.includes(extname(file).toLowerCase());
}

export function readTable(file: string, bytes: Buffer, options: { sheet?: string } = {}): TableResult {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const result = readXlsx(bytes, options);
    return result.ok ? { ok: true, table: result.table, sheet: result.sheet } : result;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.text, ext === '.tsv' ? '\t' : undefined);
  return parsed.ok ? { ok: true, table: parsed.table } : parsed;
}
