import { useCallback, useEffect, useState } from 'preact/hooks';
import { parseRoute, routeHref, type Route } from '../lib/routes.js';

/**
 * The address is the path: under `kho serve`, and in Electron, whose page is served from `kho://app/` by
 * the same static-file rules (src/server/static.ts answers the app's addresses with the page). kho:// links
 * arrive as `app.open` events and go through the same routes.
 */
function readRoute(): Route {
  return parseRoute(location.pathname, location.search);
}

export interface Navigate {
  /** Goes to `route`: a new history entry, or with `replace` the current one changes (typing, j/k). */
  (route: Route, opts?: { replace?: boolean }): void;
}

/** The route in the address bar, kept in step with Back, Forward and reloads. */
export function useRoute(): { route: Route; navigate: Navigate } {
  const [route, setRoute] = useState<Route>(readRoute);
  useEffect(() => {
    const sync = () => setRoute(readRoute());
    window.addEventListener('popstate', sync);
    return () => window.removeEventListener('popstate', sync);
  }, []);
  const navigate = useCallback<Navigate>((next, opts) => {
    const href = routeHref(next);
    if (href !== `${location.pathname}${location.search}`) {
      if (opts?.replace) history.replaceState(null, '', href);
      else history.pushState(null, '', href);
    }
    setRoute(readRoute());
  }, []);
  return { route, navigate };
}
