import { forEachWord, MAX_TOKEN_LENGTH } from './analysis.js';

/** True if a surface word matches the query (exact, folded, stemmed or prefix). */
export type TokenMatcher = (word: string) => boolean;

export interface Match {
  start: number;
  end: number;
  word: string;
}

/**
 * Matched words of `text`. With `stop`, scanning ends once a `window`-char stretch holds `enough`
 * distinct matched words (plus the rest of that stretch): a snippet needs nothing further, and long
 * articles are not scanned to the end for every hit.
 */
export function findMatches(
  text: string,
  matcher: TokenMatcher,
  stop?: { enough: number; window: number },
): Match[] {
  const out: Match[] = [];
  let until = Infinity;
  forEachWord(text, (word, start) => {
    if (start > until) return false;
    if (word.length > MAX_TOKEN_LENGTH || !matcher(word)) return;
    const end = start + word.length;
    out.push({ start, end, word });
    if (stop && until === Infinity) {
      // same span rule as buildSnippet's window
      const words = new Set<string>();
      for (let i = out.length - 1; i >= 0 && out[i]!.start >= end - (stop.window - 40); i--)
        words.add(out[i]!.word.toLowerCase());
      if (words.size >= stop.enough) until = start + stop.window;
    }
  });
  return out;
}

const WS = /\s/u;

/**
 * A ~`size`-char window around the densest cluster of matches, cut at word boundaries; whitespace is
 * replaced one-for-one by spaces so offsets stay valid. Returns highlight ranges relative to the snippet.
 */
export function buildSnippet(
  text: string,
  matches: Match[],
  size = 200,
): { text: string; highlights: Array<[number, number]> } {
  if (text.length === 0) return { text: '', highlights: [] };
  let start = 0;
  if (matches.length > 0) {
    // window start that covers the most distinct matched words, then the most matches
    let best = 0;
    let bestScore = -1;
    for (let i = 0; i < matches.length; i++) {
      const words = new Set<string>();
      let count = 0;
      for (let j = i; j < matches.length && matches[j]!.end <= matches[i]!.start + size - 40; j++) {
        words.add(matches[j]!.word.toLowerCase());
        count++;
      }
      const s = words.size * 1000 + count;
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    start = Math.max(0, matches[best]!.start - 40);
  }
  let end = Math.min(text.length, start + size);
  if (end - start < size) start = Math.max(0, end - size);
  // snap to word boundaries
  if (start > 0) {
    let s = start;
    while (s < end && !WS.test(text[s - 1]!)) s++;
    if (s < end - 20) start = s;
  }
  if (end < text.length) {
    let e = end;
    while (e > start && !WS.test(text[e]!)) e--;
    if (e > start + 20) end = e;
  }
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const body = text.slice(start, end).replace(/\s/gu, ' ').trim();
  const trimmedLead =
    text.slice(start, end).replace(/\s/gu, ' ').length -
    text.slice(start, end).replace(/\s/gu, ' ').trimStart().length;
  const shift = lead.length - start - trimmedLead;
  const highlights: Array<[number, number]> = [];
  for (const m of matches) {
    if (m.start >= start + trimmedLead && m.end <= end) highlights.push([m.start + shift, m.end + shift]);
  }
  return { text: lead + body + tail, highlights };
}
