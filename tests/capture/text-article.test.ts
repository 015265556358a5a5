import { closeSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBytes, captureFile, MAX_FILE_BYTES } from '../../src/core/capture/index.js';
import { textToArticle } from '../../src/core/capture/text-article.js';
import { makeTempDir, REFERENCE_ARTICLE, REPO_ROOT } from '../helpers/paths.js';
import { encodeCp1258, VI_TEXT } from './fixture-server.js';
import { failure } from '../helpers/failure.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'capture');
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = makeTempDir('kho-capture-');
});
afterAll(() => tmp.cleanup());

function writeTmp(name: string, data: string | Buffer): string {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, data);
  return p;
}

describe('the reference article (nhandan-2022-01-28.txt)', () => {
  it('becomes a clean article with its metadata lifted out', async () => {
    const r = await captureFile(REFERENCE_ARTICLE);
    expect(r.title).toBe('Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận');
    expect(r.publishedAt).toBe('2022-01-28');
    expect(r.siteName).toBe('nhandan.com.vn');
    expect(r.lang).toBe('vi');
    expect(r.url).toBe(pathToFileURL(REFERENCE_ARTICLE).href);
    expect(r.canonicalUrl).toBe(r.url);
    expect(r.sourceKind).toBe('text');
    expect(r.sourceHtml).toBeNull();
    // The caption is kept, marked as a caption, and first in the body.
    expect(
      r.contentHtml.startsWith(
        '<p class="caption">Đồng chí Trương Thị Mai phát biểu chỉ đạo tại buổi làm việc</p>',
      ),
    ).toBe(true);
    // Date line, title, source line and footer are not body text.
    for (const gone of [
      'Thứ Sáu',
      '28/1/2022',
      '(nhandan.com.vn)',
      'Gửi cho bạn bè',
      'Phản hồi',
      'Thông tin người gửi phản hồi',
    ]) {
      expect(r.contentText).not.toContain(gone);
    }
    expect(r.contentText).not.toContain('Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận\n');
    // Every real paragraph is there, the last one included, in NFC.
    const source = readFileSync(REFERENCE_ARTICLE, 'utf8').normalize('NFC');
    const paragraphs = source
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p.length > 150);
    expect(paragraphs.length).toBe(8);
    for (const p of paragraphs) expect(r.contentText).toContain(p);
    expect(r.contentText.endsWith('vì dân./.')).toBe(true);
    expect(r.contentText).toBe(r.contentText.normalize('NFC'));
    expect(r.contentText.split('\n\n').length).toBe(9); // caption + 8 paragraphs
    expect(r.wordCount).toBeGreaterThan(600);
    expect(r.excerpt?.startsWith('Tại buổi làm việc')).toBe(true);
  });
});

