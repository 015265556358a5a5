/**
 * Reads Omnivore's highlights/{slug}.md. The exporter (packages/api/src/utils/parser.ts,
 * highlightToMarkdown) writes each highlight as
 *
 *     > quote #the quote's empty lines become "> " lines; a space follows the quote
 *
 *     #label1 #label2          (only when the highlight has labels)
 *
 *     the note                 (only when it has one)
 *
 * and joins highlights with a blank line; a page note (a "note" highlight with no quote) is its
 * text alone. So: a block starting with ">" opens a highlight, a following block made only of
 * #words is its labels, and the other blocks are its note. Text before the first highlight is
 * the page note. A note that itself consists only of #words right after the quote reads as labels:
 * the format cannot tell them apart.
 */

export interface OmnivoreHighlight {
  quote: string;
  labels: string[];
  note?: string;
}

export interface OmnivoreHighlights {
  highlights: OmnivoreHighlight[];
  pageNote?: string;
}

const LABELS = /^#\S+(?:[ \t]+#\S+)*$/u;

export function parseOmnivoreHighlights(markdown: string): OmnivoreHighlights {
  const blocks = markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.replace(/^\n+|\s+$/g, ''))
    .filter((b) => b.trim() !== '');
  const highlights: OmnivoreHighlight[] = [];
  const pageNotes: string[] = [];
  let current: (OmnivoreHighlight & { notes: string[]; afterQuote: boolean }) | null = null;

  const close = () => {
    if (!current) return;
    const { quote, labels, notes } = current;
    highlights.push(notes.length ? { quote, labels, note: notes.join('\n\n') } : { quote, labels });
    current = null;
  };

  for (const block of blocks) {
    if (block.startsWith('>')) {
      close();
      current = { quote: quoteOf(block), labels: [], notes: [], afterQuote: true };
    } else if (current && current.afterQuote && LABELS.test(block.trim())) {
      current.labels = block
        .trim()
        .split(/\s+/)
        .map((l) => l.slice(1));
      current.afterQuote = false;
    } else if (current) {
      current.notes.push(block);
      current.afterQuote = false;
    } else {
      pageNotes.push(block);
    }
  }
  close();
  return pageNotes.length ? { highlights, pageNote: pageNotes.join('\n\n') } : { highlights };
}

/**
 * Undoes the quote formatting: the leading "> ", and the "> " the exporter put in place of empty
 * (or whitespace-only, newline included) lines inside the quote.
 */
function quoteOf(block: string): string {
  return block
    .split('\n')
    .flatMap((l, i) => {
      if (i === 0) return [l.replace(/^>[ \t]?/, '')];
      const marker = /^>[ \t]?(.*)$/.exec(l);
      if (!marker) return [l];
      return marker[1] ? ['', marker[1]] : [''];
    })
    .join('\n')
    .trim();
}
