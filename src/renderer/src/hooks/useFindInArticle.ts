import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../../shared/schemas.js';
import { textFromDom, textOffsetsToRange, type TextModelNode } from '../../../shared/text-model.js';
import { findRanges, type FindTerm } from '../lib/find-words.js';

/** Names of the CSS custom highlights (styles/highlights.css draws them). */
const ALL = 'kho-find';
const CURRENT = 'kho-find-current';

export interface FindInArticle {
  count: number;
  /** The current match, 0-based. */
  index: number;
  next(): void;
  previous(): void;
}

function highlights(): HighlightRegistry | null {
  return typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
}

/**
 * The words of the search that opened the article, marked in its text with CSS custom highlights (no
 * change to the DOM, so highlights and offsets are untouched), with a current match that next/previous
 * move and scroll to. Recomputed when the content or its highlights are drawn again.
 */
export function useFindInArticle(opts: {
  contentRef: { current: HTMLElement | null };
  scrollRef: { current: HTMLElement | null };
  html: string | null;
  anns: readonly Annotation[];
  terms: readonly FindTerm[];
}): FindInArticle {
  const { contentRef, scrollRef, html, anns, terms } = opts;
  const [ranges, setRanges] = useState<Range[]>([]);
  const [index, setIndex] = useState(0);
  const termsKey = JSON.stringify(terms);

  useLayoutEffect(() => {
    const root = contentRef.current;
    const registry = highlights();
    if (!root || html === null || !registry) return;
    const model = textFromDom(root as unknown as TextModelNode);
    const found: Range[] = [];
    for (const [start, end] of findRanges(model.text, JSON.parse(termsKey) as FindTerm[])) {
      const points = textOffsetsToRange(model, start, end);
      if (!points) continue;
      const range = document.createRange();
      range.setStart(points.start.node as unknown as Node, points.start.offset);
      range.setEnd(points.end.node as unknown as Node, points.end.offset);
      found.push(range);
    }
    setRanges(found);
    registry.set(ALL, new Highlight(...found));
    return () => {
      registry.delete(ALL);
      registry.delete(CURRENT);
    };
  }, [contentRef, html, anns, termsKey]);

  // A new search starts at its first match.
  useEffect(() => setIndex(0), [termsKey, html]);

  useEffect(() => {
    const registry = highlights();
    const range = ranges[index];
    if (!registry || !range) return;
    registry.set(CURRENT, new Highlight(range));
    const scroller = scrollRef.current;
    if (!scroller) return;
    const r = range.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    if (r.top < box.top + 40 || r.bottom > box.bottom - 40)
      scroller.scrollTop += r.top - box.top - scroller.clientHeight / 3;
  }, [ranges, index, scrollRef]);

  const count = ranges.length;
  return {
    count,
    index: count ? Math.min(index, count - 1) : 0,
    next: () => setIndex((i) => (count ? (i + 1) % count : 0)),
    previous: () => setIndex((i) => (count ? (i - 1 + count) % count : 0)),
  };
}
