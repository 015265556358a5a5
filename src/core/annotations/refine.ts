/**
 * Edit distance places the edges of an approximate match arbitrarily when the quote lost or gained words
 * at an edge: "luôn luôn lấy" re-found as "; luôn lấy" (stealing the prefix's "; ") costs fewer errors
 * than the true "luôn lấy". Each edge is moved (a few chars) to where the stored context fits the text
 * best: the prefix must end where the quote starts, the suffix start where it ends. Without stored
 * context on a side, that edge stays where the search put it.
 */

const EDGE = 32;

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

export function refineEdges(
  text: string,
  quote: string,
  context: { prefix: string; suffix: string },
  range: { start: number; end: number },
  maxShift: number,
): { start: number; end: number } {
  const prefix = context.prefix.slice(-EDGE);
  const suffix = context.suffix.slice(0, EDGE);
  const startCost = (s: number): number => levenshtein(prefix, text.slice(Math.max(0, s - prefix.length), s));
  const endCost = (e: number): number => levenshtein(suffix, text.slice(e, e + suffix.length));
  const best = (from: number, cost: (x: number) => number, lo: number, hi: number): number => {
    let pick = from;
    let pickCost = cost(from);
    // Nearest shifts first, so a tie keeps the edge closest to where the search put it.
    for (let d = 1; d <= maxShift; d++) {
      for (const x of [from - d, from + d]) {
        if (x < lo || x > hi) continue;
        const c = cost(x);
        if (c < pickCost) [pick, pickCost] = [x, c];
      }
    }
    return pick;
  };
  // Keep at least half the quote's length, so context alone cannot shrink the match to nothing.
  const minLength = Math.ceil(quote.length / 2);
  const start = prefix ? best(range.start, startCost, 0, range.end - minLength) : range.start;
  const end = suffix ? best(range.end, endCost, start + minLength, text.length) : range.end;
  return { start, end };
}
