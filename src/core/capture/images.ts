import { parseHTML } from 'linkedom';
import { KhoError } from '../../shared/errors.js';
import { absoluteUrl } from './dom.js';
import { fetchResource } from './fetch.js';
import { sha256Hex, sniffImageMime } from './image-bytes.js';
import { missingImageAlt } from './sanitize.js';

/**
 * Makes an article's images offline: picks one URL per <img> (srcset, <picture>, lazy-loading
 * attributes), downloads each distinct URL once with tight limits, checks the bytes really are an
 * image, and rewrites src to kho-asset:<sha256>. An image that can't be had becomes a visible
 * placeholder, so no remote URL is ever left for the reader to load.
 *
 * The work is bounded per capture, not just per image: at most MAX_IMAGES downloads, and all of
 * them within IMAGES_BUDGET_MS (servers that never answer would otherwise hold a capture for
 * images x 15 s). What is left when either runs out becomes a placeholder; the article still saves.
 */

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const IMAGE_TIMEOUT_MS = 15_000;
export const IMAGE_CONCURRENCY = 4;
/** Distinct images downloaded per capture (network URLs; inline data: images have their own cap). */
export const MAX_IMAGES = 150;
export const MAX_DATA_IMAGES = 1000;
/** Time for all of a capture's image downloads together. */
export const IMAGES_BUDGET_MS = 30_000;
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
  /** Hosts the user saved a page from, which may be local (see fetch.ts). */
  trustedHosts?: readonly string[];
  /** Time for all downloads together (default IMAGES_BUDGET_MS). */
  budgetMs?: number;
  /** Distinct network images to download (default MAX_IMAGES). */
  maxImages?: number;
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

async function downloadImage(
  url: string,
  opts: ImageOptions,
  budget: AbortSignal,
): Promise<OfflineAsset | null> {
  try {
    let bytes: Buffer | null;
    if (url.startsWith('data:')) bytes = dataUrlBytes(url);
    else if (opts.localResources) {
      bytes = opts.localResources.get(url) ?? opts.localResources.get(url.replace(/#.*$/, '')) ?? null;
    } else {
      if (budget.aborted) return null;
      const res = await fetchResource(url, {
        timeoutMs: opts.timeoutMs ?? IMAGE_TIMEOUT_MS,
        maxBytes: opts.maxBytes ?? MAX_IMAGE_BYTES,
        maxRedirects: 5,
        accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8',
        signal: budget,
        trustedHosts: opts.trustedHosts ?? [],
      });
      bytes = res.bytes;
    }
    if (!bytes || bytes.length === 0) return null;
    const mime = sniffImageMime(bytes);
    if (!mime) return null;
    return { sha256: sha256Hex(bytes), mime, bytes, originalUrl: url };
  } catch {
    if (opts.signal?.aborted) throw new KhoError('CANCELLED', 'The capture was cancelled.');
    return null; // one missing image never fails the article
  }
}

/** Runs `fn` over items with at most `limit` in flight; items not started before `stop` get null. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  stop: AbortSignal,
  fn: (item: T) => Promise<R>,
): Promise<(R | null)[]> {
  const results: (R | null)[] = new Array<R | null>(items.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop.aborted) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The URLs to download: network ones up to `maxNetwork`, inline data: ones up to MAX_DATA_IMAGES. */
function capUrls(urls: string[], maxNetwork: number): string[] {
  let network = 0;
  let data = 0;
  return urls.filter((u) => (u.startsWith('data:') ? ++data <= MAX_DATA_IMAGES : ++network <= maxNetwork));
}

/**
 * The stand-in for an image that is not offline (same markup as sanitize.ts `missingImageHtml`): empty,
 * with the description; the reader draws its words, so they never enter the article's text.
 */
function placeholder(document: Document, alt: string | null): Element {
  const label = missingImageAlt(alt);
  const span = document.createElement('span');
  span.setAttribute('class', 'kho-img-missing');
  span.setAttribute('role', 'img');
  if (label) span.setAttribute('aria-label', label);
  return span;
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

  // The lead image first: it is the one the list shows.
  const all = [...new Set([opts.leadImageUrl ?? null, ...chosen.values()].filter((u): u is string => !!u))];
  const urls = opts.fetchImages === false ? [] : capUrls(all, opts.maxImages ?? MAX_IMAGES);
  const total = urls.length;
  let done = 0;
  opts.onProgress?.(0, total);
  const byUrl = new Map<string, OfflineAsset | null>();
  if (urls.length > 0) {
    // One signal for every download: the user's cancel or the end of the images' time budget.
    const budget = new AbortController();
    const timer = setTimeout(() => budget.abort(), opts.budgetMs ?? IMAGES_BUDGET_MS);
    const onCancel = (): void => budget.abort();
    opts.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      const results = await mapLimit(urls, IMAGE_CONCURRENCY, budget.signal, async (u) => {
        const r = await downloadImage(u, opts, budget.signal);
        opts.onProgress?.(++done, total);
        return r;
      });
      urls.forEach((u, i) => byUrl.set(u, results[i] ?? null));
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onCancel);
    }
    if (opts.signal?.aborted) throw new KhoError('CANCELLED', 'The capture was cancelled.');
  }

  const assets = new Map<string, OfflineAsset>();
  for (const img of imgs) {
    const url = chosen.get(img) ?? null;
    const asset = url ? byUrl.get(url) : null;
    if (!asset) {
      img.replaceWith(placeholder(document as unknown as Document, img.getAttribute('alt')));
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
