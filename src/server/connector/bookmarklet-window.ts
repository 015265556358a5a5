import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { BASE_HEADERS } from '../security.js';

/**
 * The bookmarklet's window: http://127.0.0.1:7718/connector/bookmarklet. A bookmarklet runs with the
 * page's origin, which the connector refuses, so it opens this window instead and hands it the rendered
 * page with postMessage. The window runs at the connector's own origin: it pairs once (its token stays
 * in this origin's localStorage) and saves with the same routes as the extension.
 *
 * A hostile page can open this window too and post anything, so the window shows what it received and
 * saves only when the person clicks Save, and only a page whose address belongs to the origin that sent
 * it. When no page arrives (the site's Cross-Origin-Opener-Policy cut the link between the windows), it
 * offers to let Kho fetch the address instead.
 */

export const BOOKMARKLET_PATH = '/connector/bookmarklet';

/**
 * Runs in the browser, not in Node: the page embeds `bookmarkletWindow.toString()`, so this function
 * must not use anything outside its own body (no imports, no module-level helpers).
 */
function bookmarkletWindow(): void {
  const TOKEN_KEY = 'kho.connector.token';
  const PAIRING_KEY = 'kho.connector.pairing';
  const el = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;
  const params = new URLSearchParams(location.search);
  const claimedUrl = params.get('url') ?? '';
  let page: { url: string; title: string; html: string; selection: unknown } | null = null;

  type Answer =
    { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
  async function call(route: string, body: unknown): Promise<Record<string, unknown>> {
    const token = localStorage.getItem(TOKEN_KEY);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(`/connector/${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
    } catch {
      throw new Error('Kho is not running. Open the Kho app or run "kho serve", then try again.');
    }
    const answer = (await res.json()) as Answer;
    if (!answer.ok) {
      if (answer.error.code === 'UNAUTHORIZED') localStorage.removeItem(TOKEN_KEY);
      throw new Error(answer.error.message);
    }
    return answer.value;
  }

  function show(state: string, message: string): void {
    document.body.dataset.state = state;
    el('message').textContent = message;
  }

  function describePage(): void {
    el('title').textContent = page?.title || claimedUrl || 'Waiting for the page…';
    el('url').textContent = page?.url ?? claimedUrl;
  }

  async function pair(): Promise<void> {
    show('pairing', 'Asking Kho…');
    const started = await call('pair', {
      name: `Bookmarklet in ${navigator.userAgent.match(/(Firefox|Edg|Chrome|Safari)\/\S+/)?.[0] ?? 'a browser'}`,
    });
    sessionStorage.setItem(PAIRING_KEY, String(started.pairing_id));
    el('code').textContent = String(started.code);
    show(
      'pairing',
      'Kho shows a pairing code in Settings > Browser extension. Approve it there if it is the same as this one:',
    );
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const status = await call('pair-status', { pairing_id: started.pairing_id });
      if (status.status === 'approved' && typeof status.token === 'string') {
        localStorage.setItem(TOKEN_KEY, status.token);
        return ready();
      }
      if (status.status !== 'pending') {
        show(
          'not-paired',
          status.status === 'denied' ? 'Kho refused the pairing.' : 'The pairing request expired.',
        );
        return;
      }
    }
  }

  async function ready(): Promise<void> {
    try {
      const ping = await call('ping', {});
      // A refusal shown meanwhile (a page posted by the wrong site) stays on screen.
      if (document.body.dataset.state === 'error') return;
      if (!ping.paired) {
        show('not-paired', 'This browser is not paired with Kho yet.');
        return;
      }
      if (page) show('ready', 'Save this page to Kho?');
      else show('waiting', 'Waiting for the page…');
    } catch (err) {
      show('not-running', (err as Error).message);
    }
  }

  async function save(body: unknown): Promise<void> {
    show('saving', 'Saving…');
    try {
      const result = await call('save', body);
      const article = result.article as { title: string };
      el('title').textContent = article.title;
      show(
        result.created ? 'saved' : 'already',
        result.created ? 'Saved to Kho.' : 'Already in Kho — updated.',
      );
      if (typeof result.highlight_error === 'string')
        el('message').textContent += ` ${result.highlight_error}`;
    } catch (err) {
      show('error', (err as Error).message);
    }
  }

  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as Record<string, unknown> | null;
    if (event.source !== window.opener || !data || data.kind !== 'kho-page') return;
    if (typeof data.url !== 'string' || typeof data.html !== 'string') return;
    let sameOrigin = false;
    try {
      sameOrigin = new URL(data.url).origin === event.origin;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin) {
      show('error', `Refused: a page from ${event.origin} sent a page claiming to be ${data.url}.`);
      return;
    }
    page = {
      url: data.url,
      title: typeof data.title === 'string' ? data.title : '',
      html: data.html,
      selection: data.selection ?? null,
    };
    describePage();
    if (document.body.dataset.state === 'waiting' || document.body.dataset.state === 'fallback')
      show('ready', 'Save this page to Kho?');
  });

  el('save').addEventListener('click', () => {
    if (page)
      void save({
        kind: 'page',
        url: page.url,
        title: page.title,
        html: page.html,
        selection: page.selection,
      });
  });
  el('fetch').addEventListener('click', () => void save({ kind: 'link', url: claimedUrl }));
  el('pair').addEventListener('click', () => void pair().catch((err: Error) => show('error', err.message)));
  el('close').addEventListener('click', () => window.close());

  describePage();
  if (window.opener) (window.opener as Window).postMessage('kho-ready', '*');
  setTimeout(() => {
    if (!page && /^https?:/.test(claimedUrl) && document.body.dataset.state === 'waiting') {
      show(
        'fallback',
        'The page did not reach Kho (the site keeps other windows out). Kho can fetch the address itself instead:',
      );
    }
  }, 3000);
  void ready();
}

const SCRIPT = `(${bookmarkletWindow.toString()})();`;

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;padding:16px;color:#1d1d1f;background:#fff}
h1{font-size:15px;margin:0 0 8px}#title{font-weight:600;margin:8px 0 2px}#url{color:#666;font-size:12px;word-break:break-all}
#message{margin:12px 0}#code{font:600 24px/1.2 ui-monospace,monospace;letter-spacing:.08em;margin:8px 0}
button{font:inherit;padding:6px 12px;border-radius:6px;border:1px solid #bbb;background:#f5f5f5;cursor:pointer}
button.primary{background:#8a4b14;border-color:#8a4b14;color:#fff}
[data-show]{display:none}
body[data-state=ready] [data-show~=ready],body[data-state=pairing] [data-show~=pairing],
body[data-state=not-paired] [data-show~=not-paired],body[data-state=fallback] [data-show~=fallback],
body[data-state=saved] [data-show~=done],body[data-state=already] [data-show~=done]{display:block}
body[data-state=error] #message,body[data-state=not-running] #message{color:#b00020}`;

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Save to Kho</title><style>${STYLE}</style></head>
<body data-state="waiting"><main>
<h1>Save to Kho</h1>
<p id="title"></p><p id="url"></p>
<p id="message" role="status">Waiting for the page…</p>
<p id="code" data-show="pairing"></p>
<p data-show="ready"><button id="save" class="primary" type="button">Save</button></p>
<p data-show="fallback"><button id="fetch" class="primary" type="button">Let Kho fetch the address</button></p>
<p data-show="not-paired"><button id="pair" class="primary" type="button">Pair with Kho</button></p>
<p data-show="done"><button id="close" type="button">Close</button></p>
</main><script>${SCRIPT}</script></body></html>`;

const CSP = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  `style-src 'sha256-${sha256(STYLE)}'`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function sendBookmarkletWindow(res: ServerResponse): void {
  const data = Buffer.from(HTML, 'utf8');
  for (const [k, v] of Object.entries(BASE_HEADERS)) res.setHeader(k, v);
  // The page must keep its opener to receive the page, so the usual same-origin opener policy is relaxed.
  res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', CSP);
  res.end(data);
}
