import { parseMhtml } from 'mhtml-stream';
import { KhoError } from '../../shared/errors.js';

/**
 * MHTML web archives (.mhtml/.mht, "Save page as… single file" in Chromium browsers): a MIME
 * multipart/related message holding the page and its resources. Parsing is mhtml-stream's; this module
 * picks the page and indexes the resources by Content-Location and Content-ID, so images come from
 * the archive itself, never from the network.
 */

export interface MhtmlArchive {
  /** The page's raw bytes and its declared Content-Type (for the charset). */
  html: Buffer;
  contentType: string | null;
  /** Where the page was saved from (Snapshot-Content-Location, else the page part's Content-Location). */
  url: string | null;
  /** Resources by absolute URL and by `cid:` id. */
  resources: Map<string, Buffer>;
}

/** Does this look like an MHTML archive: MIME headers up front announcing multipart/related? */
export function looksLikeMhtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 8192)).toString('latin1');
  if (!/^[\w-]+:/.test(head)) return false;
  const end = head.search(/\r?\n\r?\n/);
  const headers = end >= 0 ? head.slice(0, end) : head;
  return /^content-type:\s*multipart\/related/im.test(headers);
}

export async function parseMhtmlArchive(bytes: Buffer, what: string): Promise<MhtmlArchive> {
  // mhtml-stream splits on CRLF as MIME requires; files rewritten with bare LF are normalised first
  const data = bytes.includes('\r\n')
    ? bytes
    : Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
  const parts: Array<{ headers: { get(key: string): string | null }; content: Uint8Array }> = [];
  try {
    for await (const part of parseMhtml(
      (async function* () {
        yield new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      })(),
    )) {
      parts.push(part);
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new KhoError(
      'NOT_AN_ARTICLE',
      /termination boundary/.test(why)
        ? `${what} is an incomplete MHTML archive (it ends before its last part); save the page again.`
        : `${what} is not a readable MHTML archive (${why}).`,
    );
  }
  const top = parts[0]?.headers;
  const body = parts.slice(1);
  const mime = (p: (typeof parts)[number]) =>
    (p.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  const page = body.find((p) => mime(p) === 'text/html' || mime(p) === 'application/xhtml+xml');
  if (!page) throw new KhoError('NOT_AN_ARTICLE', `${what} is an MHTML archive without a web page in it.`);
  const resources = new Map<string, Buffer>();
  for (const p of body) {
    if (p === page) continue;
    const bytesOf = Buffer.from(p.content);
    const location = p.headers.get('Content-Location');
    if (location) resources.set(location.trim(), bytesOf);
    const id = p.headers.get('Content-ID')?.trim().replace(/^<|>$/g, '');
    if (id) resources.set(`cid:${id}`, bytesOf);
  }
  const url = top?.get('Snapshot-Content-Location') ?? page.headers.get('Content-Location') ?? null;
  return {
    html: Buffer.from(page.content),
    contentType: page.headers.get('Content-Type'),
    url: url && /^https?:/i.test(url.trim()) ? url.trim() : null,
    resources,
  };
}
