import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBytes } from '../../src/core/capture/index.js';
import { KhoError } from '../../src/shared/errors.js';
import { tempArchive } from '../helpers/archive.js';
import { RED_PNG, startFixtureServer, VI_TEXT, type FixtureServer } from './fixture-server.js';

/** MHTML as Chromium's "Save page as… Webpage, single file" writes it: CRLF, quoted-printable page, base64 parts. */
function quotedPrintable(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let line = '';
  const lines: string[] = [];
  for (const b of bytes) {
    const ch =
      b === 0x0a
        ? '\n'
        : b >= 33 && b <= 126 && b !== 61
          ? String.fromCharCode(b)
          : b === 32
            ? ' '
            : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (ch === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    if (line.length + ch.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += ch;
  }
  lines.push(line);
  return lines.join('\r\n');
}

const PAGE_URL = 'http://bao.example/thoi-su/bai-viet.html';
const B = '----MultipartBoundary--kho1234----';

function mhtml(opts: { missingImageUrl?: string; truncate?: boolean } = {}): Buffer {
  const html = `<!DOCTYPE html><html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>Bài lưu trọn trang</title></head>
<body><article><h1>Bài lưu trọn trang</h1><p>${VI_TEXT}</p>
<figure><img src="../anh/do.png" alt="Ảnh đỏ"><figcaption>Ảnh trong tệp MHTML</figcaption></figure>
${opts.missingImageUrl ? `<p><img src="${opts.missingImageUrl}" alt="Ảnh thiếu"></p>` : ''}
<p>${VI_TEXT}</p><p>Đoạn cuối của bài viết được lưu bằng trình duyệt.</p></article></body></html>`;
  const parts = [
    `From: <Saved by Blink>\r\nSnapshot-Content-Location: ${PAGE_URL}\r\nSubject: =?utf-8?Q?B=C3=A0i?=\r\nDate: Sat, 28 Nov 2026 10:00:00 -0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="${B}"\r\n\r\n\r\n`,
    `--${B}\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: ${PAGE_URL}\r\n\r\n${quotedPrintable(html)}\r\n\r\n`,
    `--${B}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: http://bao.example/anh/do.png\r\n\r\n${RED_PNG.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n\r\n`,
    `--${B}--\r\n`,
  ];
  const all = Buffer.from(parts.join(''), 'utf8');
  return opts.truncate ? all.subarray(0, all.length - 60) : all;
}

let server: FixtureServer;
let hits = 0;
beforeAll(async () => {
  server = await startFixtureServer({
    '/missing.png': (_q, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG);
    },
  });
});
afterAll(async () => {
  await server.close();
});

describe('MHTML web archives', () => {
  it('captures the page inside, from the address it was saved from, with images from the archive', async () => {
    const r = await captureBytes(mhtml({ missingImageUrl: `${server.url}/missing.png` }), {
      fileName: 'bai.mhtml',
    });
    expect(r.title).toBe('Bài lưu trọn trang');
    expect(r.url).toBe(PAGE_URL);
    expect(r.siteName).toBe('bao.example');
    expect(r.lang).toBe('vi');
    expect(r.contentText).toContain(VI_TEXT);
    expect(r.contentText.normalize('NFC')).toBe(r.contentText);
    const sha = createHash('sha256').update(RED_PNG).digest('hex');
    expect(r.assets.map((a) => a.sha256)).toEqual([sha]);
    expect(r.contentHtml).toContain(`kho-asset:${sha}`);
    // an image that is not in the archive becomes a placeholder (its words drawn by the reader, never part
    // of the text); the network is never asked
    expect(r.contentHtml).toContain(
      '<span class="kho-img-missing" role="img" aria-label="Ảnh thiếu"></span>',
    );
    expect(r.contentText).not.toContain('Ảnh thiếu');
    expect(hits).toBe(0);
  });

  it('is recognised by its headers even without the .mhtml extension', async () => {
    const r = await captureBytes(mhtml(), { fileName: 'downloaded-page' });
    expect(r.title).toBe('Bài lưu trọn trang');
    expect(r.assets).toHaveLength(1);
  });

  it('refuses a truncated archive with a specific error', async () => {
    const err = await captureBytes(mhtml({ truncate: true }), { fileName: 'cut.mhtml' }).catch(
      (e: unknown) => e,
    );
    expect(KhoError.is(err)).toBe(true);
    expect((err as KhoError).message).toMatch(/cut\.mhtml is an incomplete MHTML archive/);
  });

  it('saves through the contract, and saving the same page again refreshes the one article', async () => {
    const t = await tempArchive();
    try {
      const first = await t.call('articles.add', {
        source: 'text',
        name: 'bai.mhtml',
        text: mhtml().toString('base64'),
        encoding: 'base64',
        tags: ['mhtml'],
      });
      expect(first.created).toBe(true);
      expect(first.article.url).toBe(PAGE_URL);
      const again = await t.call('articles.add', {
        source: 'text',
        name: 'bai-lan-2.mht',
        text: mhtml().toString('base64'),
        encoding: 'base64',
      });
      expect(again.created).toBe(false);
      expect(again.article.id).toBe(first.article.id);
      expect(again.article.tags).toEqual(['mhtml']);
      expect((await t.call('articles.list', { view: 'all', limit: 10 })).total).toBe(1);
    } finally {
      await t.close();
    }
  });
});
