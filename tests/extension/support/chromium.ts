import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Worker,
} from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../e2e/support/kho.js';

/**
 * Debian's Chromium with the unpacked extension loaded (a Playwright persistent context). Extensions load
 * in the new headless mode (`--headless=new`); when this Chromium cannot, it runs headful under an Xvfb the
 * tests start. A second CDP connection sees the extension's popup, which Playwright's own context does not
 * list, and `Extensions.triggerAction` clicks the toolbar button (granting activeTab, as a real click does).
 */

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  mode: 'headless=new' | 'xvfb';
  /** Clicks the extension's toolbar button on `page`'s tab and returns the popup that opens. */
  clickToolbarButton(page: Page): Promise<Page>;
  /** Runs `fn` in the extension's background. */
  inBackground<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  close(): Promise<void>;
}

const EXTRA_ARGS = ['--enable-unsafe-extension-debugging', '--remote-debugging-port=0'];

async function tryLaunch(
  extensionDir: string,
  userDataDir: string,
  headlessNew: boolean,
  env: NodeJS.ProcessEnv,
): Promise<{ context: BrowserContext; worker: Worker } | null> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    env,
    viewport: { width: 1100, height: 800 },
    args: [
      ...(headlessNew ? ['--headless=new'] : []),
      ...CHROMIUM_ARGS,
      ...EXTRA_ARGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => null));
  if (!worker) {
    await context.close();
    return null;
  }
  return { context, worker };
}

async function startXvfb(): Promise<{ display: string; stop(): void } | null> {
  if (!existsSync('/usr/bin/Xvfb')) return null;
  const display = `:${90 + Math.floor(Math.random() * 400)}`;
  const child: ChildProcess = spawn(
    '/usr/bin/Xvfb',
    [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((r) => setTimeout(r, 800));
  if (child.exitCode !== null) return null;
  return { display, stop: () => child.kill('SIGTERM') };
}

/** Null (with the reason) when neither headless mode nor Xvfb can load the extension. */
export async function launchWithExtension(
  extensionDir: string,
  userDataDir: string,
): Promise<ExtensionBrowser | { skip: string }> {
  if (!existsSync(CHROMIUM)) return { skip: `${CHROMIUM} is not installed.` };
  let mode: ExtensionBrowser['mode'] = 'headless=new';
  let xvfb: { display: string; stop(): void } | null = null;
  let launched = await tryLaunch(extensionDir, userDataDir, true, process.env);
  if (!launched) {
    xvfb = await startXvfb();
    if (!xvfb) return { skip: 'Chromium did not load the extension headless, and Xvfb is not available.' };
    mode = 'xvfb';
    launched = await tryLaunch(extensionDir, `${userDataDir}-xvfb`, false, {
      ...process.env,
      DISPLAY: xvfb.display,
    });
    if (!launched) {
      xvfb.stop();
      return { skip: 'Chromium did not load the extension, headless or under Xvfb.' };
    }
  }
  const { context, worker } = launched;
  const extensionId = new URL(worker.url()).host;
  const browser = context.browser();
  if (!browser) throw new Error('The persistent context has no browser object.');
  const session: CDPSession = await browser.newBrowserCDPSession();
  // The popup is a separate target; a second CDP client attaches to it like any page.
  const dataDir = mode === 'xvfb' ? `${userDataDir}-xvfb` : userDataDir;
  const devtoolsPort = readFileSync(path.join(dataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
  const observers: Browser[] = [];
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;

  async function popupTargets(): Promise<Set<string>> {
    const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'page' }] });
    return new Set(targetInfos.filter((t) => t.url.startsWith(popupUrl)).map((t) => t.targetId));
  }

  return {
    context,
    extensionId,
    worker,
    mode,
    async clickToolbarButton(page: Page): Promise<Page> {
      await page.bringToFront();
      const before = await popupTargets();
      const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
      if (tabs.length !== 1) throw new Error(`Expected one tab at ${page.url()}, found ${tabs.length}.`);
      await session.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0]!.targetId });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if ([...(await popupTargets())].some((id) => !before.has(id))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // A CDP client connected now lists the popup as a page (one connected earlier does not see it).
      const observer = await chromium.connectOverCDP(`http://127.0.0.1:${devtoolsPort}`);
      observers.push(observer);
      const popup = observer
        .contexts()
        .flatMap((c) => c.pages())
        .find((p) => p.url().startsWith(popupUrl));
      if (!popup) throw new Error('The extension popup did not open.');
      await popup.waitForLoadState('domcontentloaded');
      return popup;
    },
    inBackground: <T, A>(fn: (arg: A) => T | Promise<T>, arg: A) =>
      worker.evaluate(fn as (a: unknown) => T | Promise<T>, arg as unknown),
    async close() {
      for (const o of observers) await o.close().catch(() => {});
      await context.close();
      xvfb?.stop();
    },
  };
}
