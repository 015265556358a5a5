/**
 * Reads a web address as people type it: "example.com/article" means https://example.com/article, and
 * only http(s) addresses with a real host name count. Zod-free, so the renderer checks the Add field with
 * the same rule the contract applies.
 */

/** Text that begins with a URL scheme ("https:", "htp:", "mailto:"), not a "host:port". */
const SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

/** The http(s) URL the text names, or null when it is not a web address. */
export function webAddress(input: string): string | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  const hasScheme = SCHEME.test(text);
  if (hasScheme && !/^https?:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text.replace(/^\/\//, '')}`);
  } catch {
    return null;
  }
  const host = url.hostname;
  const named =
    host === 'localhost' ||
    host.startsWith('[') ||
    (host.includes('.') && !host.endsWith('.') && !host.startsWith('.'));
  return named && !url.username && !url.password ? url.href : null;
}

export const NOT_A_WEB_ADDRESS = 'That is not a web address. Give one like https://example.com/article.';
