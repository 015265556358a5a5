import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolveStatic } from '../server/static.js';
import { appCsp } from '../shared/csp.js';
import { APP_HOST, APP_SCHEME } from './app-url.js';
import { ASSET_SCHEME } from './asset-protocol.js';

/**
 * Both custom schemes must be declared before the app is ready. `kho:` is standard (real origins, relative
 * URLs, module scripts) and secure; `kho-asset:` only needs fetch and streaming.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
    {
      scheme: ASSET_SCHEME,
      privileges: { secure: true, standard: false, supportFetchAPI: true, stream: true },
    },
  ]);
}

/** The app page's policy (src/shared/csp.ts) as a header, the only carrier of frame-ancestors. */
export const APP_CSP_HEADER = appCsp({ assets: 'kho-asset', delivery: 'header' });

function notFound(): Response {
  return new Response('Not found.', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * Serves the built renderer at `kho://app/…` from `rendererDir`, through the same path checks as `kho serve`
 * (src/server/static.ts: no dot segments, encoded separators or symlinks out of the folder). Any other host
 * of `kho:` is an archive link (src/main/app-url.ts), never a page, and gets 404.
 */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    const file = await resolveStatic(rendererDir, url.pathname);
    if (!file) return notFound();
    const headers: Record<string, string> = {
      'Content-Type': file.mime,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
    };
    if (file.isHtml) headers['Content-Security-Policy'] = APP_CSP_HEADER;
    return new Response(new Uint8Array(await readFile(file.absPath)), { status: 200, headers });
  });
}
