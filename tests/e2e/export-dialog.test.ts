import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { CHROMIUM, launchChromium, RENDERER_DIR, startKho, type KhoServe } from './support/kho.js';

/**
 * The Export dialog in Chromium against `kho serve`: a format, a filter taken from what the window shows
 * (the current search, the current tag), and the file arrives as a download whose content is checked.
 */
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));
const PROSE = 'Một đoạn văn đủ dài để trích xuất nội dung, có dấu phẩy, và có nhiều câu. '.repeat(6);

describe.skipIf(!ready)('the Export dialog', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let kho: KhoServe;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = makeTempDir('kho-e2e-export-dialog-');
    kho = await startKho(path.join(tmp.dir, 'archive'));
    const add = async (title: string, extra: string, tags: string[]) =>
      (
        await kho.call<{ article: { id: number } }>('articles.add', {
          source: 'text',
          name: `${title}.md`,
          text: `# ${title}\n\n${extra} ${PROSE}\n`,
          tags,
        })
      ).article.id;
    const hanoi = await add('Phố cổ Hà Nội', 'Dân vận ở phố cổ.', ['du-lich']);
    await add('Chợ nổi Cái Răng', 'Dân vận trên sông.', ['du-lich']);
    const banh = await add('Bánh mì Sài Gòn', 'Ẩm thực đường phố.', ['am-thuc']);
    await kho.call('annotations.create', { article_id: banh, quote: 'Ẩm thực đường phố' });
    await kho.call('annotations.create', {
      article_id: hanoi,
      quote: 'Dân vận ở phố cổ',
      note: 'ghi chú về phố cổ',
      color: 'green',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await kho?.stop();
    tmp?.cleanup();
  });

  async function open(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width, height },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(kho.url);
    await page.locator('.row', { hasText: 'Bánh mì Sài Gòn' }).first().waitFor();
    return page;
  }

  it('exports the articles matching the current search as Markdown, as a download', async () => {
    const page = await open(1440, 900);
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('dan van');
    await page.locator('.results', { hasText: 'Chợ nổi Cái Răng' }).waitFor();
    await page.getByRole('button', { name: 'Export articles', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const filter = dialog.getByRole('radio', { name: 'Matching the search “dan van”' });
    expect(await filter.isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: /^The \d+ selected$/ }).count()).toBe(0);
    for (const f of [
      'Markdown',
      'Obsidian / Logseq',
      'W3C JSON-LD',
      'CSV',
      'Readwise CSV',
      'HTML digest',
      'EPUB',
    ]) {
      await dialog.getByRole('radio', { name: new RegExp(`^${f.replace(/[/]/g, '\\/')} `) }).waitFor();
    }
    await page.screenshot({ path: '/tmp/export-dialog-1440.png' });
    await page.screenshot({ path: path.join(SHOTS, '30-export-dialog.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    expect(text).toContain('Phố cổ Hà Nội');
    // Markdown notes list articles with highlights: the one outside the search has one and is left out.
    expect(text).not.toContain('Bánh mì Sài Gòn');
    expect(text).not.toContain('Ẩm thực đường phố');
    expect(text).toContain('Dân vận ở phố cổ');
    expect(text).toContain('ghi chú về phố cổ');
    await dialog.getByText(/^Exported .+\.md: 2 articles, 1 highlights\.$/).waitFor();
    await page.context().close();
  });

  it('exports the highlights of the current tag as CSV on a phone-sized window', async () => {
    const page = await open(390, 844);
    await page.getByRole('button', { name: 'Show the sidebar' }).click();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^du-lich/ })
      .click();
    await page.locator('.row', { hasText: 'Chợ nổi Cái Răng' }).first().waitFor();
    // No room in a phone's top bar: Export is in Settings, for what the window shows.
    expect(await page.getByRole('button', { name: 'Export articles' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Export articles…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    expect(await dialog.getByRole('radio', { name: 'Tagged “du-lich”' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: /^Readwise CSV / }).check();
    await page.screenshot({ path: '/tmp/export-dialog-390.png' });
    await dialog.getByRole('radio', { name: /^EPUB / }).check();
    await dialog.getByRole('radio', { name: 'The whole archive' }).check();
    await dialog.getByRole('radio', { name: /^CSV / }).check();
    await dialog.getByRole('radio', { name: 'Tagged “du-lich”' }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    // The highlight of the tagged article, not the one of the article outside the tag.
    expect(csv).toContain('Dân vận ở phố cổ');
    expect(csv).toContain('ghi chú về phố cổ');
    expect(csv).not.toContain('Ẩm thực đường phố');
    await page.context().close();
  });
});
