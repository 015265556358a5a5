import { capturePage } from '../src/capture-page.js';

/**
 * The bookmarklet, for browsers without the extension. It runs with the page's origin, which Kho's
 * connector refuses, so it opens the connector's own window (http://127.0.0.1:7718/connector/bookmarklet)
 * and hands it the rendered page and selection with postMessage; that window is paired with Kho and saves
 * when the person clicks Save. Built into a javascript: link by scripts/build-extension.mjs.
 */

/** Replaced by the install page with the port Kho listens on. */
declare const KHO_PORT: string;

(() => {
  const origin = `http://127.0.0.1:${KHO_PORT}`;
  // Read before the new window takes the focus (and, in some browsers, the selection).
  const page = capturePage(document, window);
  const address =
    `${origin}/connector/bookmarklet?url=${encodeURIComponent(page.url)}` +
    `&title=${encodeURIComponent(page.title)}`;
  const win = window.open(address, 'kho-save', 'popup,width=440,height=560');
  if (!win) {
    window.alert('Kho: allow pop-up windows for this site to save it with the bookmarklet.');
    return;
  }
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== win || event.origin !== origin || event.data !== 'kho-ready') return;
    window.removeEventListener('message', onMessage);
    win.postMessage({ kind: 'kho-page', ...page }, origin);
  };
  window.addEventListener('message', onMessage);
})();
