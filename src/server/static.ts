import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

/** Static files of the built renderer, served without ever leaving `root`. */

export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticFile {
  absPath: string;
  size: number;
  mime: string;
  isHtml: boolean;
  /** Vite's hashed build assets never change under their name. */
  immutable: boolean;
}

/** First segments of the app's own addresses (the History API routes of src/renderer/src/lib/routes.ts). */
const APP_ROUTES: ReadonlySet<string> = new Set(['view', 'tag', 'search', 'article', 'notebook']);

/**
 * Maps a URL path to a file under `root`, or null. Rejects encoded separators, NUL, dot segments
 * and anything that would resolve outside `root` (including through symlinks).
 * Paths without an extension, and the app's addresses, fall back to index.html (the app has a single page).
 */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  let segments = decoded.split('/').filter(Boolean);
  if (APP_ROUTES.has(segments[0] ?? '')) {
    // An address of the app (/tag/v1.2/article/3): the page itself, whatever the levels look like. The
    // page names its scripts relatively (./assets/…), so from /tag/x they are asked for as /tag/assets/….
    const at = segments.lastIndexOf('assets');
    segments = at > 0 && at === segments.length - 2 ? segments.slice(at) : ['index.html'];
  }
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const realRoot = await fs.realpath(root).catch(() => null);
  if (!realRoot) return null;
  let rel = segments.join('/');
  if (rel === '' || !path.extname(rel)) rel = 'index.html';
  const candidate = path.resolve(realRoot, rel);
  if (!isInside(realRoot, candidate)) return null;
  const real = await fs.realpath(candidate).catch(() => null);
  if (!real || !isInside(realRoot, real)) return null;
  const stat = await fs.stat(real).catch(() => null);
  if (!stat || !stat.isFile()) return null;
  const ext = path.extname(real).toLowerCase();
  const mime = MIME_TYPES[ext] ?? 'application/octet-stream';
  const relFromRoot = path.relative(realRoot, real).split(path.sep);
  return {
    absPath: real,
    size: stat.size,
    mime,
    isHtml: ext === '.html',
    immutable: relFromRoot[0] === 'assets' && relFromRoot.length > 1,
  };
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' ? false : !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function streamFile(file: StaticFile): NodeJS.ReadableStream {
  return createReadStream(file.absPath);
}
