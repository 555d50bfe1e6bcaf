/**
 * Terminal columns a text takes: Korean, Japanese and Chinese characters (and most emoji) take
 * two, combining marks none — so tables of scenario names line up in a terminal.
 */

const WIDE: Array<[number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, CJK symbols
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], // emoji
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd], // CJK extensions B…
];

function isWide(code: number): boolean {
  return WIDE.some(([lo, hi]) => code >= lo && code <= hi);
}

function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0xfe0f ||
    (code >= 0x3099 && code <= 0x309a)
  );
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isZeroWidth(code)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/** Pads with spaces to `width` columns (left-aligned, or right-aligned for numbers). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/** Rows of cells as aligned lines; `paint` colours a cell after padding (colour codes take no columns). */
export function alignColumns(
  rows: string[][],
  aligns: Array<'left' | 'right'>,
  paint?: (row: number, column: number, text: string) => string,
): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row, r) =>
    row
      .map((cell, c) => {
        const padded =
          c === row.length - 1 && aligns[c] !== 'right' ? cell : pad(cell, widths[c]!, aligns[c] ?? 'left');
        return paint ? paint(r, c, padded) : padded;
      })
      .join('  ')
      .replace(/ +$/, ''),
  );
}
