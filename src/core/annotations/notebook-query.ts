import { fold } from '../../shared/fold.js';

/**
 * The notebook's text filter: every word of the query (and every "quoted phrase") must appear in the
 * highlight's quote or its note. Diacritics and case are optional ("dan van" finds "Dân vận"), and a
 * word matches inside longer words, as people expect of a filter box.
 */
export function notebookMatcher(
  query: string | undefined,
): (entry: { exact: string; note: string | null }) => boolean {
  const needles: string[] = [];
  const rest = (query ?? '').replace(/"([^"]*)"/g, (_m, phrase: string) => {
    const p = fold(phrase).replace(/\s+/g, ' ').trim();
    if (p) needles.push(p);
    return ' ';
  });
  for (const word of fold(rest).split(/\s+/)) if (word) needles.push(word);
  if (needles.length === 0) return () => true;
  return (entry) => {
    const hay = fold(`${entry.exact}\n${entry.note ?? ''}`).replace(/\s+/g, ' ');
    return needles.every((n) => hay.includes(n));
  };
}
