import DOMPurify from 'dompurify';
import { Marked } from 'marked';

/** What a note may contain once rendered: text formatting, lists, quotes, code and links. */
const NOTE_TAGS = [
  'p', 'br', 'strong', 'em', 'b', 'i', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
]; // prettier-ignore

const cache = new Map<string, string>();

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * HTML typed into a note is shown as the text it is (as the exports do, src/core/export/note-html.ts): it
 * never becomes markup, so not even the sanitiser's parse sees an `onerror` (the CSP reports those).
 */
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: { html: (token) => token.text.replace(/[&<>"]/g, (c) => escapes[c]!) },
});

/**
 * A note written in Markdown as safe HTML: marked renders it, DOMPurify keeps only the tags above and
 * http(s)/mailto links (opened outside the app), so a note can never run script or load anything.
 */
export function noteHtml(markdown: string): string {
  const hit = cache.get(markdown);
  if (hit !== undefined) return hit;
  const raw = (marked.parse(markdown) as string).trim();
  const tpl = document.createElement('template');
  tpl.content.append(
    DOMPurify.sanitize(raw, {
      ALLOWED_TAGS: NOTE_TAGS,
      ALLOWED_ATTR: ['href', 'title'],
      ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
      RETURN_DOM_FRAGMENT: true,
    }),
  );
  tpl.content.querySelectorAll('a').forEach((a) => {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  });
  const html = tpl.innerHTML;
  if (cache.size > 500) cache.clear();
  cache.set(markdown, html);
  return html;
}
