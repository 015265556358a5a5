import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REFERENCE_ARTICLE, REPO_ROOT } from '../helpers/paths.js';

/**
 * The core flow through the real Electron app (the renderer served from kho://app/, the preload bridge,
 * IPC to the archive host process, pushed events, the kho-asset: protocol). Runs where an Electron binary
 * is installed (and `npm start` has prepared its SQLite build); our build machines install with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1, so there it is skipped and says why. The main-process modules are
 * tested everywhere against a mocked electron module (tests/main).
 */

const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    const p = require('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const built = existsSync(path.join(REPO_ROOT, 'out', 'main', 'index.js'));
const SKIP_MESSAGE = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); skipping Electron e2e';

describe.skipIf(!binary || !built)('Kho in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  let tmp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    tmp = makeTempDir('kho-electron-');
    app = await _electron.launch({
      executablePath: binary!,
      args: ['.'],
      cwd: REPO_ROOT,
      env: { ...process.env, KHO_DATA_DIR: path.join(tmp.dir, 'archive'), ELECTRON_ENABLE_LOGGING: '1' },
    });
    page = await app.firstWindow();
    await page.getByRole('searchbox').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    tmp?.cleanup();
  });

  it('loads the app from kho://app/ and uses the preload bridge, not HTTP', async () => {
    expect(page.url()).toBe('kho://app/index.html');
    const bridge = await page.evaluate(() => {
      const kho = (window as unknown as { kho?: Record<string, unknown> }).kho;
      return { platform: kho?.platform, keys: Object.keys(kho ?? {}).sort() };
    });
    expect(bridge).toEqual({ platform: 'electron', keys: ['invoke', 'platform', 'subscribe'] });
  });

  it('pushes events from the archive host to the window', async () => {
    const event = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          type Bridge = {
            invoke(name: string, input: unknown): Promise<unknown>;
            subscribe(fn: (e: { name: string; payload: unknown }) => void): () => void;
          };
          const kho = (window as unknown as { kho: Bridge }).kho;
          const stop = kho.subscribe((e) => {
            if (e.name !== 'archive.changed') return;
            stop();
            resolve(e);
          });
          void kho.invoke('settings.set', { key: 'e2e.probe', value: 1 });
        }),
    );
    expect(event).toEqual({
      name: 'archive.changed',
      payload: { areas: ['settings'], article_ids: [], origin: 'here' },
    });
  });

  it('refuses to read local files by path over IPC', async () => {
    const reply = (await page.evaluate(
      (file) =>
        (window as unknown as { kho: { invoke(n: string, i: unknown): Promise<unknown> } }).kho.invoke(
          'articles.add',
          { source: 'file', path: file },
        ),
      REFERENCE_ARTICLE,
    )) as { ok: boolean; error?: { code: string; message: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe('INVALID_INPUT');
    expect(reply.error?.message).toMatch(/not allowed over IPC from the window/);
  });

  it('saves, finds, highlights and keeps a highlight', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Save an article' });
    await dialog.locator('input[type=file]').setInputFiles(REFERENCE_ARTICLE);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('.reader-content p').first().waitFor();

    const search = page.getByRole('searchbox', { name: 'Search articles' });
    await search.fill('dan van chinh quyen');
    await page.locator('.hit mark').first().waitFor();
    await page.locator('.hit').first().click();

    const passage = 'Năm dân vận chính quyền';
    await page.evaluate((p) => {
      const root = document.querySelector('.reader-content')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n.nodeValue ?? '').indexOf(p);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + p.length);
          window.getSelection()!.removeAllRanges();
          window.getSelection()!.addRange(r);
          return;
        }
      }
    }, passage);
    await page.locator('.reader-content').dispatchEvent('mouseup');
    await page.getByRole('button', { name: 'Highlight Green' }).click();
    await page.locator('mark.kho-hl-green').first().waitFor();
    await page.reload();
    await page.locator('.list-scroll [role=option]').first().click();
    expect((await page.locator('.reader-content mark.kho-hl').allTextContents()).join('')).toBe(passage);
  });
});

describe.skipIf(!!binary && built)('Kho in Electron (not available here)', () => {
  it.skip(
    binary ? 'Electron app not built (run npm run build); skipping Electron e2e' : SKIP_MESSAGE,
    () => {},
  );
});
