/**
 * Canonical URL: the dedupe key for saved articles. Two links to the same article (one from a
 * newsletter with utm_* tags, one shared with fbclid) must produce the same key.
 */

/** Query parameters that only track where a click came from; never part of the resource. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'wbraid',
  'gbraid', 'mc_cid', 'mc_eid', 'igshid', 'igsh', '_ga', '_gl', '_hsenc', '_hsmi', 'hsctatracking',
  'ref_src', 'ref_url', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', 'wt_mc',
  'ncid', 'cmpid', 's_cid', 'spm', 'zanpid', 'rb_clickid', 'ss_campaign_id', 'sc_campaign',
]); // prettier-ignore
const TRACKING_PREFIXES = ['utm_', 'mc_', 'pk_', 'mtm_', 'hsa_', 'ga_'];

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * Normalises an http(s) URL: tracking params removed, remaining params sorted (stable for equal
 * keys), fragment dropped, scheme and host lower-cased (WHATWG URL does that), default port
 * removed; path case kept. Other schemes (file:) are returned as parsed, minus the fragment.
 * Returns null for strings that are not absolute URLs.
 */
export function canonicalizeUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  url.hash = '';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return url.href;
  const kept = [...url.searchParams.entries()].filter(([k]) => !isTrackingParam(k));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);
  if (url.pathname === '') url.pathname = '/';
  return url.href;
}

/** The site part of a host for "same site" checks: drops a leading www./m./amp. */
function siteOf(host: string): string {
  return host.toLowerCase().replace(/^(www\d?|m|mobile|amp)\./, '');
}

/**
 * The dedupe key for a fetched page: its <link rel=canonical> when that points at the same site
 * (a cross-site canonical could hijack the key), else the final URL.
 */
export function pickCanonicalUrl(finalUrl: string | null, declaredCanonical: string | null): string | null {
  if (!finalUrl) return null;
  const base = canonicalizeUrl(finalUrl);
  if (!base || !declaredCanonical) return base;
  let declared: URL;
  try {
    declared = new URL(declaredCanonical, finalUrl);
  } catch {
    return base;
  }
  if (declared.protocol !== 'http:' && declared.protocol !== 'https:') return base;
  if (siteOf(declared.hostname) !== siteOf(new URL(finalUrl).hostname)) return base;
  return canonicalizeUrl(declared.href) ?? base;
}
