/**
 * The response for an archived image, for both carriers: Electron's `kho-asset:` protocol (src/main) and
 * `kho serve`'s `/asset/<sha256>` route (src/server). Plain data, so each transport only writes it out.
 */

export interface StoredAsset {
  mime: string;
  bytes: Uint8Array;
}

export interface AssetResponse {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** An asset is named by the lower-case hex SHA-256 of its bytes; nothing else (no paths) is looked up. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** An image type, as capture stores it (`image/png`, `image/svg+xml`). */
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i;

/** An SVG may carry scripts and links: it renders with no privileges and only its own inline styles. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
/** Raster images need nothing; the sandbox keeps a mislabelled file from running as a page. */
export const ASSET_CSP = "default-src 'none'; sandbox";

/** The asset `ref` names (what follows `kho-asset:` or `/asset/`), or null: only a bare SHA-256 names one. */
export function assetName(ref: string): string | null {
  const sha = ref.toLowerCase();
  return SHA256_HEX.test(sha) ? sha : null;
}

/**
 * `ref` is what follows `kho-asset:` or `/asset/`, still URL-encoded. A carrier whose archive answers
 * asynchronously (the Electron main asks the archive host) looks the asset up first with `assetName`.
 */
export function assetResponse(ref: string, getAsset: (sha256: string) => StoredAsset | null): AssetResponse {
  const sha = assetName(ref);
  if (!sha) return notFound('That is not the name of an archived image.');
  const asset = getAsset(sha);
  if (!asset) return notFound('There is no such image in the archive.');
  // Only ever an image: stored bytes under another type (a capture bug, a crafted archive) are sent as
  // opaque bytes, which nosniff keeps a script or style tag from using.
  const mime = IMAGE_TYPE.test(asset.mime) ? asset.mime : 'application/octet-stream';
  return {
    status: 200,
    headers: {
      'Content-Type': mime,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': mime.toLowerCase().startsWith('image/svg') ? SVG_CSP : ASSET_CSP,
      // Content-addressed: the bytes under a name never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
    body: asset.bytes,
  };
}

function notFound(message: string): AssetResponse {
  return {
    status: 404,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
    body: message,
  };
}
