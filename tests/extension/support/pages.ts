import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makePng } from '../../capture/fixture-server.js';

/**
 * The web pages the extension tests save, served from 127.0.0.1: an article whose text exists only after
 * its script ran (the HTML and the script carry it base64-encoded), with an image; a plain article for
 * link saving; a page with no text; and a hostile page that tries to reach Kho's connector.
 */

export const PARAGRAPHS = [
  'The lighthouse keeper of Hòn Dấu wrote every night in a blue notebook, and the harbour lights answered him across the dark water.',
  'Nobody in the village had read those notebooks until the storm of 1983 broke the cottage open and the pages went out with the tide.',
  'Người dân vùng biển kể lại rằng ánh đèn ở cảng vẫn sáng suốt đêm bão, dù gió đã thổi bay mái nhà của người gác đèn.',
  'When the archive finally opened, the first page said only this: the harbour lights are how the sea keeps count of us, night after night.',
  'Fishermen still steer by the same light today, and the notebooks, dried and bound again, sit in the provincial library for anyone to read.',
  'The last entry, written in pencil the evening before the storm, lists the ships that came home and leaves one line empty for the one that did not.',
];
export const ARTICLE_TITLE = 'The keeper of the harbour lights';
/** The passage the selection test highlights: its second occurrence, in the fourth paragraph. */
export const REPEATED = 'the harbour lights';
export const IMAGE = makePng(40, 30, [200, 120, 40]);
/** The figure is slow, so the popup's "Saving…" state lasts long enough to be seen. */
export const IMAGE_DELAY_MS = 1500;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const ARTICLE_SCRIPT = `
(() => {
  const decode = (s) => new TextDecoder().decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
  const title = decode(${JSON.stringify(b64(ARTICLE_TITLE))});
  const paragraphs = ${JSON.stringify(PARAGRAPHS.map(b64))}.map(decode);
  const main = document.getElementById('root');
  main.textContent = '';
  const article = document.createElement('article');
  const h1 = document.createElement('h1');
  h1.textContent = title;
  article.append(h1);
  paragraphs.forEach((text, i) => {
    const p = document.createElement('p');
    p.textContent = text;
    article.append(p);
    if (i === 1) {
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = 'images/figure.png';
      img.alt = 'The lighthouse at night';
      figure.append(img);
      article.append(figure);
    }
  });
  main.append(article);
  document.title = title;
})();
`;

function articleHtml(origin: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loading…</title>
<link rel="canonical" href="${origin}/article"></head>
<body><header><nav><a href="/">Home</a> · <a href="/links">Links</a></nav></header>
<main id="root"><p>Loading…</p></main>
<script src="/app.js"></script></body></html>`;
}

const PLAIN_PARAGRAPHS = [
  'Rice terraces on the northern slopes are cut by hand, one step of earth at a time, over many generations of farmers.',
  'Each spring the water is let in from the top terrace and it finds its way down through every field in a single afternoon.',
  'Visitors come for the view in the autumn, when the fields turn gold and the harvest begins along the whole valley.',
];
export const PLAIN_TITLE = 'Terraces of the north';
export const PLAIN_TEXT = PLAIN_PARAGRAPHS[1] as string;

const plainHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${PLAIN_TITLE}</title></head>
<body><article><h1>${PLAIN_TITLE}</h1>${PLAIN_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

const linksHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Links</title></head>
<body><p><a id="plain" href="/plain">${PLAIN_TITLE}</a></p></body></html>`;

const emptyHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nothing here</title></head>
<body><div id="app"></div><script src="/empty.js"></script></body></html>`;

/**
 * A page that tries every way a web page has to reach the connector. Each attempt records whether the
 * browser let the page see an answer. `token` is a guess or (worst case) the real token.
 */
const HOSTILE_SCRIPT = `
window.attempts = (async () => {
  const params = new URLSearchParams(location.search);
  const target = 'http://127.0.0.1:' + params.get('port');
  const closed = 'http://127.0.0.1:' + params.get('closed');
  const token = params.get('token');
  const body = JSON.stringify({ kind: 'page', url: location.href, html: '<p>planted by a web page</p>' });
  const outcome = (p) => p.then((r) => 'answered ' + r.status + ' ' + r.type, (e) => 'failed: ' + e.name);
  const results = {};
  results.ping = await outcome(fetch(target + '/connector/ping', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }));
  results.saveWithToken = await outcome(fetch(target + '/connector/save', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token }, body }));
  results.tagsWithToken = await outcome(fetch(target + '/connector/tags', { method: 'POST', headers: { Authorization: 'Bearer ' + token } }));
  results.simplePost = await outcome(fetch(target + '/connector/save', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }));
  results.probeKho = await outcome(fetch(target + '/connector/ping', { mode: 'no-cors' }));
  results.probeClosed = await outcome(fetch(closed + '/connector/ping', { mode: 'no-cors' }));
  results.getTags = await outcome(fetch(target + '/connector/tags?token=' + token, { mode: 'no-cors' }));
  // A form post (no CORS at all), the oldest way to write to a local server, into a hidden frame.
  await new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink';
    frame.onload = resolve;
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = target + '/connector/save';
    form.enctype = 'text/plain';
    form.target = 'sink';
    const input = document.createElement('input');
    input.name = body.slice(0, -2);
    input.value = '"}';
    form.append(input);
    document.body.append(form);
    form.submit();
    setTimeout(resolve, 3000);
  });
  results.formPost = 'sent';
  return results;
})();
`;

export interface PageServer {
  origin: string;
  port: number;
  /** Requests per path, to check what the browser and Kho fetched. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const hits = new Map<string, number>();
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const send = (type: string, body: string | Buffer, status = 200): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    switch (url.pathname) {
      case '/article':
        return send('text/html; charset=utf-8', articleHtml(origin));
      case '/app.js':
        return send('text/javascript; charset=utf-8', ARTICLE_SCRIPT);
      case '/images/figure.png':
        setTimeout(() => send('image/png', IMAGE), IMAGE_DELAY_MS);
        return;
      case '/plain':
        return send('text/html; charset=utf-8', plainHtml);
      case '/links':
        return send('text/html; charset=utf-8', linksHtml);
      case '/empty':
        return send('text/html; charset=utf-8', emptyHtml);
      case '/empty.js':
        return send('text/javascript', "document.getElementById('app').className = 'ready';");
      case '/hostile':
        return send(
          'text/html; charset=utf-8',
          '<!doctype html><html><head><meta charset="utf-8"><title>Free prizes</title></head><body><p>Hello.</p><script src="/hostile.js"></script></body></html>',
        );
      case '/hostile.js':
        return send('text/javascript', HOSTILE_SCRIPT);
      default:
        return send('text/plain', 'not found', 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
