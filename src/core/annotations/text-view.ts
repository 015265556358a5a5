/**
 * A whitespace-collapsed view of a text with a map back to the original offsets.
 * Quotes typed by a person, and texts re-extracted from changed HTML, differ mostly in whitespace
 * ("\n\n" vs " ", non-breaking spaces); matching on the collapsed view makes those differences free.
 */

export interface TextView {
  /** The text with every whitespace run replaced by one ASCII space. */
  text: string;
  /** toOriginal[i] = offset in the original text of view character i; toOriginal[text.length] = original length. */
  toOriginal: Int32Array;
}

export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ');
}

export function makeTextView(original: string): TextView {
  const map = new Int32Array(original.length + 1);
  const parts: string[] = [];
  let n = 0;
  let last = 0;
  for (const run of original.matchAll(/\s+/g)) {
    const at = run.index;
    for (let k = last; k < at; k++) map[n++] = k;
    map[n++] = at;
    parts.push(original.slice(last, at), ' ');
    last = at + run[0].length;
  }
  for (let k = last; k < original.length; k++) map[n++] = k;
  parts.push(original.slice(last));
  map[n] = original.length;
  return { text: parts.join(''), toOriginal: map.subarray(0, n + 1) };
}

/**
 * Original [start, end) of view range [vs, ve). A collapsed space at an edge stands for a whole whitespace
 * run; the range takes `edgeWhitespace` chars of it (default: the whole run at the end, one char at the
 * start... i.e. the run's start), so a quote ending in "\n\n" takes two of the text's whitespace chars.
 */
export function viewRangeToOriginal(
  view: TextView,
  vs: number,
  ve: number,
  edgeWhitespace: { leading?: number; trailing?: number } = {},
): { start: number; end: number } {
  let start = view.toOriginal[vs] as number;
  if (ve <= vs) return { start, end: start };
  let end = (view.toOriginal[ve - 1] as number) + 1;
  if (view.text[vs] === ' ' && edgeWhitespace.leading !== undefined) {
    const runEnd = view.toOriginal[vs + 1] as number;
    start = Math.max(start, runEnd - Math.max(1, edgeWhitespace.leading));
  }
  if (view.text[ve - 1] === ' ') {
    const runStart = view.toOriginal[ve - 1] as number;
    const runEnd = view.toOriginal[ve] as number;
    end =
      edgeWhitespace.trailing === undefined
        ? runEnd
        : Math.min(runEnd, runStart + Math.max(1, edgeWhitespace.trailing));
  }
  // A quote of whitespace only, inside one run: the leading rule took the run's end, the trailing rule its
  // start. Keep the leading choice, as long as the quote (found by fuzzing: the range came out inverted).
  if (end < start)
    end = Math.min(view.toOriginal[ve] as number, start + Math.max(1, edgeWhitespace.leading ?? 1));
  return { start, end };
}

/** View offset of an original offset (the view char that covers it, or the next one). */
export function originalToView(view: TextView, offset: number): number {
  const map = view.toOriginal;
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((map[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  // `offset` inside a collapsed run belongs to the space that starts the run.
  if ((map[lo] as number) > offset && lo > 0) return lo - 1;
  return lo;
}
