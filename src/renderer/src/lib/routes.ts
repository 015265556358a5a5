import {
  HIGHLIGHT_COLORS,
  LIST_VIEWS,
  NOTEBOOK_SORTS,
  type HighlightColorName,
  type ListViewName,
  type NotebookSortName,
} from '../../../shared/enums.js';
import type { Source } from './views.js';

/**
 * The app's addresses: every state a reader would bookmark or go back to is a path (the table is in
 * ARCHITECTURE.md). Pure functions, so the browser, Electron and `kho://` links all read them the same way.
 *
 *   /                               all articles            /view/unread, /view/archived, …
 *   /tag/<level>/<level>            a tag (each level URL-encoded)
 *   /search?q=<query>               search results
 *   …/article/<id>                  an article open over any of those (/tag/x/article/12, /search/article/12?q=…)
 *   …/article/<id>/highlight/<aid>  scrolled to one highlight
 *   /notebook?q=&color=&tag=&article=&sort=   every highlight, filtered
 */

export interface NotebookFilters {
  /** Words the quote or the note must contain. */
  q: string;
  color: HighlightColorName | null;
  tag: string | null;
  article: number | null;
  sort: NotebookSortName;
}

export interface Route {
  source: Source;
  /** The search query; while not blank, the list pane shows results. */
  q: string;
  article: number | null;
  highlight: number | null;
  /** The notebook is shown, with these filters. */
  notebook: NotebookFilters | null;
}

export const ALL: Source = { kind: 'view', view: 'all' };
export const HOME: Route = { source: ALL, q: '', article: null, highlight: null, notebook: null };
export const NOTEBOOK_DEFAULTS: NotebookFilters = {
  q: '',
  color: null,
  tag: null,
  article: null,
  sort: 'newest',
};

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function positiveInt(s: string | null | undefined): number | null {
  return s && /^[1-9]\d{0,15}$/.test(s) ? Number(s) : null;
}

function oneOf<T extends string>(value: string | null, options: readonly T[]): T | null {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : null;
}

/** The route of a path and query string ("/tag/a/article/3", "?q=x"); anything unknown reads as home. */
export function parseRoute(path: string, search = ''): Route {
  const parts = path.split('/').filter(Boolean);
  const segments = parts.map(decode);
  if (segments.some((s) => s === null)) return HOME;
  const seg = segments as string[];
  const params = new URLSearchParams(search);

  // The article (and highlight) come last, so they are read first: a tag's levels are what stays before them.
  let article: number | null = null;
  let highlight: number | null = null;
  let end = seg.length;
  if (end >= 4 && seg[end - 4] === 'article' && seg[end - 2] === 'highlight') {
    article = positiveInt(seg[end - 3]);
    highlight = positiveInt(seg[end - 1]);
    if (article !== null && highlight !== null) end -= 4;
    else article = highlight = null;
  }
  if (article === null && end >= 2 && seg[end - 2] === 'article') {
    article = positiveInt(seg[end - 1]);
    if (article !== null) end -= 2;
  }
  const head = seg.slice(0, end);

  let source: Source = ALL;
  let notebook: NotebookFilters | null = null;
  if (head[0] === 'view' && head.length === 2) {
    const view = oneOf<ListViewName>(head[1] ?? null, LIST_VIEWS);
    if (view) source = { kind: 'view', view };
  } else if (head[0] === 'tag' && head.length >= 2 && head.slice(1).every((l) => l.trim() !== '')) {
    source = { kind: 'tag', tag: head.slice(1).join('/') };
  } else if (head[0] === 'notebook' && head.length === 1) {
    notebook = {
      q: params.get('q') ?? '',
      color: oneOf<HighlightColorName>(params.get('color'), HIGHLIGHT_COLORS),
      tag: params.get('tag') || null,
      article: positiveInt(params.get('article')),
      sort: oneOf<NotebookSortName>(params.get('sort'), NOTEBOOK_SORTS) ?? 'newest',
    };
  } else if (head.length > 0 && !(head[0] === 'search' && head.length === 1)) {
    return HOME;
  }
  return {
    source,
    q: notebook ? '' : (params.get('q') ?? ''),
    article: notebook ? null : article,
    highlight: notebook || article === null ? null : highlight,
    notebook,
  };
}

/** The path and query string of a route; `parseRoute(routeHref(r))` gives `r` back. */
export function routeHref(route: Route): string {
  const params = new URLSearchParams();
  let base = '';
  if (route.notebook) {
    const n = route.notebook;
    base = '/notebook';
    if (n.q) params.set('q', n.q);
    if (n.color) params.set('color', n.color);
    if (n.tag) params.set('tag', n.tag);
    if (n.article !== null) params.set('article', String(n.article));
    if (n.sort !== NOTEBOOK_DEFAULTS.sort) params.set('sort', n.sort);
  } else {
    const s = route.source;
    if (s.kind === 'tag') base = `/tag/${s.tag.split('/').map(encodeURIComponent).join('/')}`;
    else if (s.view !== 'all') base = `/view/${s.view}`;
    else if (route.q) base = '/search';
    if (route.q) params.set('q', route.q);
  }
  if (route.article !== null && !route.notebook) {
    base += `/article/${route.article}`;
    if (route.highlight !== null) base += `/highlight/${route.highlight}`;
  }
  const query = params.toString();
  return `${base || '/'}${query ? `?${query}` : ''}`;
}
