/**
 * The text model: how `content_text` is derived from `content_html`.
 *
 * Highlights are stored as UTF-16 offsets into content_text, and the reader maps DOM selections to
 * those offsets, so core (linkedom) and the renderer (browser DOM) must derive the exact same text
 * from the same HTML. This module therefore touches only `nodeType`, `nodeName`, `childNodes` and
 * `nodeValue`, which behave identically in both DOMs. No Node, no DOM globals.
 *
 * Rules:
 * - block elements are separated by exactly "\n\n"; `<br>` is "\n"; table cells in a row by "\t";
 * - outside `<pre>`, runs of ASCII whitespace collapse to one space, trimmed at block edges
 *   (U+00A0 is content, not whitespace, as in CSS);
 * - inside `<pre>` whitespace is kept verbatim;
 * - images and non-rendered elements (script, style, template, ...) contribute nothing.
 * Every character of the output that comes from a text node maps 1:1 to a UTF-16 code unit of
 * that node, which is what makes DOM point <-> offset mapping exact. Separators belong to no node.
 * The output is NFC when the DOM's text is NFC (capture normalises content_html to NFC).
 */

/** The subset of a DOM node the model reads; satisfied by browser nodes and linkedom nodes. */
export interface TextModelNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<TextModelNode>;
}

const TEXT_NODE = 3;
const CDATA_NODE = 4;
const ELEMENT_NODE = 1;

export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG',
  'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5',
  'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]); // prettier-ignore

/** Elements whose content is never rendered as text. */
const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set([
  'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE', 'IMG', 'PICTURE', 'VIDEO', 'AUDIO', 'IFRAME',
  'OBJECT', 'EMBED', 'CANVAS', 'SVG', 'MATH', 'SELECT', 'TEXTAREA', 'INPUT', 'BUTTON', 'SOURCE', 'TRACK',
  'META', 'LINK',
]); // prettier-ignore

const CELL_ELEMENTS: ReadonlySet<string> = new Set(['TD', 'TH']);

function isCollapsibleSpace(code: number): boolean {
  // ASCII whitespace per the HTML spec (space, tab, LF, FF, CR); NBSP stays.
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

function upperName(node: TextModelNode): string {
  // Browser nodeName is upper case for HTML; linkedom's too, but XHTML/SVG may differ.
  return node.nodeName.toUpperCase();
}

/** One text node's contribution: which of its code units were emitted, and where. */
interface TextRun {
  node: TextModelNode;
  /** Index (into `producedPos`) of this run's first emitted code unit. */
  firstProduced: number;
  /** For each code unit of node.nodeValue: emitted? -1 if collapsed away, else its produced index. */
  producedIndex: Int32Array;
  /** Code unit index in the node for each produced char of this run, in order. */
  charIndex: number[];
}

export interface TextModel {
  text: string;
  /** Output offset of each emitted character, in document order (monotonically increasing). */
  producedPos: Int32Array;
  /** Text nodes in document order that emitted at least one character (or none, kept for lookup). */
  runs: TextRun[];
  /** Number of emitted characters before (enter) and up to the end of (exit) each visited node. */
  bounds: Map<TextModelNode, { enter: number; exit: number }>;
  runByNode: Map<TextModelNode, TextRun>;
}

/** Builds the text of `root` and the bookkeeping needed to map DOM points to offsets and back. */
export function textFromDom(root: TextModelNode): TextModel {
  const out: string[] = [];
  let length = 0;
  const producedPos: number[] = [];
  const runs: TextRun[] = [];
  const bounds = new Map<TextModelNode, { enter: number; exit: number }>();
  // Separator owed before the next emitted character: 0 none, 'space', or a newline/tab string.
  let pendingSpace = false;
  let pendingBreak = '';
  let preDepth = 0;

  const emit = (ch: string): void => {
    if (length > 0) {
      if (pendingBreak) {
        out.push(pendingBreak);
        length += pendingBreak.length;
      } else if (pendingSpace) {
        out.push(' ');
        length += 1;
      }
    }
    pendingBreak = '';
    pendingSpace = false;
    producedPos.push(length);
    out.push(ch);
    length += ch.length;
  };

  const blockBoundary = (): void => {
    pendingBreak = '\n\n';
    pendingSpace = false;
  };

  const visitText = (node: TextModelNode): void => {
    const value = node.nodeValue ?? '';
    const producedIndex = new Int32Array(value.length).fill(-1);
    const run: TextRun = { node, firstProduced: producedPos.length, producedIndex, charIndex: [] };
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (preDepth === 0 && isCollapsibleSpace(code)) {
        if (!pendingBreak) pendingSpace = true;
        continue;
      }
      producedIndex[i] = producedPos.length;
      run.charIndex.push(i);
      emit(value[i] as string);
    }
    runs.push(run);
  };

  const visit = (node: TextModelNode): void => {
    const enter = producedPos.length;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_NODE) {
      visitText(node);
    } else if (node.nodeType === ELEMENT_NODE || node.nodeType === 9 || node.nodeType === 11) {
      const name = node.nodeType === ELEMENT_NODE ? upperName(node) : '';
      if (SKIPPED_ELEMENTS.has(name)) {
        bounds.set(node, { enter, exit: enter });
        return;
      }
      if (name === 'BR') {
        // A break at the start of a block or after a block boundary adds nothing.
        if (pendingBreak !== '\n\n' && length > 0) pendingBreak += '\n';
        pendingSpace = false;
      } else {
        const block = BLOCK_ELEMENTS.has(name);
        const cell = CELL_ELEMENTS.has(name);
        if (block) blockBoundary();
        else if (cell && length > 0 && !pendingBreak) {
          // Cells after the first in a row: a tab; the row's own boundary wins for the first cell.
          pendingBreak = '\t';
          pendingSpace = false;
        }
        if (name === 'PRE') preDepth++;
        const children = node.childNodes;
        for (let i = 0; i < children.length; i++) visit(children[i] as TextModelNode);
        if (name === 'PRE') preDepth--;
        if (block) blockBoundary();
        else if (cell) pendingSpace = false;
      }
    }
    bounds.set(node, { enter, exit: producedPos.length });
  };

  visit(root);
  const runByNode = new Map(runs.map((r) => [r.node, r] as const));
  return { text: out.join(''), producedPos: Int32Array.from(producedPos), runs, bounds, runByNode };
}

