import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addArticle,
  addHighlight,
  address,
  DESKTOP,
  openSession,
  READY,
  type Session,
} from './support/session.js';

/**
 * Addresses and the notebook at 1440×900: every view has an address that Back, Forward and reload
 * follow; the notebook lists, filters, exports and jumps; focus mode gives the line width its room.
 */

let s: Session;
const LONG = Array.from(
  { length: 40 },
  (_, i) =>
    `Đoạn ${i + 1}: người dân Bến Tre nói về công tác dân vận và chính quyền địa phương trong năm qua.`,
).join('\n\n');

describe.skipIf(!READY)('addresses and the notebook (desktop)', () => {
  beforeAll(async () => {
    s = await openSession({ prefix: 'kho-e2e-nav-', viewport: DESKTOP });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await s
        .shot(`failed-nav-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`)
        .catch(() => undefined);
  });
  afterAll(async () => s?.close());

  it('gives every view an address that Back, Forward and reload follow', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Địa chỉ cho mọi trang', LONG, ['địa phương/bến tre']);
    const hl = await addHighlight(s, id, 'Đoạn 30: người dân Bến Tre', 'green');
    await page.goto(s.at('/'));
    await page.getByRole('button', { name: /^Unread/ }).click();
    await expect.poll(() => address(page)).toBe('/view/unread');
    await page.locator('.sidebar button[data-tag="địa phương/bến tre"]').click();
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toBe('/tag/%C4%91%E1%BB%8Ba%20ph%C6%B0%C6%A1ng/b%E1%BA%BFn%20tre');
    await page.locator('.list-scroll .row', { hasText: 'Địa chỉ cho mọi trang' }).click();
    await expect.poll(() => address(page)).toBe(`/tag/địa phương/bến tre/article/${id}`);
    await page.locator('.reader-title').waitFor();
    await s.shot('23-routing-tag-article', true);
    // Back closes the article, Back again returns to Unread; Forward goes the other way.
    await page.goBack();
    await expect.poll(() => page.locator('.reader-title').count()).toBe(0);
    await page.goBack();
    await expect.poll(() => page.locator('.list-title').textContent()).toContain('Unread');
    await page.goForward();
    await page.goForward();
    await page.locator('.reader-title').waitFor();
    // Reload: the tag, the article and the search are all restored from the address.
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('dan van');
    await expect.poll(() => address(page)).toBe(`/tag/địa phương/bến tre/article/${id}?q=dan van`);
    await page.reload();
    await page.locator('.hit').first().waitFor();
    await s.shot('23-routing-reloaded-search', true);
    expect(await page.getByRole('searchbox', { name: 'Search articles' }).inputValue()).toBe('dan van');
    expect(await page.locator('.reader-title').textContent()).toBe('Địa chỉ cho mọi trang');
    // A highlight's address opens the article scrolled to it.
    await page.goto(s.at(`/article/${id}/highlight/${hl}`));
    await expect
      .poll(() => page.locator('.reader-content mark.is-active').count(), { timeout: 5000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() =>
        page
          .locator('.reader-content mark.is-active')
          .first()
          .evaluate((m) => {
            const r = m.getBoundingClientRect();
            return r.top > 0 && r.bottom < window.innerHeight;
          }),
      )
      .toBe(true);
    await s.shot('23-routing-highlight', true);
    await page.goto(s.at('/view/archived'));
    await expect.poll(() => page.locator('.list-title').textContent()).toContain('Archive');
    await page.goto(s.at('/search?q=b%E1%BA%BFn+tre'));
    await page.locator('.hit', { hasText: 'Địa chỉ cho mọi trang' }).waitFor();
  });

  it('collects every highlight in a notebook: filters, Markdown notes, export and jump', async () => {
    await s.fresh();
    const { page } = s;
    const a = await addArticle(
      s,
      'Sổ tay thứ nhất',
      'Câu đầu tiên về kinh tế vĩ mô. Câu thứ hai về giáo dục.',
      ['kinh tế'],
    );
    const b = await addArticle(s, 'Sổ tay thứ hai', 'Một câu về văn hóa dân gian. Và một câu về thể thao.', [
      'văn hóa',
    ]);
    await addHighlight(s, a, 'kinh tế vĩ mô', 'yellow', 'Xem **lạm phát** và [số liệu](https://gso.gov.vn)');
    await addHighlight(
      s,
      a,
      'giáo dục',
      'blue',
      'Xem <img src="x" onerror="window.__pwned = 1"> [nguy hiểm](javascript:window.__pwned=2)',
    );
    const c = await addHighlight(s, b, 'văn hóa dân gian', 'pink', 'Ghi chú về *ca dao*');
    await page.goto(s.at('/'));
    await page.locator('.sidebar button[data-tag="kinh tế"]').waitFor();
    await page.getByRole('button', { name: 'Notebook' }).click();
    await expect.poll(() => address(page)).toBe('/notebook');
    const entries = page.locator('.nb-entry');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(3);
    // Notes render as sanitised Markdown, not raw ** and [..](..).
    const note = entries.filter({ hasText: 'kinh tế vĩ mô' }).locator('.note-md');
    expect(await note.locator('strong').textContent()).toBe('lạm phát');
    expect(await note.locator('a').getAttribute('href')).toBe('https://gso.gov.vn');
    expect(await note.textContent()).not.toContain('**');
    // Sanitised: HTML typed in a note shows as the text it is, and only web links stay links.
    const hostile = entries.filter({ hasText: 'giáo dục' }).locator('.note-md');
    expect(await hostile.locator('img').count()).toBe(0);
    expect(await hostile.textContent()).toContain('<img src="x" onerror="window.__pwned = 1">');
    expect(await hostile.locator('a').getAttribute('href')).toBeNull();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await s.shot('21-notebook', true);
    // Words without diacritics, in notes as in quotes.
    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('ca dao');
    await expect.poll(() => entries.allTextContents()).toEqual([expect.stringContaining('văn hóa dân gian')]);
    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('');
    await page.getByRole('button', { name: 'Blue' }).click();
    await expect.poll(() => entries.allTextContents()).toEqual([expect.stringContaining('giáo dục')]);
    expect(address(page)).toBe('/notebook?color=blue');
    await page.getByRole('button', { name: 'Blue' }).click();
    await page.getByRole('combobox', { name: 'Filter by tag' }).fill('kinh');
    await page.getByRole('combobox', { name: 'Filter by tag' }).press('Enter');
    await expect.poll(() => address(page)).toBe('/notebook?tag=kinh tế');
    await expect.poll(() => entries.count()).toBe(2);
    // The filtered set is what gets exported.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Spreadsheet (.csv)' }).click();
    const file = await download;
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv).toContain('kinh tế vĩ mô');
    expect(csv).toContain('giáo dục');
    expect(csv).not.toContain('văn hóa dân gian');
    await page.getByRole('button', { name: 'Remove the filter kinh tế' }).click();
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('article');
    await expect.poll(() => page.locator('.nb-article').count()).toBeGreaterThanOrEqual(2);
    // An entry's article name narrows the notebook to that article.
    await entries
      .filter({ hasText: 'kinh tế vĩ mô' })
      .getByRole('button', { name: 'Sổ tay thứ nhất' })
      .click();
    await expect.poll(() => entries.count()).toBe(2);
    expect(new URLSearchParams(new URL(page.url()).search).get('article')).toBe(String(a));
    expect(await entries.allTextContents()).not.toContainEqual(expect.stringContaining('văn hóa dân gian'));
    await page.getByRole('button', { name: 'Remove the filter Sổ tay thứ nhất' }).click();
    await expect.poll(() => entries.count()).toBe(3);
    // A quote jumps to its passage; Back returns to the notebook.
    await entries
      .filter({ hasText: 'văn hóa dân gian' })
      .getByRole('button', { name: /Go to highlight/ })
      .click();
    await expect.poll(() => address(page)).toBe(`/article/${b}/highlight/${c}`);
    await page.locator(`.reader-content mark.is-active[data-ids~="${c}"]`).first().waitFor();
    await page.goBack();
    await expect.poll(() => address(page)).toBe('/notebook?sort=article');
  });

  it('gives the line width its room in focus mode; the ☰ button and the panel close', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Đọc tập trung', LONG);
    await page.goto(s.at(`/article/${id}`));
    await page.locator('.reader-content p').first().waitFor();
    await page.getByRole('button', { name: 'Display settings' }).click();
    await page
      .locator('.display-popover input[type=range]')
      .nth(1)
      .evaluate((el) => {
        (el as HTMLInputElement).value = '4';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
    await page.locator('.display-popover select').selectOption('sans');
    await page.getByRole('button', { name: 'Display settings' }).click();
    const width = () => page.locator('.reader-article').evaluate((el) => el.getBoundingClientRect().width);
    const narrow = await width();
    expect(narrow).toBeLessThan(500);
    await page.getByRole('button', { name: 'Focus mode' }).click();
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    expect(await page.locator('.list-pane').isVisible()).toBe(false);
    // 52em at 19px: the setting, no longer the pane, decides the measure.
    await expect.poll(width).toBeGreaterThan(900);
    expect(await page.locator('.reader-article').evaluate((el) => getComputedStyle(el).fontFamily)).toContain(
      'Be Vietnam Pro',
    );
    await s.shot('22-focus-mode');
    await page.getByRole('button', { name: 'Close the highlights' }).click();
    expect(await page.locator('.hl-panel').count()).toBe(0);
    await page.getByRole('button', { name: 'Focus mode' }).click();
    await page.getByRole('button', { name: 'Show the sidebar' }).click();
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Show the sidebar' }).click();
    expect(await page.locator('.sidebar').isVisible()).toBe(true);
    await page.getByRole('button', { name: /^Highlights/ }).click();
    await page.locator('.hl-panel').waitFor();
  });

  it('marks the search words in the opened article, with next and previous', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(
      s,
      'Bài để tìm từ',
      'Mở đầu. Phạt nguội ở Hà Nội. Giữa bài.\n\nCuối bài lại nói về phạt nguội.',
    );
    // A hit found only in a highlight's note shows that note as its snippet.
    await addHighlight(s, id, 'Giữa bài.', 'yellow', 'Hỏi lại **Sở Giao thông** về camera');
    await page.goto(s.at('/search?q=so+giao+thong'));
    const fromNote = page.locator('.hit', { hasText: 'Bài để tìm từ' }).locator('.hit-snippet.is-note');
    await expect.poll(() => fromNote.textContent()).toBe('In a noteHỏi lại Sở Giao thông về camera');
    expect(await fromNote.locator('mark').allTextContents()).toEqual(['Sở', 'Giao', 'thông']);
    await s.shot('24-search-hit-in-note', true);
    await page.goto(s.at('/search?q=phat+nguoi'));
    await page.locator('.hit', { hasText: 'Bài để tìm từ' }).click();
    const count = page.locator('.find-count');
    await expect.poll(() => count.textContent()).toBe('1 of 4');
    expect(await page.locator('.hit .hit-snippet.is-note').count()).toBe(0);
    expect(await page.evaluate(() => CSS.highlights.get('kho-find')?.size)).toBe(4);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => count.textContent()).toBe('2 of 4');
    await page.getByRole('button', { name: 'Previous match' }).click();
    await page.getByRole('button', { name: 'Previous match' }).click();
    await expect.poll(() => count.textContent()).toBe('4 of 4');
    const current = await page.evaluate(() => {
      const range = [...(CSS.highlights.get('kho-find-current') ?? [])][0] as Range | undefined;
      return range?.toString();
    });
    expect(current).toBe('nguội');
  });

  it('sorts titles in Vietnamese order and undated articles last, showing the date sorted by', async () => {
    await s.fresh();
    const { page } = s;
    const titles = ['“Quoted” cuối', 'Dublin mùa đông', 'Đà Nẵng ven biển', 'Dàn nhạc giao hưởng'];
    for (const title of titles)
      await addArticle(s, title, `Bài ${title} để thử thứ tự sắp xếp theo tên.`, ['thứ tự']);
    await page.goto(s.at('/tag/th%E1%BB%A9%20t%E1%BB%B1'));
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('title');
    const order = page.locator('.list-scroll .row-title-text');
    await expect
      .poll(() => order.allTextContents())
      .toEqual(['Dàn nhạc giao hưởng', 'Dublin mùa đông', 'Đà Nẵng ven biển', '“Quoted” cuối']);
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('published');
    await expect
      .poll(() => page.locator('.list-scroll .row-meta-text').first().textContent())
      .toContain('No date');
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('saved');
  });

  it('shows placeholders for missing images without putting their words in the text', async () => {
    await s.fresh();
    const { page } = s;
    const r = await s.call<{ article: { id: number } }>('articles.add', {
      source: 'text',
      name: 'anh-hong.html',
      text: `<html><head><title>Ảnh không tải được</title><link rel="canonical" href="https://nhandan.vn/anh-hong.html"></head><body><article><h1>Ảnh không tải được</h1>
        <p>Đoạn đầu của bài viết có một ảnh không thể lưu lại, đủ dài để trích xuất nội dung chính.</p>
        <figure><img src="http://127.0.0.1:9/anh.png" alt="Bản đồ sông Mekong"></figure>
        <p>Đoạn thứ hai của bài viết, cũng đủ dài để bộ trích xuất coi đây là nội dung của trang.</p></article></body></html>`,
    });
    await page.goto(s.at(`/article/${r.article.id}`));
    const placeholder = page.locator('.reader-content .kho-img-missing');
    await placeholder.waitFor();
    expect(await placeholder.getAttribute('data-label')).toBe('Image unavailable: Bản đồ sông Mekong');
    expect(await placeholder.textContent()).toBe('');
    // A saved page that names its address opens the web page, not a file.
    expect(await page.getByRole('link', { name: 'Open original' }).getAttribute('href')).toBe(
      'https://nhandan.vn/anh-hong.html',
    );
    const hits = await s.call<{ total: number }>('search.query', { query: '"image unavailable"' });
    expect(hits.total).toBe(0);
  });

  it('ran without page errors or CSP violations', () => {
    expect(s.errors).toEqual([]);
  });
});
