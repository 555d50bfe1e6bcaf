/**
 * Bytes of an exported text file → text. Builders and spreadsheets write UTF-8 with or without a
 * BOM, and "Unicode text" as UTF-16 with a BOM; anything else is refused with how to fix it,
 * rather than read as mojibake (Excel's plain "CSV" in a Korean or Japanese locale is CP949 or
 * Shift_JIS).
 */

export type Decoded = { ok: true; text: string } | { ok: false; message: string };

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return {
      ok: false,
      message: 'the file is not UTF-8 text (Excel: save as "CSV UTF-8"; or export it again as UTF-8)',
    };
  }
}
