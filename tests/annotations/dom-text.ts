/**
 * Test helper: reduces the DOM-based peer cases (Apache Annotator, Hypothesis, dom-anchor-text-quote) to
 * plain text, which is what Kho anchors into. A root's text is its textContent; a DOM boundary point
 * (node, offset) becomes an offset into that text; simple XPaths (/p[2]/text()[1], //b/text()[2]) resolve.
 */
import { DOMParser } from 'linkedom';

// linkedom's node types are loose; the few members used here are typed locally.
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
}

const TEXT = 3;
const ELEMENT = 1;

/**
 * Parses like a browser would for the fixtures: a document whose root element is <html>, and <noscript>
 * content kept as raw text (a browser with scripting on does so, and the saved selectors count it).
 */
export function parseDocument(html: string): { documentElement: DomNode; body: DomNode | null } {
  html = html.replace(
    /(<noscript[^>]*>)([\s\S]*?)(<\/noscript>)/gi,
    (_m, open: string, inner: string, close: string) =>
      open + inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + close,
  );
  const wrapped = /<html[\s>]/i.test(html)
    ? html
    : /<head[\s>]/i.test(html)
      ? `<html>${html}</html>`
      : `<html><body>${html}</body></html>`;
  const doc = new DOMParser().parseFromString(wrapped, 'text/html') as unknown as {
    documentElement: DomNode;
    body: DomNode | null;
  };
  return doc;
}

export function children(node: DomNode): DomNode[] {
  return Array.from(node.childNodes);
}

/** Offsets of every node's start and end within root.textContent (text nodes in document order). */
export function textOffsets(root: DomNode): {
  text: string;
  entry: Map<DomNode, number>;
  exit: Map<DomNode, number>;
} {
  const entry = new Map<DomNode, number>();
  const exit = new Map<DomNode, number>();
  let text = '';
  const walk = (n: DomNode): void => {
    entry.set(n, text.length);
    if (n.nodeType === TEXT) text += n.textContent ?? '';
    else for (const c of children(n)) walk(c);
    exit.set(n, text.length);
  };
  walk(root);
  return { text, entry, exit };
}

/** DOM boundary point -> offset into root.textContent. */
export function boundaryToOffset(root: DomNode, node: DomNode, offset: number): number {
  const { entry, exit } = textOffsets(root);
  if (node.nodeType === TEXT) return (entry.get(node) as number) + offset;
  const kids = children(node);
  const child = kids[offset];
  return child ? (entry.get(child) as number) : (exit.get(node) as number);
}

export function textNodes(root: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const walk = (n: DomNode): void => {
    if (n.nodeType === TEXT) out.push(n);
    else for (const c of children(n)) walk(c);
  };
  walk(root);
  return out;
}

function descendants(n: DomNode): DomNode[] {
  return children(n).flatMap((c) => [c, ...descendants(c)]);
}

/**
 * Resolves "/a/b[2]/text()[1]" (child steps from `context`) or "//b/text()" (first step anywhere below
 * `context`). Names compare case-insensitively; a missing [n] means [1].
 */
export function resolveXPath(context: DomNode, path: string): DomNode {
  const deep = path.startsWith('//');
  const steps = path.replace(/^\/\/?/, '').split('/');
  let current: DomNode[] = [context];
  steps.forEach((step, i) => {
    const m = /^([\w-]+|text\(\))(?:\[(\d+)\])?$/i.exec(step);
    if (!m) throw new Error(`Unsupported XPath step "${step}" in ${path}`);
    const name = (m[1] as string).toLowerCase();
    const index = Number(m[2] ?? '1') - 1;
    const matches = (n: DomNode): boolean =>
      name === 'text()' ? n.nodeType === TEXT : n.nodeType === ELEMENT && n.nodeName.toLowerCase() === name;
    const next: DomNode[] = [];
    for (const c of current) {
      if (deep && i === 0) {
        // "//x" = every x below the context; the index counts among siblings, as XPath does.
        for (const d of descendants(c)) {
          if (!matches(d) || !d.parentNode) continue;
          const sibs = children(d.parentNode).filter(matches);
          if (sibs[index] === d) next.push(d);
        }
      } else {
        const found = children(c).filter(matches)[index];
        if (found) next.push(found);
      }
    }
    current = next;
  });
  const node = current[0];
  if (!node) throw new Error(`XPath ${path} matches nothing`);
  return node;
}

export interface RangeInfo {
  startContainerXPath: string;
  startOffset: number;
  endContainerXPath: string;
  endOffset: number;
}

/** Apache's RangeInfo (XPaths evaluated on the document) -> [start, end) in the root's text. */
export function rangeInfoToOffsets(root: DomNode, r: RangeInfo): { start: number; end: number } {
  return {
    start: boundaryToOffset(root, resolveXPath(root, r.startContainerXPath), r.startOffset),
    end: boundaryToOffset(root, resolveXPath(root, r.endContainerXPath), r.endOffset),
  };
}
