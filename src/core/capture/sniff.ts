import { KhoError } from '../../shared/errors.js';

/** What kind of document some bytes are: by file name, by MIME type, or by looking at them. */

export type DocumentKind = 'text' | 'markdown' | 'html';

const EXTENSIONS: Record<string, DocumentKind> = {
  txt: 'text', text: 'text', md: 'markdown', markdown: 'markdown', mdown: 'markdown', mkd: 'markdown',
  html: 'html', htm: 'html', xhtml: 'html', xht: 'html',
}; // prettier-ignore

/** MHTML web archives are unpacked before any of this (capture/mhtml.ts). */
export function isMhtmlFileName(fileName: string | undefined): boolean {
  return /\.(?:mhtml|mht)$/i.test(fileName ?? '');
}

/** Kind from a file name's extension; undefined when unknown or absent. */
export function kindFromFileName(fileName: string | undefined): DocumentKind | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (!ext) return undefined;
  return EXTENSIONS[ext];
}

/** Kind from a MIME type; throws UNSUPPORTED_TYPE for types that are not articles. */
export function kindFromMime(contentType: string | null | undefined, what: string): DocumentKind | undefined {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!mime) return undefined;
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime === 'text/markdown' || mime === 'text/x-markdown') return 'markdown';
  if (mime === 'text/plain') return 'text';
  if (mime === 'application/pdf') {
    throw new KhoError(
      'UNSUPPORTED_TYPE',
      `${what} is a PDF document; Kho saves web pages and text, not PDFs.`,
    );
  }
  throw new KhoError('UNSUPPORTED_TYPE', `${what} is ${mime}, not a web page or text Kho can save.`);
}

const MAGIC: [string, number[]][] = [
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive or Office document', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an executable', [0x7f, 0x45, 0x4c, 0x46]],
];

/**
 * Refuses bytes that are not text: known binary signatures, NUL bytes (outside UTF-16), or a high
 * share of control characters. A renamed binary must not become an "article" of garbage.
 */
export function assertTextLike(bytes: Uint8Array, what: string): void {
  for (const [name, sig] of MAGIC) {
    if (sig.every((b, i) => bytes[i] === b)) {
      throw new KhoError('UNSUPPORTED_TYPE', `${what} is ${name}, not text.`);
    }
  }
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return;
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0)
      throw new KhoError('UNSUPPORTED_TYPE', `${what} contains binary data (NUL bytes), not text.`);
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.02) {
    throw new KhoError('UNSUPPORTED_TYPE', `${what} looks like binary data, not text.`);
  }
}

/** Kind of decoded text with no name or type to go by. */
export function sniffKind(text: string): DocumentKind {
  const head = text
    .slice(0, 2048)
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|\?xml[^>]*>\s*<(!doctype\s+)?html)/.test(head))
    return 'html';
  const tags =
    text.slice(0, 20_000).match(/<\/?(p|div|span|a|br|h[1-6]|ul|li|article|section|img|table)\b[^>]*>/gi)
      ?.length ?? 0;
  if (tags >= 5) return 'html';
  const md = [
    /^#{1,6}\s+\S/m,
    /^\s*[-*+]\s+\S/m,
    /\[[^\]\n]+\]\([^)\s]+\)/,
    /^```/m,
    /^>\s+\S/m,
    /\*\*[^*\n]+\*\*/,
    /^\S.*\n={3,}\s*$/m,
  ].filter((re) => re.test(text.slice(0, 20_000))).length;
  return md >= 2 || /^#\s+\S/.test(text.trimStart()) ? 'markdown' : 'text';
}
