import type { Annotation } from '../../../shared/schemas.js';
import { textFromDom, type TextModel, type TextModelNode } from '../../../shared/text-model.js';

/**
 * Draws highlights over the rendered article. Annotations store [start, end) offsets into
 * content_text; the shared text model maps them to text nodes. Overlapping highlights are split into
 * segments, each wrapped in one <mark> that names every covering highlight (data-ids), so overlaps
 * stay visible as layers (see .kho-hl-overlap in the CSS).
 */

/** Anchored highlights in reading order, then orphans (their text is gone from the article). */
export function sortAnnotations(list: readonly Annotation[]): Annotation[] {
  return [...list].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'anchored' ? -1 : 1;
    return (a.start ?? 0) - (b.start ?? 0) || a.id - b.id;
  });
}

interface Span {
  id: number;
  start: number;
  end: number;
  color: string;
  hasNote: boolean;
}

/** Removes marks drawn earlier, restoring the original text nodes. */
export function clearHighlights(root: HTMLElement): void {
  const marks = root.querySelectorAll('mark.kho-hl');
  marks.forEach((mark) => {
    const parent = mark.parentNode;
    if (!parent) return;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
  });
  root.normalize();
}

export function paintHighlights(root: HTMLElement, annotations: readonly Annotation[]): TextModel {
  clearHighlights(root);
  const model = textFromDom(root as unknown as TextModelNode);
  const spans: Span[] = annotations
    .filter((a) => a.status === 'anchored' && a.start !== null && a.end !== null && a.end > a.start)
    .map((a) => ({
      id: a.id,
      start: a.start as number,
      end: a.end as number,
      color: a.color,
      hasNote: !!a.note,
    }))
    .sort((a, b) => a.id - b.id);
  if (spans.length === 0) return model;
  // Boundaries of every segment where the set of covering highlights changes.
  const points = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const coverAt = (offset: number): Span[] => spans.filter((s) => s.start <= offset && offset < s.end);

  for (const run of model.runs) {
    if (run.charIndex.length === 0) continue;
    const node = run.node as unknown as Text;
    // Pieces of this text node: [from, to) code units, with the highlights covering them.
    const pieces: Array<{ from: number; to: number; cover: Span[] }> = [];
    let current: { from: number; to: number; cover: Span[]; key: string } | null = null;
    for (let k = 0; k < run.charIndex.length; k++) {
      const offset = model.producedPos[run.firstProduced + k] as number;
      if (offset < (points[0] as number) || offset >= (points[points.length - 1] as number)) {
        if (current) pieces.push(current);
        current = null;
        continue;
      }
      const cover = coverAt(offset);
      const key = cover.map((s) => s.id).join(',');
      const ci = run.charIndex[k] as number;
      if (current && current.key === key && key !== '') {
        current.to = ci + 1;
      } else {
        if (current) pieces.push(current);
        current = key ? { from: ci, to: ci + 1, cover, key } : null;
      }
    }
    if (current) pieces.push(current);
    // Split from the end so earlier offsets in the node stay valid.
    for (let p = pieces.length - 1; p >= 0; p--) {
      const piece = pieces[p]!;
      const target = node.splitText(piece.from);
      target.splitText(piece.to - piece.from);
      const mark = document.createElement('mark');
      const top = piece.cover[piece.cover.length - 1]!;
      mark.className = `kho-hl kho-hl-${top.color}${piece.cover.length > 1 ? ' kho-hl-overlap' : ''}`;
      if (piece.cover.length > 1) {
        const under = piece.cover[piece.cover.length - 2]!;
        mark.classList.add(`kho-hl-under-${under.color}`);
      }
      mark.dataset.ids = piece.cover.map((s) => s.id).join(' ');
      if (piece.cover.some((s) => s.hasNote)) mark.classList.add('kho-hl-noted');
      target.parentNode!.insertBefore(mark, target);
      mark.appendChild(target);
    }
  }
  // Mark the first segment of each highlight so "go to" can find and focus it.
  for (const s of spans) {
    const first = root.querySelector(`mark.kho-hl[data-ids~="${s.id}"]`);
    if (first && !first.id) first.id = `kho-hl-${s.id}`;
  }
  return model;
}
