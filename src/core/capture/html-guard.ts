import { Parser } from 'htmlparser2';
import { KhoError } from '../../shared/errors.js';
import { escapeAttr, escapeText } from './sanitize.js';

/**
 * Bounds the work HTML can cause before any DOM is built. linkedom (and so Readability, the sanitiser
 * and the text model) costs grow with nesting depth — a 39 KB page of nested tags took 9 s in
 * Readability and then overflowed the stack — and with the number of elements. One linear pass of
 * htmlparser2, the tokenizer linkedom itself builds its tree from (so depths agree exactly), counts
 * both:
 * - past MAX_ELEMENTS the page is refused (TOO_LARGE) before anything else runs;
 * - past MAX_DEPTH the page is rewritten with the elements below that depth unwrapped: their text
 *   stays (block boundaries become line breaks), their tags go. Real pages stay under ~40 levels.
 */

export const MAX_DEPTH = 128;
export const MAX_ELEMENTS = 60_000;

export interface GuardedHtml {
  html: string;
  /** Elements in the input. */
  elements: number;
  /** Deepest nesting in the input. */
  depth: number;
  /** True when elements deeper than MAX_DEPTH were unwrapped. */
  flattened: boolean;
}

const PARSER_OPTIONS = { lowerCaseAttributeNames: false, decodeEntities: true } as const;

/**
 * htmlparser2's Parser keeps its open elements in an array it `unshift`s, `shift`s and `indexOf`s
 * from the front: O(depth) per tag, so nesting alone makes parsing quadratic (1.7 s for 190 KB of
 * nested tags, hours for megabytes). This is the same stack with its top at the end and a count per
 * name: every operation the Parser uses is O(1) amortised. The Parser's tree rules stay its own.
 */
class OpenElements<T> {
  private readonly items: T[] = [];
  private readonly counts = new Map<T, number>();
  constructor(initial: T[] = []) {
    for (const item of initial) this.unshift(item);
  }
  get length(): number {
    return this.items.length;
  }
  set length(n: number) {
    while (this.items.length > n) this.shift();
  }
  /** The current (innermost) element, which the Parser reads as `stack[0]`. */
  get 0(): T | undefined {
    return this.items[this.items.length - 1];
  }
  at(fromTop: number): T | undefined {
    return this.items[this.items.length - 1 - fromTop];
  }
  unshift(item: T): number {
    this.items.push(item);
    this.counts.set(item, (this.counts.get(item) ?? 0) + 1);
    return this.items.length;
  }
  shift(): T | undefined {
    const item = this.items.pop();
    if (item !== undefined) this.counts.set(item, (this.counts.get(item) ?? 1) - 1);
    return item;
  }
  indexOf(item: T): number {
    if (!this.counts.get(item)) return -1;
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (this.items[i] === item) return this.items.length - 1 - i;
    }
    return -1;
  }
}

type Handlers = ConstructorParameters<typeof Parser>[0] & {};

/** An htmlparser2 Parser (the one linkedom uses, same options) whose open-element stacks are O(1). */
function linearParser(handlers: Handlers): Parser {
  const parser = new Parser(handlers, PARSER_OPTIONS);
  const inner = parser as unknown as {
    stack: OpenElements<string>;
    foreignContext: OpenElements<boolean>;
    onend(): void;
  };
  inner.stack = new OpenElements<string>();
  inner.foreignContext = new OpenElements<boolean>([false]);
  // The Parser's own onend indexes the stack as an array; same closes, through `at`.
  inner.onend = () => {
    for (let i = 0; i < inner.stack.length; i++) handlers.onclosetag?.(inner.stack.at(i) as string, true);
    handlers.onend?.();
  };
  return parser;
}
const VOID = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track',
  'wbr', 'basefont', 'bgsound', 'frame', 'keygen',
]); // prettier-ignore
/** Unwrapped elements whose edges separate words. */
const BLOCKISH = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'td', 'th', 'tr', 'ul',
]); // prettier-ignore
/** Elements whose text htmlparser2 hands over raw (not entity-decoded): written back raw. */
const RAW_TEXT = new Set(['script', 'style']);
// eslint-disable-next-line no-control-regex -- names with control characters are what this refuses
const SAFE_NAME = /^[a-zA-Z][^\s/>"'=<\u0000-\u001f\u007f]*$/;

function tooLarge(what: string): KhoError {
  return new KhoError(
    'TOO_LARGE',
    `${what} has more than ${MAX_ELEMENTS.toLocaleString('en')} HTML elements; Kho captures pages up to that size.`,
  );
}

/** Counts elements and depth; refuses a page with too many elements. */
function measure(html: string, what: string): { elements: number; depth: number } {
  let depth = 0;
  let max = 0;
  let elements = 0;
  const parser = linearParser({
    onopentag() {
      elements++;
      if (elements > MAX_ELEMENTS) throw tooLarge(what);
      depth++;
      if (depth > max) max = depth;
    },
    onclosetag() {
      depth--;
    },
  });
  parser.write(html);
  parser.end();
  return { elements, depth: max };
}

/** Writes the tree htmlparser2 builds back out, unwrapping every element deeper than `maxDepth`. */
export function flattenHtml(html: string, maxDepth: number): string {
  const out: string[] = [];
  const written: boolean[] = [];
  const names: string[] = [];
  let rawDepth = 0;
  // An unwrapped block leaves one line break, however many are unwrapped in a row.
  const lineBreak = (): void => {
    if (out[out.length - 1] !== '\n') out.push('\n');
  };
  const parser = linearParser({
    onprocessinginstruction(name, data) {
      if (name.toLowerCase() === '!doctype') out.push(`<${data}>`);
    },
    onopentag(name, attributes) {
      const write = written.length < maxDepth && SAFE_NAME.test(name);
      written.push(write);
      names.push(name);
      if (RAW_TEXT.has(name)) rawDepth++;
      if (!write) {
        if (BLOCKISH.has(name)) lineBreak();
        return;
      }
      let tag = `<${name}`;
      for (const [k, v] of Object.entries(attributes)) {
        if (SAFE_NAME.test(k)) tag += ` ${k}="${escapeAttr(v)}"`;
      }
      out.push(`${tag}>`);
    },
    ontext(text) {
      out.push(rawDepth > 0 ? text : escapeText(text));
    },
    onclosetag() {
      const write = written.pop();
      const name = names.pop() as string;
      if (RAW_TEXT.has(name)) rawDepth--;
      if (write) {
        if (!VOID.has(name)) out.push(`</${name}>`);
      } else if (BLOCKISH.has(name)) lineBreak();
    },
  });
  parser.write(html);
  parser.end();
  return out.join('');
}

/**
 * The HTML to hand to linkedom: unchanged for ordinary pages, flattened below MAX_DEPTH for
 * pathologically nested ones; TOO_LARGE past MAX_ELEMENTS. `what` names the page in messages.
 */
export function guardHtml(html: string, what = 'The page'): GuardedHtml {
  const { elements, depth } = measure(html, what);
  if (depth <= MAX_DEPTH) return { html, elements, depth, flattened: false };
  return { html: flattenHtml(html, MAX_DEPTH), elements, depth, flattened: true };
}
