/**
 * Links into the archive: `kho://article/<id>` opens an article, `kho://highlight/<id>` a highlight, and so
 * does `kho://article/<id>/highlight/<id>` (what the Obsidian export and the HTML digest write: it reads as
 * the passage's place; the highlight id decides what opens). The OS
 * hands them to the app (src/main), and the Markdown export writes them so notes link back. The host `app`
 * is never a link target: `kho://app/…` is where the app itself is served (src/main/app-url.ts).
 */

export const LINK_SCHEME = 'kho';

export interface ArchiveLink {
  target: 'article' | 'highlight';
  id: number;
}

export function archiveLinkUrl(link: ArchiveLink): string {
  return `${LINK_SCHEME}://${link.target}/${link.id}`;
}

const LINK_TARGETS: ReadonlySet<string> = new Set(['article', 'highlight']);

/** The article or highlight a link names, else null (any other host, path or scheme). */
export function parseArchiveLink(url: string): ArchiveLink | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  // Chromium lower-cases the host of a standard scheme; Node's URL keeps it as typed.
  const target = u.hostname.toLowerCase();
  if (u.protocol !== `${LINK_SCHEME}:` || !LINK_TARGETS.has(target)) return null;
  const nested = target === 'article' ? /^\/\d{1,15}\/highlight\/(\d{1,15})\/?$/.exec(u.pathname) : null;
  const m = nested ?? /^\/(\d{1,15})\/?$/.exec(u.pathname);
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  return { target: nested ? 'highlight' : (target as ArchiveLink['target']), id };
}

/** `kho://article/<article id>/highlight/<highlight id>`: a highlight, named with its article. */
export function highlightInArticleUrl(articleId: number, highlightId: number): string {
  return `${LINK_SCHEME}://article/${articleId}/highlight/${highlightId}`;
}
