import { Marked } from 'marked';
import { escapeText, sanitizeHtml } from '../capture/sanitize.js';

/**
 * A highlight's note (Markdown) as safe HTML: HTML typed into the note is shown as text, not markup, and
 * the result goes through capture's allowlist sanitiser (no scripts, no event handlers, only http(s) and
 * mailto links, no remote images).
 */
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: (token) => escapeText(token.text),
  },
});

export function noteHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown.normalize('NFC')) as string);
}
