import yauzl from 'yauzl';
import { KhoError } from '../../shared/errors.js';
import { formatBytes, type ImportLimits, type ProblemList } from './limits.js';

/**
 * Zip exports read with yauzl, defensively. Everything is decided from the zip's table of contents
 * before a byte is unpacked: unsafe names ("../", absolute paths), encrypted members, members too
 * big, too compressed (zip bombs), or pushing the total over the limit are refused one by one with
 * a problem naming the member; the rest of the zip still imports. yauzl checks while unpacking that
 * a member yields exactly the size its header declares, so a lying header cannot inflate past it.
 */

export interface ZipMember {
  /** Path inside the zip, "/"-separated, NFC. */
  name: string;
  /** Unpacked size in bytes (verified while unpacking). */
  size: number;
  read(): Promise<Buffer>;
}

export interface ZipArchive {
  members: ZipMember[];
  close(): void;
}

/** Quick check on the first bytes: a local file header, or the end record of an empty zip. */
export function looksLikeZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 0x03 || head[2] === 0x05) &&
    (head[3] === 0x04 || head[3] === 0x06)
  );
}

async function openBuffer(bytes: Buffer, label: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(bytes, {
      lazyEntries: true,
      autoClose: false,
      // Names are decoded and checked here, so one bad name is one problem rather than the end of the zip.
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    throw new KhoError(
      'UNREADABLE_FILE',
      `${label} is not a readable zip file: it is damaged or incomplete (was the download cut short?). Details: ${(e as Error).message}.`,
    );
  }
}

function memberName(entry: yauzl.Entry): string {
  return yauzl
    .getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false)
    .normalize('NFC');
}

/** The member names of a zip, for format detection (reads only its table of contents). */
export async function listZipNames(bytes: Buffer, label: string, max = 10_000): Promise<string[]> {
  const zip = await openBuffer(bytes, label);
  const names: string[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      names.push(memberName(entry));
      if (names.length >= max) break;
    }
  } catch {
    // A damaged listing: detect from the names read so far; parsing reports the damage.
  } finally {
    zip.close();
  }
  return names;
}

export async function openZip(
  bytes: Buffer,
  label: string,
  limits: ImportLimits,
  problems: ProblemList,
): Promise<ZipArchive> {
  const zip = await openBuffer(bytes, label);

  const members: ZipMember[] = [];
  let total = 0;
  let seen = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = memberName(entry);
      if (++seen > limits.maxZipEntries) {
        problems.add(
          'zip',
          `The zip lists more than ${limits.maxZipEntries.toLocaleString('en')} files; the rest were skipped.`,
        );
        break;
      }
      if (name.endsWith('/')) continue; // a folder record
      const where = `entry ${name}`;
      const unsafe = yauzl.validateFileName(name);
      if (unsafe !== null) {
        problems.add(where, 'Its name points outside the export (an absolute path or "../"); skipped.');
        continue;
      }
      if (entry.isEncrypted()) {
        problems.add(where, 'It is encrypted; skipped.');
        continue;
      }
      if (!entry.canDecodeFileData()) {
        problems.add(
          where,
          `It uses a compression method Kho cannot unpack (${entry.compressionMethod}); skipped.`,
        );
        continue;
      }
      const size = entry.uncompressedSize;
      if (size > limits.maxEntryBytes) {
        problems.add(
          where,
          `It unpacks to ${formatBytes(size)}; one file in an export can be at most ${formatBytes(limits.maxEntryBytes)}; skipped.`,
        );
        continue;
      }
      if (size > limits.ratioFloorBytes && size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
        problems.add(
          where,
          `It would unpack from ${formatBytes(entry.compressedSize)} to ${formatBytes(size)}, more than ${limits.maxRatio} times its packed size, as zip bombs do; skipped.`,
        );
        continue;
      }
      if (total + size > limits.maxTotalBytes) {
        problems.add(
          where,
          `The export would unpack to more than ${formatBytes(limits.maxTotalBytes)}; this file and the ones after it were skipped.`,
        );
        break;
      }
      total += size;
      members.push({ name, size, read: () => readMember(zip, entry, limits.maxEntryBytes) });
    }
  } catch (e) {
    problems.add(
      'zip',
      `The zip's table of contents is damaged after ${members.length} file${members.length === 1 ? '' : 's'}; the rest were skipped (${(e as Error).message}).`,
    );
  }
  return { members, close: () => zip.close() };
}

async function readMember(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    // yauzl already stops at the declared size; this cap holds even if that check were off.
    if (length > cap) {
      stream.destroy();
      throw new Error(`it unpacks to more than ${formatBytes(cap)}`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}
