import { protocol } from 'electron';
import type { Archive } from '../core/archive.js';

export const ASSET_SCHEME = 'kho-asset';

/** Serves archived images (kho-asset:<sha256>) from SQLite; the reader never touches the network. */
export function registerAssetProtocol(archive: Archive): void {
  protocol.handle(ASSET_SCHEME, (request) => {
    const sha = request.url
      .slice(ASSET_SCHEME.length + 1)
      .replace(/^\/+/, '')
      .toLowerCase();
    const asset = archive.getAsset(sha);
    if (!asset) return new Response('Not in the archive', { status: 404 });
    const headers: Record<string, string> = {
      'Content-Type': asset.mime,
      'X-Content-Type-Options': 'nosniff',
    };
    if (asset.mime === 'image/svg+xml')
      headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    return new Response(new Uint8Array(asset.bytes), { headers });
  });
}
