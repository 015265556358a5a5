import { Tokenizer } from 'htmlparser2';

/**
 * HTML exports (Pocket's ril_export.html, Netscape bookmark files) are read as a flat stream of
 * tags from htmlparser2's tokenizer (the one linkedom is built on), not as a DOM tree: their
 * structure is a sequence (<DT> and <DD> are never closed, every <DL> is), and both tree builders
 * at hand keep open elements in an array they shift and unshift, so 100 000 unclosed tags took
 * minutes; the tokenizer is linear. Names arrive lower-cased, entities decoded; no end tags are
 * implied, the callers decide what ends what.
 */
export interface HtmlEvents {
  open(name: string, attrs: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

export function streamHtml(html: string, events: HtmlEvents): void {
  let name = '';
  let attrs: Record<string, string> = {};
  let attrName = '';
  let attrValue = '';
  const slice = (start: number, end: number) => html.slice(start, end);
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        name = slice(start, end).toLowerCase();
        attrs = {};
      },
      onattribname(start, end) {
        attrName = slice(start, end).toLowerCase();
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += slice(start, end);
      },
      onattribentity(codepoint) {
        attrValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        // As in browsers, the first of two same-named attributes wins.
        if (!(attrName in attrs)) attrs[attrName] = attrValue;
      },
      onopentagend() {
        events.open(name, attrs);
      },
      onselfclosingtag() {
        events.open(name, attrs);
      },
      onclosetag(start, end) {
        events.close(slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        events.text(slice(start, end));
      },
      ontextentity(codepoint) {
        events.text(String.fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
}
