import { protocol } from 'electron';
import { assetName, assetResponse } from '../shared/asset-response.js';
import type { HostAsset } from '../core/host/protocol.js';

export const ASSET_SCHEME = 'kho-asset';

/**
 * Serves archived images (kho-asset:<sha256>) from the archive host; the reader never touches the network.
 * Anything but a bare SHA-256 is answered 404 without asking the host.
 */
export function registerAssetProtocol(getAsset: (sha256: string) => Promise<HostAsset | null>): void {
  protocol.handle(ASSET_SCHEME, async (request) => {
    const ref = request.url.slice(ASSET_SCHEME.length + 1).replace(/^\/+/, '');
    const sha = assetName(ref);
    const stored = sha ? await getAsset(sha).catch(() => null) : null;
    const { status, headers, body } = assetResponse(ref, () => stored);
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status, headers });
  });
}