/** Number of emitted characters strictly before the DOM point (node, offset). */
function producedBefore(model: TextModel, node: TextModelNode, offset: number): number {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_NODE) {
    const run = model.runByNode.get(node);
    if (!run) {
      const b = model.bounds.get(node);
      if (!b) throw new RangeError('DOM point is not inside the text model root');
      return b.enter;
    }
    let count = 0;
    for (const ci of run.charIndex) {
      if (ci < offset) count++;
      else break;
    }
    return run.firstProduced + count;
  }
  const children = node.childNodes;
  if (offset < children.length) {
    const child = children[offset] as TextModelNode;
    const b = model.bounds.get(child);
    if (b) return b.enter;
    // A child the walk never reached (inside a skipped element): use the parent's start.
  }
  const b = model.bounds.get(node);
  if (!b) throw new RangeError('DOM point is not inside the text model root');
  return offset < children.length ? b.enter : b.exit;
}

export type Bias = 'forward' | 'backward';

/**
 * Text offset of a DOM point. 'forward' (for range starts) gives the offset of the next character
 * after the point; 'backward' (for range ends) gives the offset just past the previous character,
 * so separators between blocks never get pulled into a range.
 */
export function domPointToTextOffset(
  model: TextModel,
  node: TextModelNode,
  offset: number,
  bias: Bias = 'forward',
): number {
  const j = producedBefore(model, node, offset);
  const pos = model.producedPos;
  if (bias === 'forward') return j < pos.length ? (pos[j] as number) : model.text.length;
  return j > 0 ? (pos[j - 1] as number) + 1 : 0;
}

/** Finds the run holding produced character `j`. */
function runOf(model: TextModel, j: number): TextRun {
  let lo = 0;
  let hi = model.runs.length - 1;
  // Runs are in produced order; find the last run with firstProduced <= j that produced something.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((model.runs[mid] as TextRun).firstProduced <= j) lo = mid;
    else hi = mid - 1;
  }
  let i = lo;
  while (i > 0 && (model.runs[i] as TextRun).charIndex.length === 0) i--;
  while ((model.runs[i] as TextRun).firstProduced + (model.runs[i] as TextRun).charIndex.length <= j) i++;
  return model.runs[i] as TextRun;
}

export interface DomPoint {
  node: TextModelNode;
  offset: number;
}

/**
 * DOM point of a text offset, always inside a text node. 'forward' puts the point before the
 * character at `offset` (skipping separators forward), 'backward' after the character before it.
 * Returns null when the model has no text at all.
 */
export function textOffsetToDomPoint(
  model: TextModel,
  offset: number,
  bias: Bias = 'forward',
): DomPoint | null {
  const pos = model.producedPos;
  if (pos.length === 0) return null;
  // Smallest j with pos[j] >= offset.
  let lo = 0;
  let hi = pos.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pos[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  if (bias === 'forward' && lo < pos.length) {
    const run = runOf(model, lo);
    return { node: run.node, offset: run.charIndex[lo - run.firstProduced] as number };
  }
  const j = Math.max(0, lo - 1);
  const run = runOf(model, j);
  const ci = run.charIndex[j - run.firstProduced] as number;
  return lo === 0 ? { node: run.node, offset: ci } : { node: run.node, offset: ci + 1 };
}

export interface TextRangeLike {
  startContainer: TextModelNode;
  startOffset: number;
  endContainer: TextModelNode;
  endOffset: number;
}

/** A DOM range (e.g. the reader's selection) -> [start, end) in content_text. */
export function rangeToTextOffsets(model: TextModel, range: TextRangeLike): { start: number; end: number } {
  const start = domPointToTextOffset(model, range.startContainer, range.startOffset, 'forward');
  const end = domPointToTextOffset(model, range.endContainer, range.endOffset, 'backward');
  return end < start ? { start, end: start } : { start, end };
}

/** [start, end) in content_text -> DOM points for building a Range; null if the text is empty. */
export function textOffsetsToRange(
  model: TextModel,
  start: number,
  end: number,
): { start: DomPoint; end: DomPoint } | null {
  const s = textOffsetToDomPoint(model, start, 'forward');
  const e = textOffsetToDomPoint(model, end, end > start ? 'backward' : 'forward');
  return s && e ? { start: s, end: e } : null;
}