describe('plain text articles', () => {
  it('handles an English article with date, source, caption and footer lines', async () => {
    const r = await captureFile(path.join(FIXTURES, 'english-article.txt'));
    expect(r.title).toBe('The Quiet Return of the River Ferries');
    expect(r.publishedAt).toBe('2022-01-28');
    expect(r.siteName).toBe('Reuters');
    expect(r.lang).toBe('en');
    expect(r.contentHtml).toContain('<p class="caption">A ferry crosses the harbour at dawn</p>');
    expect(r.contentText).toContain('coming back, and commuters say');
    expect(r.contentText.endsWith('opened last year.')).toBe(true);
    for (const gone of ['Share this', 'Related', 'Comments', 'Subscribe', 'Friday', 'Source:'])
      expect(r.contentText).not.toContain(gone);
  });

  it('never drops a real paragraph that merely starts like boilerplate', () => {
    const a = textToArticle(
      'Title Here\n\nBody paragraph one is long enough to be prose and ends with a full stop.\n\nComments from readers poured in all week, and the editors read every single one of them before replying.\n\nShare',
      null,
    );
    expect(a.contentHtml).toContain('Comments from readers poured in');
    expect(a.contentHtml).not.toMatch(/<p>Share<\/p>/);
  });

  it('does not take a sentence starting with "Theo" for a source line', () => {
    const a = textToArticle(
      'Tiêu đề bài viết\n\nTheo ông Nam, giá lúa sẽ tăng trong quý tới.\n\nTheo VnExpress',
      null,
    );
    expect(a.siteName).toBe('VnExpress');
    expect(a.contentHtml).toContain('Theo ông Nam, giá lúa sẽ tăng');
  });

  it('uses the file name as title when the text starts with prose', async () => {
    const long = `${'This is a long opening paragraph without any headline above it, going on and on. '.repeat(4)}`;
    const r = await captureFile(writeTmp('my_reading_notes.txt', `${long}\n\nSecond paragraph.`));
    expect(r.title).toBe('my reading notes');
    expect(r.contentText.startsWith('This is a long opening')).toBe(true);
  });

  it('decodes a legacy windows-1258 .txt instead of producing U+FFFD', async () => {
    const r = await captureFile(writeTmp('legacy.txt', encodeCp1258(`Tin mới\n\n${VI_TEXT}`)));
    expect(r.contentText).toBe(VI_TEXT);
    expect(r.contentText).not.toContain('\ufffd');
    expect(r.title).toBe('Tin mới');
  });

  it('decodes a windows-1252 .txt', async () => {
    const text = 'Café au lait\n\nLe café est déjà prêt, à côté de la fenêtre, comme chaque matin.';
    const r = await captureFile(writeTmp('cafe.txt', iconv.encode(text, 'windows-1252')));
    expect(r.title).toBe('Café au lait');
    expect(r.contentText).toBe('Le café est déjà prêt, à côté de la fenêtre, comme chaque matin.');
    expect(r.lang).toBe('fr');
  });

  it('refuses UTF-8 with a damaged sequence as BAD_ENCODING', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`Tiêu đề\n\n${VI_TEXT}`),
      Buffer.from([0xe1, 0xba]),
      Buffer.from(' hết.'),
    ]);
    const e = await failure(captureFile(writeTmp('damaged.txt', bytes)));
    expect(e.code).toBe('BAD_ENCODING');
    expect(e.message).toContain('damaged.txt');
  });
});

describe('files that are not articles', () => {
  it('empty file and empty stdin', async () => {
    const e1 = await failure(captureFile(writeTmp('empty.txt', '')));
    expect(e1.code).toBe('NOT_AN_ARTICLE');
    expect(e1.message).toMatch(/empty\.txt is empty/);
    const e2 = await failure(captureBytes(Buffer.from(' \n\n \t')));
    expect(e2.code).toBe('NOT_AN_ARTICLE');
    expect(e2.message).toMatch(/is empty/);
  });

  it('binary data named .txt', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await failure(captureFile(writeTmp('image.txt', png)))).code).toBe('UNSUPPORTED_TYPE');
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect((await failure(captureFile(writeTmp('noise.txt', noise)))).code).toBe('UNSUPPORTED_TYPE');
    const controls = Buffer.from('abc\x01\x02\x03\x04\x05def\x06\x07\x08'.repeat(50), 'latin1');
    expect((await failure(captureFile(writeTmp('controls.txt', controls)))).code).toBe('UNSUPPORTED_TYPE');
  });

  it('a 500 MB file is refused from its size alone, fast', async () => {
    const p = path.join(tmp.dir, 'huge.txt');
    closeSync(openSync(p, 'w'));
    truncateSync(p, 500 * 1024 * 1024); // sparse: nothing is written to disk
    const started = Date.now();
    const e = await failure(captureFile(p));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/500 MB/);
    expect(Date.now() - started).toBeLessThan(500);
    expect(MAX_FILE_BYTES).toBe(50 * 1024 * 1024);
  });

  it('missing and unreadable paths', async () => {
    expect((await failure(captureFile(path.join(tmp.dir, 'nope.txt')))).code).toBe('UNREADABLE_FILE');
    expect((await failure(captureFile(tmp.dir))).code).toBe('UNREADABLE_FILE');
  });

  it('an .mhtml file that is not a web archive is refused with a clear message', async () => {
    const e = await failure(captureFile(writeTmp('page.mhtml', 'MIME-Version: 1.0\n')));
    expect(e.code).toBe('NOT_AN_ARTICLE');
    expect(e.message).toMatch(/^page\.mhtml is not a readable MHTML archive/);
  });
});

