/**
 * Just enough of the ZIP format to read an .xlsx: the central directory, then each named entry,
 * stored or deflated (node:zlib), CRC-checked. No ZIP64, encryption or multi-disk archives — an
 * exported conversation list is none of those — and each of those is refused with a clear message.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A part larger than this is not a spreadsheet we should be reading whole into memory. */
const MAX_PART_BYTES = 256 * 1024 * 1024;

export class ZipArchive {
  private readonly entries = new Map<string, ZipEntry>();

  constructor(private readonly bytes: Buffer) {
    for (const entry of readCentralDirectory(bytes)) this.entries.set(entry.name, entry);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's uncompressed bytes; undefined when there is no such entry. */
  read(name: string): Buffer | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    if (entry.flags & 1) throw new ZipError(`${name} is encrypted (a password-protected workbook cannot be read)`);
    const b = this.bytes;
    const at = entry.localOffset;
    if (at + 30 > b.length || b.readUInt32LE(at) !== LOCAL) throw new ZipError(`${name}: damaged archive (no local header)`);
    const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw new ZipError(`${name}: damaged archive (the data is cut short)`);
    const raw = b.subarray(start, end);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: MAX_PART_BYTES });
      } catch (error) {
        throw new ZipError(`${name}: cannot inflate (${(error as Error).message})`);
      }
    } else throw new ZipError(`${name}: compression method ${entry.method} is not supported (only stored and deflate)`);
    if (data.length !== entry.size || crc32(data) >>> 0 !== entry.crc >>> 0) throw new ZipError(`${name}: damaged archive (size or CRC does not match)`);
    return data;
  }
}

function readCentralDirectory(b: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(b);
  const count = b.readUInt16LE(eocd + 10);
  const size = b.readUInt32LE(eocd + 12);
  const offset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (b.readUInt16LE(eocd + 4) !== 0 || b.readUInt16LE(eocd + 6) !== 0) throw new ZipError('multi-part archives are not supported');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== CENTRAL) throw new ZipError('damaged archive (central directory)');
    const flags = b.readUInt16LE(at + 8);
    const nameLength = b.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags,
      method: b.readUInt16LE(at + 10),
      crc: b.readUInt32LE(at + 16),
      compressedSize: b.readUInt32LE(at + 20),
      size: b.readUInt32LE(at + 24),
      localOffset: b.readUInt32LE(at + 42),
      // bit 11: UTF-8 names; otherwise CP437, which for the ASCII names of OOXML parts is the same
      name: b.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
    entries.push(entry);
    at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return entries;
}

function findEndOfCentralDirectory(b: Buffer): number {
  // the record is 22 bytes plus a comment of at most 65535
  const lowest = Math.max(0, b.length - 22 - 0xffff);
  for (let at = b.length - 22; at >= lowest; at--) {
    if (b.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipError('not a ZIP archive (an .xlsx file is one; is this an old .xls or a renamed CSV?)');
}
