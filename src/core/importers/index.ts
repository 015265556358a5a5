import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import bookmarks from './bookmarks.js';
import type { ImportFormat, ImportResult } from './entry.js';
import instapaper from './instapaper.js';
import { formatBytes, ProblemList, withLimits, type ImportLimits } from './limits.js';
import omnivore from './omnivore.js';
import pocket from './pocket.js';
import readwise from './readwise.js';
import { ImportSource, type DetectSample, type Importer } from './source.js';
import wallabag from './wallabag.js';
import { listZipNames } from './zip.js';

/**
 * Entry point of the import parsers: detect a file's format from its content, parse it into
 * ImportEntry values plus per-row/per-entry problems. One importer per format, all behind the
 * Importer interface (source.ts), as wallabag's src/Import does.
 */

/** In detection order: specific signatures first (zip listings, JSON keys, CSV headers), generic HTML last. */
export const IMPORTERS: readonly Importer[] = [omnivore, pocket, instapaper, readwise, wallabag, bookmarks];

export function importerFor(format: ImportFormat): Importer {
  return IMPORTERS.find((i) => i.format === format)!;
}

/** The format a sample of a file belongs to, or null when it is none Kho knows. */
export function detect(sample: DetectSample): ImportFormat | null {
  return IMPORTERS.find((i) => i.detect(sample))?.format ?? null;
}

export async function sampleOf(source: ImportSource): Promise<DetectSample> {
  return {
    name: source.name,
    head: source.head,
    zipNames: source.isZip ? await listZipNames(source.bytes, source.name) : null,
  };
}

export interface ParseOptions {
  /** Skip detection and read the file as this format (`kho import --format`). */
  format?: ImportFormat | 'auto';
  limits?: Partial<ImportLimits>;
}

const KNOWN = 'Pocket, Instapaper, Omnivore, wallabag, Readwise, or a browser bookmarks file';

/** Parses an export held in memory (the app's uploads). */
export async function parseImport(
  name: string,
  bytes: Buffer,
  opts: ParseOptions = {},
): Promise<ImportResult> {
  if (opts.format === 'kho') {
    // The archive merges backups itself (import-store/kho-backup.ts); they hold no ImportEntry values.
    throw new KhoError(
      'UNSUPPORTED_TYPE',
      `${name}: Kho backups are imported into an archive, not parsed as an export.`,
    );
  }
  const limits = withLimits(opts.limits);
  if (bytes.length > limits.maxFileBytes) throw tooLarge(name, bytes.length, limits);
  if (bytes.length === 0) throw new KhoError('INVALID_INPUT', `${name} is empty.`);
  const source = new ImportSource(name, bytes, limits);
  let importer: Importer;
  if (opts.format && opts.format !== 'auto') {
    importer = importerFor(opts.format);
  } else {
    const format = detect(await sampleOf(source));
    if (!format) {
      throw new KhoError(
        'UNSUPPORTED_TYPE',
        `${name} is not an export Kho recognises. Kho imports exports from ${KNOWN}${source.isZip ? ' (this zip holds none of their files)' : ''}.`,
      );
    }
    importer = importerFor(format);
  }
  const problems = new ProblemList(limits.maxProblems);
  const { variant, entries } = await importer.parse({ source, problems });
  return { format: importer.format, variant, entries, problems: problems.toArray() };
}

/** Parses an export file; its size is checked before a byte is read. */
export async function parseImportFile(file: string, opts: ParseOptions = {}): Promise<ImportResult> {
  const limits = withLimits(opts.limits);
  const name = path.basename(file);
  const info = await statOrThrow(file);
  if (info.isDirectory()) {
    throw new KhoError(
      'INVALID_INPUT',
      `${file} is a folder; import a folder of pages as a folder, not as an export file.`,
    );
  }
  if (info.size > limits.maxFileBytes) throw tooLarge(name, info.size, limits);
  return parseImport(name, await readFile(file), opts);
}

/**
 * What `kho import <path>` with --format auto should do: 'folder' for a folder of pages
 * (importers/folder.ts lists them), an export format, or null when the file is not an export
 * (the caller then imports it as a single page). Reads only the file's first 64 KB (and a zip's
 * table of contents).
 */
export async function detectPath(
  file: string,
  opts: { limits?: Partial<ImportLimits> } = {},
): Promise<ImportFormat | 'folder' | null> {
  const info = await statOrThrow(file);
  if (info.isDirectory()) return 'folder';
  const limits = withLimits(opts.limits);
  if (info.size > limits.maxFileBytes) throw tooLarge(path.basename(file), info.size, limits);
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(info.size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const source = new ImportSource(path.basename(file), head, limits);
    // A zip's listing lives at its end: read the whole (size-checked) file only for zips.
    const sample = source.isZip
      ? { name: source.name, head: '', zipNames: await listZipNames(await readFile(file), source.name) }
      : { name: source.name, head: source.head, zipNames: null };
    return detect(sample);
  } finally {
    await handle.close();
  }
}

async function statOrThrow(file: string) {
  try {
    return await stat(file);
  } catch {
    throw new KhoError('UNREADABLE_FILE', `Cannot read ${file}: it does not exist or is not accessible.`);
  }
}

function tooLarge(name: string, size: number, limits: ImportLimits): KhoError {
  return new KhoError(
    'TOO_LARGE',
    `${name} is ${formatBytes(size)}; Kho imports export files up to ${formatBytes(limits.maxFileBytes)}. Split the export or remove attachments and try again.`,
  );
}

export type { ImportEntry, ImportFormat, ImportHighlight, ImportProblem, ImportResult } from './entry.js';
export { IMPORT_FORMATS } from './entry.js';
export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.js';
