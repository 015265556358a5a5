import { useCallback, useEffect, useState } from 'preact/hooks';
import { parseRoute, routeHref, type Route } from '../lib/routes.js';

/**
 * Where the browser keeps the address: the path under `kho serve` (and the dev server), the fragment in
 * Electron's file: window (`index.html#/article/12`), whose path names a file. The Electron main process
 * opens `kho://article/12` by setting that fragment; the window notices it like a Back or Forward.
 */
const inFragment = typeof location !== 'undefined' && location.protocol === 'file:';

function currentHref(): string {
  if (inFragment) return location.hash.slice(1) || '/';
  return `${location.pathname}${location.search}`;
}

function readRoute(): Route {
  const href = currentHref();
  const q = href.indexOf('?');
  return q < 0 ? parseRoute(href) : parseRoute(href.slice(0, q), href.slice(q));
}

export interface Navigate {
  /** Goes to `route`: a new history entry, or with `replace` the current one changes (typing, j/k). */
  (route: Route, opts?: { replace?: boolean }): void;
}

/** The route in the address bar, kept in step with Back, Forward, reloads and links. */
export function useRoute(): { route: Route; navigate: Navigate } {
  const [route, setRoute] = useState<Route>(readRoute);
  useEffect(() => {
    const sync = () => setRoute(readRoute());
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
    return () => {
      window.removeEventListener('popstate', sync);
      window.removeEventListener('hashchange', sync);
    };
  }, []);
  const navigate = useCallback<Navigate>((next, opts) => {
    const href = routeHref(next);
    if (href !== currentHref()) {
      const url = inFragment ? `#${href}` : href;
      if (opts?.replace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
    setRoute(readRoute());
  }, []);
  return { route, navigate };
}
