/**
 * The parts of an .xlsx (a ZIP archive), read with fflate: the central directory lists the
 * entries, and a part asked for is inflated as a stream. fflate trusts the archive, so the
 * limits that keep a hostile file from costing memory or time are kept here: a declared size
 * over the cap is refused before anything is inflated, the bytes inflated are counted as they
 * come (a part that inflates past its declared size — a zip bomb lying about its size — is
 * stopped there), an entry count no workbook comes near is refused, and a part whose bytes do
 * not come out at exactly their declared size and CRC-32 is damaged. fflate does not expose the
 * CRC, so `checksums` reads that one field from the central directory fflate has already walked.
 */
import { crc32 } from 'node:zlib';
import { Unzip, UnzipInflate, unzipSync, type UnzipFileInfo } from 'fflate';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/** A part larger than this is not a spreadsheet we should be reading whole into memory. */
const MAX_PART_BYTES = 256 * 1024 * 1024;
/** An exported workbook has a few dozen parts; a directory claiming millions is hostile or broken. */
const MAX_ENTRIES = 10_000;
/** Compressed bytes handed to the inflater at a time. */
const PUSH_BYTES = 16 * 1024;
/** fflate's code for "no end of central directory": not a ZIP at all. */
const NOT_A_ZIP = 13;

export class ZipArchive {
  private readonly entries = new Map<string, UnzipFileInfo>();
  private readonly crcs: Map<string, number>;

  constructor(private readonly bytes: Uint8Array) {
    // a filter that inflates nothing: the listing alone
    list(bytes, (entry) => {
      if (this.entries.size >= MAX_ENTRIES) throw new ZipError(`damaged archive (more than ${MAX_ENTRIES} entries)`);
      this.entries.set(entry.name, { ...entry });
      return false;
    });
    this.crcs = checksums(bytes);
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
    if (entry.compression !== 0 && entry.compression !== 8) {
      throw new ZipError(`${name}: compression method ${entry.compression} is not supported (only stored and deflate)`);
    }
    if (entry.originalSize > MAX_PART_BYTES)
      throw new ZipError(`${name}: the part is too large to read (over ${MAX_PART_BYTES / 1024 / 1024} MB)`);
    const data = inflatePart(this.bytes, name, entry.originalSize);
    if (crc32(data) >>> 0 !== this.crcs.get(name))
      throw new ZipError(`${name}: damaged archive (the CRC does not match)`);
    return data;
  }
}

/** One part's bytes, inflated as a stream so no more than `size` bytes are ever produced. */
function inflatePart(bytes: Uint8Array, name: string, size: number): Buffer {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let failure: unknown;
  const unzipper = new Unzip((file) => {
    if (file.name !== name || ended || failure !== undefined) return;
    file.ondata = (error, chunk, final) => {
      if (error) failure = error;
      else if ((total += chunk.length) > size) {
        failure = new ZipError(`${name}: damaged archive (it inflates past its declared ${size} bytes)`);
        file.terminate();
      } else {
        chunks.push(chunk);
        ended = final;
      }
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  try {
    // small pushes: deflate expands at most ~1032×, so one push inflates at most ~16 MB before it is counted
    for (let at = 0; at < bytes.length && !ended && failure === undefined; at += PUSH_BYTES) {
      unzipper.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length);
    }
  } catch (error) {
    failure ??= error;
  }
  if (failure instanceof ZipError) throw failure;
  if (failure !== undefined) throw new ZipError(`${name}: cannot inflate (${(failure as Error).message})`);
  if (!ended || total !== size) throw new ZipError(`${name}: damaged archive (the size does not match)`);
  return Buffer.concat(chunks, total);
}

/** The central directory, entry by entry, through `filter`; nothing is inflated. */
function list(bytes: Uint8Array, filter: (entry: UnzipFileInfo) => boolean): void {
  try {
    unzipSync(bytes, { filter });
  } catch (error) {
    if (error instanceof ZipError) throw error;
    if ((error as { code?: unknown }).code === NOT_A_ZIP) {
      throw new ZipError('not a ZIP archive (an .xlsx file is one; is this an old .xls or a renamed CSV?)');
    }
    throw new ZipError(`damaged archive (${(error as Error).message})`);
  }
}

/** Each entry's CRC-32, by name, from the central directory (its records: CRC at +16, name at +46). */
function checksums(bytes: Uint8Array): Map<string, number> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let eocd = b.length - 22;
  while (eocd > 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  if (at === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  const crcs = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50)
      throw new ZipError('damaged archive (central directory)');
    const nameLength = b.readUInt16LE(at + 28);
    // bit 11: UTF-8 names; otherwise CP437, which for the ASCII names of OOXML parts is the same
    const name = b.toString(b.readUInt16LE(at + 8) & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    crcs.set(name, b.readUInt32LE(at + 16));
    at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return crcs;
}
