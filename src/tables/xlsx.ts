/**
 * The first sheet (or a named one) of an .xlsx workbook as a table of cell texts. An .xlsx is a
 * ZIP of XML parts: the package relationships name the workbook, the workbook lists its sheets in
 * tab order and points at their parts, and most text cells index the shared strings. The parts
 * are machine-written and flat, so a scan for the few elements we need (row, c, v, is, si, t) is
 * enough; phonetic guides (<rPh>, Japanese furigana) are left out of the text, as Excel shows it.
 */
import { ZipArchive, ZipError } from './zip.js';
import type { Table } from './table.js';

export type XlsxResult = { ok: true; table: Table; sheet: string; sheets: string[] } | { ok: false; message: string };

export function readXlsx(bytes: Buffer, options: { sheet?: string } = {}): XlsxResult {
  try {
    return readWorkbook(new ZipArchive(bytes), options.sheet);
  } catch (error) {
    if (error instanceof ZipError) return { ok: false, message: error.message };
    throw error;
  }
}

function readWorkbook(zip: ZipArchive, wanted: string | undefined): XlsxResult {
  const workbookPath =
    relationshipTargets(zip, '_rels/.rels', '').find((r) => r.type.endsWith('/officeDocument'))?.target ??
    'xl/workbook.xml';
  const workbook = text(zip, workbookPath);
  if (workbook === undefined) return { ok: false, message: 'not an Excel workbook (no xl/workbook.xml inside)' };
  const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
  const rels = relationshipTargets(zip, relsPath, base);
  const sheets = [...elements(workbook, 'sheet')].map((e) => attributes(e.open));
  if (sheets.length === 0) return { ok: false, message: 'the workbook has no sheets' };
  const names = sheets.map((s) => s.name ?? '');
  const chosen = wanted === undefined ? sheets[0]! : sheets.find((s) => s.name === wanted);
  if (!chosen)
    return { ok: false, message: `no sheet named \`${wanted}\` (sheets: ${names.map((n) => `\`${n}\``).join(', ')})` };
  const target = rels.find((r) => r.id === chosen['r:id'] || r.id === chosen.id)?.target;
  const sheetXml = target ? text(zip, target) : undefined;
  if (sheetXml === undefined)
    return { ok: false, message: `sheet \`${chosen.name ?? '?'}\`: its part is missing from the workbook` };
  const sharedPath = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? `${base}sharedStrings.xml`;
  const shared = readSharedStrings(text(zip, sharedPath));
  return { ok: true, table: readSheet(sheetXml, shared), sheet: chosen.name ?? '', sheets: names };
}

function text(zip: ZipArchive, path: string): string | undefined {
  return zip.read(path)?.toString('utf8');
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** A .rels part; targets resolved against `base` (the folder of the part they belong to). */
function relationshipTargets(zip: ZipArchive, path: string, base: string): Relationship[] {
  const xml = text(zip, path);
  if (xml === undefined) return [];
  return [...elements(xml, 'Relationship')].map((e) => {
    const a = attributes(e.open);
    const target = a.Target ?? '';
    return {
      id: a.Id ?? '',
      type: a.Type ?? '',
      target: target.startsWith('/') ? target.slice(1) : normalizePath(base + target),
    };
  });
}

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function readSharedStrings(xml: string | undefined): string[] {
  if (xml === undefined) return [];
  return [...elements(xml, 'si')].map((si) => runText(si.body));
}

/** The text of a string item: its <t> runs, without phonetic guides. */
function runText(xml: string): string {
  const withoutPhonetics = xml.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '');
  let out = '';
  for (const t of elements(withoutPhonetics, 't')) out += unescapeOoxml(decodeXml(t.body));
  return out;
}

function readSheet(xml: string, shared: string[]): Table {
  const rows: string[][] = [];
  const lines: number[] = [];
  let rowNumber = 0;
  for (const row of elements(xml, 'row')) {
    const ra = attributes(row.open);
    rowNumber = ra.r ? Number(ra.r) : rowNumber + 1;
    const cells: string[] = [];
    let column = -1;
    for (const c of elements(row.body, 'c')) {
      const ca = attributes(c.open);
      column = ca.r ? columnIndex(ca.r) : column + 1;
      while (cells.length < column) cells.push('');
      cells[column] = cellText(ca.t, c.body, shared);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length === 0) continue;
    rows.push(cells);
    lines.push(rowNumber);
  }
  return { rows, lines };
}

function cellText(type: string | undefined, body: string, shared: string[]): string {
  if (type === 'inlineStr') {
    const is = first(body, 'is');
    return is === undefined ? '' : runText(is);
  }
  const v = first(body, 'v');
  if (v === undefined) return '';
  const value = decodeXml(v);
  switch (type) {
    case 's':
      return shared[Number(value)] ?? '';
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'str':
      return unescapeOoxml(value);
    default:
      return value;
  }
}

/** "BC12" → 54 (0-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

interface Element {
  open: string;
  body: string;
}

/** Elements of one local name (any namespace prefix), in document order; self-closing ones have an empty body. */
function* elements(xml: string, name: string): Generator<Element> {
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>)`, 'g');
  for (const m of xml.matchAll(re)) yield { open: m[1] ?? '', body: m[2] ?? '' };
}

function first(xml: string, name: string): string | undefined {
  for (const e of elements(xml, name)) return e.body;
  return undefined;
}

/** Attributes by their qualified name (`r:id`) and, when prefixed, also by their local name. */
function attributes(open: string): Record<string, string> {
  // no prototype: an attribute named `__proto__` or `constructor` is a name like any other
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const m of open.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const value = decodeXml(m[2] ?? m[3] ?? '');
    out[m[1]!] = value;
    const colon = m[1]!.indexOf(':');
    if (colon !== -1 && !m[1]!.startsWith('xmlns')) out[m[1]!.slice(colon + 1)] ??= value;
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** OOXML writes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`). */
function unescapeOoxml(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