describe('markdown and HTML files, stdin', () => {
  it('renders Markdown, lifts the # title and the date, sanitises raw HTML', async () => {
    const r = await captureFile(path.join(FIXTURES, 'notes.md'));
    expect(r.sourceKind).toBe('markdown');
    expect(r.title).toBe('Notes on the Mekong Delta');
    expect(r.publishedAt).toBe('2022-01-28');
    expect(r.contentHtml).toContain('<strong>sinking</strong>');
    expect(r.contentHtml).toContain('<h2>What changes</h2>');
    expect(r.contentHtml).toContain('<li>Sand mining upstream</li>');
    expect(r.contentHtml).not.toMatch(/<script|<h1|https:\/\/example\.org\/chart/);
    expect(r.contentHtml).toContain('aria-label="Chart of subsidence"></span>');
    expect(r.contentText).not.toContain('Chart of subsidence');
    expect(r.contentText.startsWith('The delta is sinking faster')).toBe(true);
    expect(r.contentText).toContain('What changes\n\nSand mining upstream\n\nGroundwater pumping');
  });

  it('sniffs HTML, Markdown and text when there is no file name (stdin)', async () => {
    const html = await captureBytes(
      Buffer.from(
        `<!doctype html><html lang="vi"><head><title>Bài báo</title></head><body><article><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`,
      ),
    );
    expect(html.sourceKind).toBe('html');
    expect(html.url).toBeNull();
    expect(html.canonicalUrl).toBeNull();
    expect(html.sourceHtml).toContain('<title>Bài báo</title>');
    const md = await captureBytes(
      Buffer.from('# A Title\n\nSome *emphasis* and a [link](https://example.com/).\n\n- one\n- two\n'),
    );
    expect(md.sourceKind).toBe('markdown');
    expect(md.title).toBe('A Title');
    const txt = await captureBytes(Buffer.from(`Just a Title\n\n${VI_TEXT}`));
    expect(txt.sourceKind).toBe('text');
    expect(txt.lang).toBe('vi');
  });

  it('gives a page saved as a file the web address it names (rel=canonical, else og:url)', async () => {
    const page = (head: string) =>
      `<html><head><title>Bài đã lưu</title>${head}</head><body><article><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`;
    const canonical = await captureBytes(
      Buffer.from(page('<link rel="canonical" href="https://nhandan.vn/bai-da-luu.html">')),
      { fileName: 'bai-da-luu.html', fetchImages: false },
    );
    expect(canonical.url).toBe('https://nhandan.vn/bai-da-luu.html');
    expect(canonical.siteName).toBe('nhandan.vn');
    // The dedupe key is untouched: a file never takes the place of an article saved from the web.
    expect(canonical.canonicalUrl).toBeNull();
    const og = await captureBytes(
      Buffer.from(page('<meta property="og:url" content="https://tuoitre.vn/og.htm">')),
      { fileName: 'og.html', fetchImages: false },
    );
    expect(og.url).toBe('https://tuoitre.vn/og.htm');
    const onDisk = await captureFile(
      writeTmp('da-luu.html', page('<link rel="canonical" href="https://vnexpress.net/da-luu.html">')),
      { fetchImages: false },
    );
    expect(onDisk.url).toBe('https://vnexpress.net/da-luu.html');
    expect(onDisk.canonicalUrl).toMatch(/^file:/);
    // Only web addresses count: a relative or non-http canonical leaves a file without one.
    const relative = await captureBytes(Buffer.from(page('<link rel="canonical" href="/khong-co-goc">')), {
      fileName: 'x.html',
      fetchImages: false,
    });
    expect(relative.url).toBeNull();
  });

  it('uses a given URL for pasted HTML: relative links resolve, canonical is cleaned', async () => {
    const r = await captureBytes(
      Buffer.from(
        `<html><body><article><p>${VI_TEXT} <a href="/lien-ket">liên kết</a></p><p>${VI_TEXT}</p></article></body></html>`,
      ),
      { url: 'https://Tuoitre.vn/bai-viet.htm?utm_source=zalo#top', fetchImages: false },
    );
    expect(r.contentHtml).toContain('href="https://tuoitre.vn/lien-ket"');
    expect(r.canonicalUrl).toBe('https://tuoitre.vn/bai-viet.htm');
    expect(r.siteName).toBe('tuoitre.vn');
  });
});
