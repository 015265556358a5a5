import DOMPurify from 'dompurify';
import { isElectron } from '../../api.js';
import { withAddressKey } from '../../serve-keys.js';

const ASSET_PREFIX = 'kho-asset:';

/** DOMPurify's default URI rule, plus our archived-image scheme. */
const READER_URI_RE = /^(?:(?:https?|mailto|tel|kho-asset):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/**
 * Turns stored article HTML into reader DOM: archived images point at the asset route (in a browser)
 * or stay on the kho-asset: protocol (in Electron), and links open outside the app.
 * Capture already stores allowlist-sanitised HTML; DOMPurify here is the second line, in the one place
 * with a real DOM, so HTML from an older Kho or a future importer never reaches the page unchecked.
 * It keeps clean markup unchanged, so text offsets (annotations) are unaffected.
 * `missingImage` words the placeholder of an image that could not be saved, from its description.
 */
export function prepareContent(html: string, missingImage: (alt: string) => string): DocumentFragment {
  const tpl = document.createElement('template');
  tpl.content.append(
    DOMPurify.sanitize(html, {
      RETURN_DOM_FRAGMENT: true,
      ALLOWED_URI_REGEXP: READER_URI_RE,
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
      FORBID_ATTR: ['style'],
    }),
  );
  const electron = isElectron();
  // Under kho serve, images load with this browser's address key (src/renderer/serve-keys.ts).
  const rewrite = (url: string) =>
    !electron && url.startsWith(ASSET_PREFIX)
      ? withAddressKey(`/asset/${encodeURIComponent(url.slice(ASSET_PREFIX.length))}`)
      : url;
  tpl.content.querySelectorAll('img').forEach((img) => {
    const src = img.getAttribute('src');
    if (src) img.setAttribute('src', rewrite(src));
    const srcset = img.getAttribute('srcset');
    if (srcset)
      img.setAttribute(
        'srcset',
        srcset
          .split(',')
          .map((part) => part.trim().replace(/^(\S+)/, (u) => rewrite(u)))
          .join(', '),
      );
    img.setAttribute('loading', 'lazy');
    img.setAttribute('decoding', 'async');
    if (!img.hasAttribute('alt')) img.setAttribute('alt', '');
  });
  // Images that could not be saved: the words are drawn by CSS from data-label, so they stay out of the
  // text that highlights are anchored to.
  tpl.content.querySelectorAll('.kho-img-missing').forEach((el) => {
    const label = missingImage(el.getAttribute('aria-label') ?? '');
    el.setAttribute('aria-label', label);
    el.setAttribute('data-label', label);
  });
  tpl.content.querySelectorAll('a[href]').forEach((a) => {
    const href = a.getAttribute('href') ?? '';
    if (/^https?:/i.test(href)) {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return tpl.content;
}
