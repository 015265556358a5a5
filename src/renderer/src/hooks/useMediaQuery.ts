import { useEffect, useState } from 'preact/hooks';

/** Whether a CSS media query matches, following changes (a window resized, a phone turned). */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setMatches(media.matches);
    update();
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, [query]);
  return matches;
}

/** Phones: one pane at a time, panels as sheets (matches styles/responsive.css). */
export const PHONE = '(max-width: 760px)';
/** Narrow windows: the sidebar becomes an overlay (matches styles/responsive.css). */
export const NARROW = '(max-width: 1100px)';
