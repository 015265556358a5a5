import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addArticle,
  addHighlight,
  DESKTOP,
  openSession,
  READY,
  selectInArticle,
  type Session,
} from './support/session.js';

/**
 * Flows that used to go wrong, at 1440×900: h then n, saving in the background, errors in plain words,
 * tags (completion, parents, chips after a rename), the read rule, the list's rows and bulk bar.
 */

let s: Session;
const BODY = Array.from(
  { length: 30 },
  (_, i) => `Câu số ${i + 1} của bài, nói về dân vận và chính quyền.`,
).join('\n\n');
type Summary = { status: string; tags: string[] };

describe.skipIf(!READY)('flows (desktop)', () => {
  beforeAll(async () => {
    s = await openSession({ prefix: 'kho-e2e-flows-', viewport: DESKTOP });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await s
        .shot(`failed-flows-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`)
        .catch(() => undefined);
  });
  afterAll(async () => s?.close());

  it('writes the note of a new highlight with h then n, and no key typed there runs a shortcut', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Ghi chú bằng phím', BODY);
    await page.goto(s.at(`/article/${id}`));
    await page.locator('.reader-content p').first().waitFor();
    expect(await selectInArticle(page, 'Câu số 3 của bài')).toBe('Câu số 3 của bài');
    await page.keyboard.press('h');
    await page.locator('.reader-content mark.kho-hl').first().waitFor();
    await page.keyboard.press('n');
    const note = page.getByRole('textbox', { name: 'Note' });
    await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);
    const before = await note.evaluate((el) => el.getBoundingClientRect().height);
    await page.keyboard.type('a t f h\nmột\nhai\nba\nbốn\nnăm\nsáu');
    // The note box grows with its text.
    expect(await note.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(before + 20);
    // Focus elsewhere while the note is open: single keys still do nothing.
    await page.locator('.reader-title').click();
    await page.keyboard.press('a');
    await page.keyboard.press('t');
    await note.click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.hl-note').first().textContent()).toContain('a t f h');
    const article = await s.call<Summary & { favorite: boolean }>('articles.get', { id });
    expect(article).toMatchObject({ status: 'unread', favorite: false, tags: [] });
    expect(
      await page.getByRole('combobox', { name: 'Add a tag' }).evaluate((el) => el === document.activeElement),
    ).toBe(false);
  });

  it('saves a web address in the background while the reader keeps reading, and says what went wrong', async () => {
    await s.fresh();
    const { page } = s;
    const site: Server = createServer((_req, res) => {
      setTimeout(() => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="vi"><head><title>Trang chậm</title></head><body><article><h1>Trang chậm</h1>
          <p>Một trang web tải rất chậm, đủ dài để bộ trích xuất nhận ra đây là nội dung chính của trang.</p>
          <p>Đoạn thứ hai của trang chậm, để bài viết có đủ chữ khi được lưu lại.</p></article></body></html>`);
      }, 2500);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    const port = (site.address() as AddressInfo).port;
    try {
      const other = await addArticle(s, 'Đang đọc bài này', BODY);
      await page.goto(s.at('/'));
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Save an article' });
      const field = dialog.getByRole('textbox', { name: 'Web address' });
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
      await field.fill('htp:/broken');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.getByText('That is not a web address.', { exact: false }).waitFor();
      await field.fill(`http://127.0.0.1:${port}/cham.html`);
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.waitFor({ state: 'detached', timeout: 1500 });
      const status = page.getByRole('region', { name: 'Saving' });
      await status.getByText(`http://127.0.0.1:${port}/cham.html`).waitFor();
      // Reading goes on meanwhile; the finished save does not take the reader away.
      await page.locator('.list-scroll .row', { hasText: 'Đang đọc bài này' }).click();
      const toast = page.locator('.toast', { hasText: 'Saved “Trang chậm”.' });
      await toast.waitFor({ timeout: 15_000 });
      expect(await page.locator('.reader-title').textContent()).toBe('Đang đọc bài này');
      expect(new URL(page.url()).pathname).toBe(`/article/${other}`);
      await toast.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.locator('.reader-title').textContent()).toBe('Trang chậm');
      // Nothing listening (and no scheme typed): a sentence, no system codes or operation names.
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer();
        probe.listen(0, '127.0.0.1', () => {
          const free = (probe.address() as AddressInfo).port;
          probe.close(() => resolve(free));
        });
      });
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.getByRole('textbox', { name: 'Web address' }).fill(`127.0.0.1:${closed}/khong-co`);
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      const failed = status.getByRole('alert');
      await failed.waitFor({ timeout: 15_000 });
      const message = await failed.textContent();
      expect(message).toBe(`Nothing answered at 127.0.0.1:${closed}.`);
      expect(message).not.toMatch(/ECONN|ENOTFOUND|articles\.add|Invalid input/);
      await status.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => status.isVisible()).toBe(false);
    } finally {
      await new Promise<void>((r) => site.close(() => r()));
    }
  });

  it('completes tags without diacritics, counts and renames parent tags, and keeps chips current', async () => {
    await s.fresh();
    const { page } = s;
    const a = await addArticle(s, 'Thẻ lồng nhau một', BODY, ['xã hội/pháp luật', 'việt nam']);
    await addArticle(s, 'Thẻ lồng nhau hai', BODY, ['xã hội/giáo dục', 'xã hội/pháp luật']);
    await page.goto(s.at(`/article/${a}`));
    // "việt" + Enter picks "việt nam" (already on the article elsewhere: here on a fresh one).
    const b = await addArticle(s, 'Thẻ mới', BODY);
    await page.goto(s.at(`/article/${b}`));
    const input = page.getByRole('combobox', { name: 'Add a tag' });
    await input.fill('viet');
    await page.locator('.combo-list').getByRole('option', { name: 'việt nam', exact: true }).waitFor();
    await input.press('Enter');
    await page.locator('.reader-head .chip', { hasText: 'việt nam' }).waitFor();
    expect((await s.call<Summary>('articles.get', { id: b })).tags).toEqual(['việt nam']);
    // The parent level counts its articles once each, and has the tag menu.
    const parent = page.locator('.sidebar button[data-tag="xã hội"]');
    await expect.poll(() => parent.locator('.nav-count').textContent()).toBe('2');
    await page.goto(s.at(`/article/${a}`));
    await page.getByRole('button', { name: 'Actions for tag xã hội', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename tag' });
    await dialog.getByRole('textbox', { name: 'New name' }).fill('đời sống');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The open article's chips follow without reopening it.
    await page.locator('.reader-head .chip', { hasText: 'đời sống/pháp luật' }).waitFor();
    await page.getByRole('button', { name: 'Actions for tag việt nam', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Merge into…' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge tag' });
    await merge.getByRole('combobox').fill('quốc gia');
    await merge.getByRole('button', { name: 'OK' }).click();
    await page.locator('.reader-head .chip', { hasText: 'quốc gia' }).waitFor();
    expect(await page.locator('.reader-head .chip', { hasText: 'việt nam' }).count()).toBe(0);
  });

  it('marks an article read at its end, the same in the list, the counts and the sidebar, with undo', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Đọc đến cuối', BODY);
    await page.goto(s.at(`/article/${id}`));
    const row = page.locator(`#row-${id}`);
    await expect.poll(() => row.getAttribute('class')).toContain('is-unread');
    const unread = page.getByRole('button', { name: /^Unread/ }).locator('.nav-count');
    const before = Number(await unread.textContent());
    await page.locator('.reader-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
    });
    const toast = page.locator('.toast', { hasText: 'Finished: moved to the archive.' });
    await toast.waitFor({ timeout: 8000 });
    await expect.poll(() => row.getAttribute('class')).not.toContain('is-unread');
    await expect.poll(async () => Number(await unread.textContent())).toBe(before - 1);
    expect((await s.call<Summary>('articles.get', { id })).status).toBe('archived');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => row.getAttribute('class')).toContain('is-unread');
    await expect.poll(async () => Number(await unread.textContent())).toBe(before);
  });

  it('selects rows with shift-click without painting text, on a one-line bulk bar; tags leave the excerpt whole', async () => {
    await s.fresh();
    const { page } = s;
    for (let i = 0; i < 4; i++)
      await addArticle(
        s,
        `Hàng có thẻ ${i}`,
        'Một đoạn trích dài để thấy đủ hai dòng trong danh sách, kể cả khi hàng có thẻ bên dưới tiêu đề và ngày tháng.',
        ['thẻ một', 'thẻ hai', 'thẻ ba'],
      );
    await page.goto(s.at('/tag/th%E1%BA%BB%20m%E1%BB%99t'));
    const rows = page.locator('.list-scroll .row');
    await expect.poll(() => rows.count()).toBe(4);
    await rows.nth(0).click();
    await rows.nth(3).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('toolbar', { name: '4 selected' });
    await bar.waitFor();
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    // Every control of the bulk bar on one line.
    const middles = await bar.evaluate((el) =>
      [...el.children].map((c) => {
        const r = c.getBoundingClientRect();
        return Math.round((r.top + r.bottom) / 2);
      }),
    );
    expect(Math.max(...middles) - Math.min(...middles)).toBeLessThanOrEqual(2);
    const fits = await rows.nth(1).evaluate((row) => {
      const excerpt = row.querySelector('.row-excerpt')!;
      const lines = Math.round(
        excerpt.getBoundingClientRect().height / parseFloat(getComputedStyle(excerpt).lineHeight),
      );
      return {
        lines,
        inside: excerpt.getBoundingClientRect().bottom <= row.getBoundingClientRect().bottom - 4,
      };
    });
    expect(fits).toEqual({ lines: 2, inside: true });
    await bar.getByRole('button', { name: 'Clear selection' }).click();
  });

  it('draws overlaps distinctly, hides Save search when it has nothing to save, and documents Escape', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Chồng lấn', 'Hai đoạn đánh dấu chồng lên nhau ở giữa câu này.');
    await addHighlight(s, id, 'đoạn đánh dấu chồng', 'yellow');
    await addHighlight(s, id, 'chồng lên nhau', 'blue');
    await page.goto(s.at(`/article/${id}`));
    const overlap = page.locator('.reader-content mark.kho-hl-overlap');
    await overlap.waitFor();
    const look = await overlap.evaluate((m) => {
      const style = getComputedStyle(m);
      return { boxShadow: style.boxShadow, backgroundImage: style.backgroundImage };
    });
    expect(look.boxShadow).not.toBe('none');
    expect(look.backgroundImage).not.toBe('none');
    await page.goto(s.at('/search?q=%22kh%C3%B4ng+h%E1%BB%81+c%C3%B3%22'));
    await page.getByRole('heading', { name: 'No articles match ‘"không hề có"’.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save search' }).count()).toBe(0);
    await page.goto(s.at('/search?q=ch%E1%BB%93ng'));
    await page.locator('.hit').first().waitFor();
    await page.getByRole('button', { name: 'Save search' }).click();
    await page
      .getByRole('dialog', { name: 'Save this search' })
      .getByRole('button', { name: 'Save' })
      .click();
    await expect.poll(() => page.getByRole('button', { name: 'Save search' }).count()).toBe(0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await keys.getByText('Close what is open: a menu or dialog, then the search, then the article').waitFor();
    await page.keyboard.press('Escape');
  });

  it('ran without page errors or CSP violations', () => {
    expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
