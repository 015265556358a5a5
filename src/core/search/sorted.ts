/** First index of a sorted array (vocabulary words, pair hashes) whose entry is >= p. */
export function lowerBound<T extends string | number>(sorted: ArrayLike<T>, p: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
