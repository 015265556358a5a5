import { parseHTML } from 'linkedom';
import { KhoError } from '../../shared/errors.js';
import { absoluteUrl } from './dom.js';
import { fetchResource } from './fetch.js';
import { sha256Hex, sniffImageMime } from './image-bytes.js';
import { missingImageHtml } from './sanitize.js';

/**
 * Makes an article's images offline: picks one URL per <img> (srcset, <picture>, lazy-loading
 * attributes), downloads each distinct URL once with tight limits, checks the bytes really are an
 * image, and rewrites src to kho-asset:<sha256>. An image that can't be had becomes a visible
 * placeholder, so no remote URL is ever left for the reader to load.
 */

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const IMAGE_TIMEOUT_MS = 15_000;
export const IMAGE_CONCURRENCY = 4;
/** Preferred rendering width: a reader column on a high-density screen. */
const TARGET_WIDTH = 1200;
const MAX_PREFERRED_WIDTH = 1600;

export interface OfflineAsset {
  sha256: string;
  mime: string;
  bytes: Buffer;
  originalUrl: string;
}

export interface ImageOptions {
  baseUrl: string | null;
  signal?: AbortSignal;
  /** false: replace every image with its placeholder without touching the network. */
  fetchImages?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  onProgress?: (done: number, total: number) => void;
  /** Extra URL to fetch along (the lead image); its result is returned as leadImage. */
  leadImageUrl?: string | null;
  /** Images already at hand (an MHTML archive's parts) by URL; when given, nothing is fetched. */
  localResources?: Map<string, Buffer>;
}

export interface ImageResult {
  html: string;
  assets: OfflineAsset[];
  leadImage: string | null;
}

interface Candidate {
  url: string;
  width: number | null;
  density: number | null;
}

/** Parses a srcset attribute ("a.jpg 480w, b.jpg 2x") as the HTML spec does: URLs may contain commas. */
export function parseSrcset(srcset: string, base: string | null): Candidate[] {
  const out: Candidate[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && /[\s,]/.test(srcset[i] as string)) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && !/\s/.test(srcset[j] as string)) j++;
    let rawUrl = srcset.slice(i, j);
    let desc = '';
    if (rawUrl.endsWith(',')) {
      rawUrl = rawUrl.replace(/,+$/, '');
      i = j;
    } else {
      // Descriptors run to the next comma outside parentheses.
      let k = j;
      let depth = 0;
      while (k < n && !(srcset[k] === ',' && depth === 0)) {
        if (srcset[k] === '(') depth++;
        else if (srcset[k] === ')') depth = Math.max(0, depth - 1);
        k++;
      }
      desc = srcset.slice(j, k).trim();
      i = k + 1;
    }
    const url = absoluteUrl(rawUrl, base);
    if (!url) continue;
    const w = /^(\d+)w$/.exec(desc);
    const x = /^(\d*\.?\d+)x$/.exec(desc);
    out.push({ url, width: w ? Number(w[1]) : null, density: x ? Number(x[1]) : desc ? null : 1 });
  }
  return out;
}

/** The candidate closest to the target: the largest width <= 1600 nearest 1200, else the smallest above. */
export function pickCandidate(cands: Candidate[]): Candidate | null {
  if (cands.length === 0) return null;
  const withWidth = cands.filter((c) => c.width !== null);
  if (withWidth.length > 0) {
    const within = withWidth.filter((c) => (c.width as number) <= MAX_PREFERRED_WIDTH);
    if (within.length > 0) {
      return within.reduce((a, b) =>
        Math.abs((b.width as number) - TARGET_WIDTH) < Math.abs((a.width as number) - TARGET_WIDTH) ? b : a,
      );
    }
    return withWidth.reduce((a, b) => ((b.width as number) < (a.width as number) ? b : a));
  }
  // Density descriptors: 2x suits a reader on a high-density screen.
  return cands.reduce((a, b) => (Math.abs((b.density ?? 1) - 2) < Math.abs((a.density ?? 1) - 2) ? b : a));
}

const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];
const LAZY_SRC = [
  'data-src',
  'data-original',
  'data-lazy-src',
  'data-lazy',
  'data-url',
  'data-hi-res-src',
  'data-full-src',
];

/** A src that is a stand-in for the real image (1px GIF, empty data URL, blank). */
function isPlaceholderSrc(src: string | null): boolean {
  if (!src || !src.trim()) return true;
  return /^data:/i.test(src.trim()) && src.length < 200;
}

