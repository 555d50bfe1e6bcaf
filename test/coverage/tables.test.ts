import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/tables/csv.js';
import { decodeText } from '../../src/tables/text-decode.js';
import { readXlsx } from '../../src/tables/xlsx.js';
import { zipSync } from 'fflate';
import { readTable } from '../../src/tables/read-table.js';
import { FIXTURES } from '../helpers/fixtures.js';

const fixture = (name: string) => readFileSync(`${FIXTURES}coverage/${name}`);

describe('CSV', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks, CRLF, and skips blank lines', () => {
    const result = parseCsv('a,b,c\r\n1,"x, y","say ""hi""\r\nthere"\r\n\r\n2,,z\r\n');
    expect(result).toEqual({
      ok: true,
      table: {
        rows: [
          ['a', 'b', 'c'],
          ['1', 'x, y', 'say "hi"\r\nthere'],
          ['2', '', 'z'],
        ],
        lines: [1, 2, 5],
      },
    });
  });

  it('guesses a semicolon or tab delimiter from the header line', () => {
    expect(parseCsv('name;count\n"a;b";1\n')).toMatchObject({
      ok: true,
      table: {
        rows: [
          ['name', 'count'],
          ['a;b', '1'],
        ],
      },
    });
    expect(parseCsv('name\tcount\na,b\t1\n')).toMatchObject({
      ok: true,
      table: {
        rows: [
          ['name', 'count'],
          ['a,b', '1'],
        ],
      },
    });
  });

  it('reports an unclosed quote at the line it opened', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({
      ok: false,
      message: 'a quoted field is never closed (a `"` is missing)',
      line: 2,
    });
  });

  it('reads the fixture export with its BOM, Korean and Japanese names', () => {
    const result = readTable('conversation-list.csv', fixture('conversation-list.csv'));
    if (!result.ok) throw new Error(result.message);
    expect(result.table.rows[0]).toEqual(['No', 'Conversation name', 'Type', 'Questions', 'Memo']);
    expect(result.table.rows.map((r) => r[1])).toEqual([
      'Conversation name',
      'Products',
      'Product A',
      'Price, Product A',
      '영업시간',
      '営業時間',
      'Order',
      'Order size',
      'Store hours',
      'Delivery',
      'Thanks',
    ]);
    expect(result.table.rows[3]![4]).toBe('a "follow-up",\nasked after Product A');
    expect(result.table.lines.slice(0, 6)).toEqual([1, 2, 3, 4, 6, 7]);
  });
});

describe('text decoding', () => {
  it('accepts UTF-8 with or without BOM and UTF-16 with a BOM; refuses other encodings with a fix', () => {
    expect(decodeText(Buffer.from('\uFEFF대화', 'utf8'))).toEqual({ ok: true, text: '대화' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('会話', 'utf16le')]))).toEqual({
      ok: true,
      text: '会話',
    });
    // "대화" in CP949, as Excel's plain "CSV" writes it in a Korean locale
    const refused = decodeText(Buffer.from([0xb4, 0xeb, 0xc8, 0xad]));
    expect(refused).toEqual({
      ok: false,
      message: 'the file is not UTF-8 text (Excel: save as "CSV UTF-8"; or export it again as UTF-8)',
    });
  });
});

describe('xlsx', () => {
  it('reads the first sheet in tab order: shared and inline strings, rich text without phonetic guides, numbers, sparse rows', () => {
    const result = readXlsx(fixture('conversation-list.xlsx'));
    if (!result.ok) throw new Error(result.message);
    expect(result.sheet).toBe('대화 목록');
    expect(result.sheets).toEqual(['대화 목록', 'Notes']);
    expect(result.table.rows).toEqual([
      ['No', '대화 이름', '답변 유형'],
      ['1', 'Products', '기본 답변'],
      ['2', 'Product A', '기본 답변'],
      ['3', 'Price, Product A', 'Q&A'],
      ['4', '영업시간'],
      ['5', '営業時間'],
      ['6', 'Order', '', 'Line\rbreak'],
      ['7', 'Order size'],
      ['8', 'Store hours'],
      ['', 'Delivery'],
      ['10', 'Thanks'],
    ]);
    expect(result.table.lines).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
  });

  it('reads a sheet by name, and lists the sheets when the name is wrong', () => {
    const notes = readXlsx(fixture('conversation-list.xlsx'), { sheet: 'Notes' });
    expect(notes).toMatchObject({ ok: true, sheet: 'Notes', table: { rows: [['Not the first sheet']] } });
    expect(readXlsx(fixture('conversation-list.xlsx'), { sheet: 'Nope' })).toEqual({
      ok: false,
      message: 'no sheet named `Nope` (sheets: `대화 목록`, `Notes`)',
    });
  });

  it('refuses what is not a workbook, and a damaged one, with a message', () => {
    expect(readXlsx(Buffer.from('No,Scenario\n1,A\n'))).toEqual({
      ok: false,
      message: 'not a ZIP archive (an .xlsx file is one; is this an old .xls or a renamed CSV?)',
    });
    const bytes = Buffer.from(fixture('conversation-list.xlsx'));
    // flip a byte inside the sheet's compressed data (after its local header and name)
    const at = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 20;
    bytes[at] = bytes[at]! ^ 0xff;
    const damaged = readXlsx(bytes);
    expect(damaged.ok).toBe(false);
    expect(damaged.ok ? '' : damaged.message).toMatch(/^xl\/worksheets\/sheet1\.xml: (cannot inflate|damaged archive)/);
  });

  it('never reads a damaged sheet as other data: every flipped byte of its compressed part is refused', () => {
    const original = fixture('conversation-list.xlsx');
    const start = original.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    const outcomes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(original);
      bytes[start + i] = bytes[start + i]! ^ 0xff;
      const result = readXlsx(bytes);
      outcomes.add(result.ok ? 'read' : 'refused');
    }
    expect([...outcomes]).toEqual(['refused']);
  });

  it('refuses a part too large to read, and a zip bomb that lies about its size, without inflating it', () => {
    // a part's uncompressed size as the central directory declares it (offset 24 of its header)
    const declare = (zip: Uint8Array, size: number) => {
      const bytes = Buffer.from(zip);
      const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      bytes.writeUInt32LE(size, central + 24);
      return bytes;
    };
    const huge = declare(zipSync({ '_rels/.rels': new Uint8Array(10) }), 0x20000000);
    expect(readXlsx(huge)).toEqual({ ok: false, message: '_rels/.rels: the part is too large to read (over 256 MB)' });
    // 64 MB of zeros deflate to a few KB; the archive claims 1000 bytes
    const bomb = declare(zipSync({ '_rels/.rels': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }), 1000);
    expect(bomb.length).toBeLessThan(200_000);
    expect(readXlsx(bomb)).toEqual({
      ok: false,
      message: '_rels/.rels: damaged archive (it inflates past its declared 1000 bytes)',
    });
  });
});
