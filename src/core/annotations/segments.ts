/**
 * Overlapping highlights are allowed; the renderer draws them as flat, non-overlapping segments, each
 * knowing every annotation that covers it (so nested/overlapping colours and clicks can be resolved).
 */
export interface HighlightRange {
  id: number;
  start: number | null;
  end: number | null;
}

export interface HighlightSegment {
  start: number;
  end: number;
  /** Ids covering [start, end), ascending. */
  ids: number[];
}

export function segmentsForHighlights(ranges: readonly HighlightRange[]): HighlightSegment[] {
  const live = ranges.filter(
    (r): r is HighlightRange & { start: number; end: number } =>
      typeof r.start === 'number' && typeof r.end === 'number' && r.end > r.start,
  );
  const cuts = [...new Set(live.flatMap((r) => [r.start, r.end]))].sort((a, b) => a - b);
  const out: HighlightSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    const ids = live
      .filter((r) => r.start <= start && r.end >= end)
      .map((r) => r.id)
      .sort((a, b) => a - b);
    if (ids.length > 0) out.push({ start, end, ids: [...new Set(ids)] });
  }
  return out;
}
