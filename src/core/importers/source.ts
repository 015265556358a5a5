import { KhoError } from '../../shared/errors.js';
import { decodeBytes } from '../capture/charset.js';
import type { ImportEntry, ImportFormat } from './entry.js';
import { formatBytes, type ImportLimits, type ProblemList } from './limits.js';
import { looksLikeZip, openZip, type ZipArchive, type ZipMember } from './zip.js';

/** The file being imported, as bytes, with lazy access to its text or its zip members. */
export class ImportSource {
  /** The first 64 KB as text, for detection (a cut multibyte character at the end is harmless). */
  readonly head: string;
  readonly isZip: boolean;

  constructor(
    /** The file name, for messages and for formats named by their file (ril_export.html). */
    readonly name: string,
    readonly bytes: Buffer,
    readonly limits: ImportLimits,
  ) {
    const start = bytes.subarray(0, 64 * 1024);
    this.isZip = looksLikeZip(start);
    this.head = this.isZip ? '' : decodeBytes(start).text.replace(/^\uFEFF/, '');
  }

  /** The whole file as NFC text; refused when it is too big to parse as one string or not decodable. */
  text(): string {
    if (this.bytes.length > this.limits.maxTextBytes) {
      throw new KhoError(
        'TOO_LARGE',
        `${this.name} is ${formatBytes(this.bytes.length)}; Kho reads CSV, JSON and HTML exports up to ${formatBytes(this.limits.maxTextBytes)}.`,
      );
    }
    return decodeBytes(this.bytes, { strict: true, html: /<\w/.test(this.head), label: this.name }).text;
  }

  zip(problems: ProblemList): Promise<ZipArchive> {
    return openZip(this.bytes, this.name, this.limits, problems);
  }
}

/** What an importer gets: the file, the limits, and where to report what it could not import. */
export interface ParseContext {
  source: ImportSource;
  problems: ProblemList;
}

/** One export format: recognises its files and turns them into entries. */
export interface Importer {
  format: ImportFormat;
  /** "a Pocket export" — used in "This file is not a Pocket export". */
  label: string;
  /** What a file of this format looks like, in words, for the wrong-format message. */
  expected: string;
  /** Cheap recognition from the file's first 64 KB (or its zip listing). */
  detect(sample: DetectSample): boolean;
  /** Throws wrongFormat() when the file turns out not to be this format. */
  parse(ctx: ParseContext): Promise<{ variant: string; entries: ImportEntry[] }>;
}

export interface DetectSample {
  name: string;
  /** First 64 KB as text ('' for zips). */
  head: string;
  /** Member names when the file is a zip, else null. */
  zipNames: string[] | null;
}

export function wrongFormat(
  importer: Pick<Importer, 'label' | 'expected'>,
  name: string,
  found?: string,
): KhoError {
  return new KhoError(
    'UNSUPPORTED_TYPE',
    `${name} is not ${importer.label}${found ? ` (${found})` : ''}. Kho expected ${importer.expected}.`,
  );
}

/** JSON.parse with a plain-words error. */
export function parseJson(
  text: string,
  name: string,
  importer: Pick<Importer, 'label' | 'expected'>,
): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw wrongFormat(importer, name, `it is not valid JSON: ${(e as Error).message}`);
  }
}

/** The first line of a text, with a CSV header's quotes and spaces removed, lower-cased. */
export function headerNames(head: string): string[] {
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((c) => c.replace(/^\s*"?|"?\s*$/g, '').toLowerCase());
}

/** A JSON head that mentions every one of these keys. */
export function jsonHasKeys(head: string, keys: readonly string[]): boolean {
  return /^\s*[[{]/.test(head) && keys.every((k) => head.includes(`"${k}"`));
}

/** A zip member as NFC text; null (with a problem naming the member) when it cannot be unpacked or decoded. */
export async function readMemberText(member: ZipMember, problems: ProblemList): Promise<string | null> {
  try {
    const bytes = await member.read();
    return decodeBytes(bytes, { strict: true, html: /\.html?$/i.test(member.name), label: member.name }).text;
  } catch (e) {
    problems.add(
      `entry ${member.name}`,
      `It could not be read: ${(e as Error).message.replace(/\.$/, '')}; skipped.`,
    );
    return null;
  }
}
