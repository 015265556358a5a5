import { protocol } from 'electron';
import type { Archive } from '../core/archive.js';
import { assetResponse } from '../shared/asset-response.js';

export const ASSET_SCHEME = 'kho-asset';

/** Serves archived images (kho-asset:<sha256>) from SQLite; the reader never touches the network. */
export function registerAssetProtocol(archive: Archive): void {
  protocol.handle(ASSET_SCHEME, (request) => {
    const ref = request.url.slice(ASSET_SCHEME.length + 1).replace(/^\/+/, '');
    const { status, headers, body } = assetResponse(ref, (sha) => archive.getAsset(sha));
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status, headers });
  });
}