/** The one URL to download for an image (http(s) or data:), or null. */
export function chooseImageUrl(img: Element, base: string | null, sources: Element[] = []): string | null {
  const sets: Candidate[] = [];
  for (const s of sources) {
    const type = s.getAttribute('type');
    if (type && /svg/i.test(type)) continue;
    for (const attr of ['srcset', ...LAZY_SRCSET]) {
      const v = s.getAttribute(attr);
      if (v) sets.push(...parseSrcset(v, base));
    }
  }
  for (const attr of [...LAZY_SRCSET, 'srcset']) {
    const v = img.getAttribute(attr);
    if (v && v !== 'null') sets.push(...parseSrcset(v, base));
  }
  const fromSet = pickCandidate(sets.filter((c) => /^https?:/.test(c.url)));
  if (fromSet) return fromSet.url;
  for (const attr of LAZY_SRC) {
    const v = absoluteUrl(img.getAttribute(attr), base);
    if (v && /^https?:/.test(v)) return v;
  }
  const src = img.getAttribute('src');
  if (!isPlaceholderSrc(src)) return absoluteUrl(src, base);
  return src && /^data:image\//i.test(src.trim()) ? src.trim() : null;
}

function dataUrlBytes(url: string): Buffer | null {
  const m = /^data:([^,;]*)((?:;[^,;]*)*?)(;base64)?,(.*)$/is.exec(url);
  if (!m) return null;
  try {
    return m[3]
      ? Buffer.from(m[4] as string, 'base64')
      : Buffer.from(decodeURIComponent(m[4] as string), 'latin1');
  } catch {
    return null;
  }
}

async function downloadImage(url: string, opts: ImageOptions): Promise<OfflineAsset | null> {
  try {
    let bytes: Buffer | null;
    if (url.startsWith('data:')) bytes = dataUrlBytes(url);
    else if (opts.localResources) {
      bytes = opts.localResources.get(url) ?? opts.localResources.get(url.replace(/#.*$/, '')) ?? null;
    } else {
      const res = await fetchResource(url, {
        timeoutMs: opts.timeoutMs ?? IMAGE_TIMEOUT_MS,
        maxBytes: opts.maxBytes ?? MAX_IMAGE_BYTES,
        maxRedirects: 5,
        accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      bytes = res.bytes;
    }
    if (!bytes || bytes.length === 0) return null;
    const mime = sniffImageMime(bytes);
    if (!mime) return null;
    return { sha256: sha256Hex(bytes), mime, bytes, originalUrl: url };
  } catch (e) {
    if (KhoError.is(e) && e.code === 'CANCELLED') throw e;
    return null; // one missing image never fails the article
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function makeImagesOffline(html: string, opts: ImageOptions): Promise<ImageResult> {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const body = document.body;
  const base = opts.baseUrl;

  // <picture>: choose among its <source>s and <img>, then keep only the <img>.
  const chosen = new Map<Element, string | null>();
  for (const picture of Array.from(body.querySelectorAll('picture'))) {
    const img = picture.querySelector('img');
    const sources = Array.from(picture.querySelectorAll('source'));
    if (img) {
      chosen.set(img, chooseImageUrl(img, base, sources));
      picture.replaceWith(img);
    } else {
      const src = sources.length ? chooseImageUrl(document.createElement('img'), base, sources) : null;
      const stand = document.createElement('img');
      if (src) chosen.set(stand, src);
      picture.replaceWith(stand);
    }
  }
  const imgs = Array.from(body.querySelectorAll('img'));
  for (const img of imgs) if (!chosen.has(img)) chosen.set(img, chooseImageUrl(img, base));

  const urls = [...new Set([...chosen.values(), opts.leadImageUrl ?? null].filter((u): u is string => !!u))];
  const total = opts.fetchImages === false ? 0 : urls.length;
  let done = 0;
  opts.onProgress?.(0, total);
  const byUrl = new Map<string, OfflineAsset | null>();
  if (opts.fetchImages !== false) {
    const results = await mapLimit(urls, IMAGE_CONCURRENCY, async (u) => {
      const r = await downloadImage(u, opts);
      opts.onProgress?.(++done, total);
      return r;
    });
    urls.forEach((u, i) => byUrl.set(u, results[i] ?? null));
  }

  const assets = new Map<string, OfflineAsset>();
  for (const img of imgs) {
    const url = chosen.get(img) ?? null;
    const asset = url ? byUrl.get(url) : null;
    if (!asset) {
      const holder = parseHTML(`<html><body>${missingImageHtml(img.getAttribute('alt'))}</body></html>`)
        .document.body.firstChild as unknown as Node;
      img.replaceWith(document.importNode ? document.importNode(holder, true) : holder);
      continue;
    }
    assets.set(asset.sha256, asset);
    for (const a of Array.from(img.attributes)) {
      if (!['alt', 'title', 'width', 'height'].includes(a.name)) img.removeAttribute(a.name);
    }
    img.setAttribute('src', `kho-asset:${asset.sha256}`);
  }
  const lead = opts.leadImageUrl ? byUrl.get(opts.leadImageUrl) : null;
  if (lead) assets.set(lead.sha256, lead);
  return {
    html: body.innerHTML,
    assets: [...assets.values()],
    leadImage: lead ? `kho-asset:${lead.sha256}` : null,
  };
}
