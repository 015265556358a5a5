import { callKho, ConnectorError, type ConnectorSettings, loadSettings } from './connector-client.js';
import { isPairing, pair } from './browser-pairing.js';
import type { CapturedPage } from './capture-page.js';
import type { BackgroundRequest } from './messages.js';
import { clearTabState, writeTabState, type TabState } from './tab-state.js';
import type { SaveResult } from '../../src/shared/connector-protocol.js';

/**
 * The background (a service worker in Chromium, an event page in Firefox): context menus, saving a tab
 * or a link, and the toolbar badge. The toolbar button and the keyboard shortcut (`_execute_action`) open
 * the popup, which asks the background to save the tab.
 */

/** The connector's limit for one request (SAVE_BODY_LIMIT); checked here to say so before sending. */
const SAVE_LIMIT_BYTES = 20 * 1024 * 1024;

export const MENU = {
  page: 'kho-save-page',
  link: 'kho-save-link',
  selection: 'kho-save-selection',
} as const;

function createMenus(): void {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU.page, title: 'Save page to Kho', contexts: ['page'] });
    chrome.contextMenus.create({ id: MENU.link, title: 'Save link to Kho', contexts: ['link'] });
    chrome.contextMenus.create({
      id: MENU.selection,
      title: 'Save page to Kho and highlight the selection',
      contexts: ['selection'],
    });
  });
}

chrome.runtime.onInstalled.addListener(createMenus);
chrome.runtime.onStartup.addListener(createMenus);

async function readPage(tabId: number): Promise<CapturedPage> {
  await chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
  const [first] = await chrome.scripting.executeScript({
    target: { tabId },
    func: () => globalThis.__khoCapturePage?.(),
  });
  const page = first?.result as CapturedPage | undefined;
  if (!page) throw new Error('The page did not answer.');
  return page;
}

/** Pings Kho; returns the failure state to show, or the settings and whether "Open in Kho" works. */
async function connect(base: {
  url: string;
  title: string;
}): Promise<{ failed: TabState } | { settings: ConnectorSettings; canOpen: boolean }> {
  const settings = await loadSettings();
  try {
    const ping = await callKho('ping', {}, settings);
    if (!ping.paired) {
      return {
        failed: {
          ...base,
          status: 'not-paired',
          message: settings.token
            ? 'This browser is no longer paired with Kho. Pair it again.'
            : 'Pair this browser with Kho first.',
        },
      };
    }
    return { settings, canOpen: ping.can_open };
  } catch (err) {
    const e = err instanceof ConnectorError ? err : new ConnectorError('error', String(err));
    return { failed: { ...base, status: e.kind, message: e.message } };
  }
}

function savedState(base: { url: string; title: string }, result: SaveResult, canOpen: boolean): TabState {
  return {
    ...base,
    status: result.created ? 'saved' : 'already',
    article: {
      id: result.article.id,
      title: result.article.title,
      url: result.article.url,
      tags: result.article.tags,
    },
    highlight: result.highlight
      ? { id: result.highlight.id, exact: result.highlight.exact, note: result.highlight.note }
      : null,
    highlight_error: result.highlight_error,
    can_open: canOpen,
  };
}

function failure(base: { url: string; title: string }, err: unknown): TabState {
  if (err instanceof ConnectorError) return { ...base, status: err.kind, message: err.message };
  return { ...base, status: 'error', message: err instanceof Error ? err.message : String(err) };
}

/** Saves the tab's rendered page; with `withSelection`, the selection becomes a highlight. */
export async function saveTab(tabId: number, withSelection: boolean): Promise<TabState> {
  const tab = await chrome.tabs.get(tabId);
  const base = { url: tab.url ?? '', title: tab.title ?? '' };
  const done = async (state: TabState): Promise<TabState> => {
    await writeTabState(tabId, state);
    return state;
  };
  await writeTabState(tabId, { ...base, status: 'saving' });
  const conn = await connect(base);
  if ('failed' in conn) return done(conn.failed);
  let page: CapturedPage;
  try {
    page = await readPage(tabId);
  } catch (err) {
    return done({
      ...base,
      status: 'error',
      message:
        `The browser does not let Kho read this page (${err instanceof Error ? err.message : String(err)}). ` +
        'Browser pages and extension stores are off limits; for a link, right-click it and choose "Save link to Kho".',
    });
  }
  const body = {
    kind: 'page' as const,
    url: page.url,
    title: page.title,
    html: page.html,
    selection: withSelection ? page.selection : null,
  };
  const json = JSON.stringify(body);
  const bytes = new Blob([json]).size;
  if (bytes > SAVE_LIMIT_BYTES) {
    return done({
      ...base,
      status: 'error',
      message: `This page is ${Math.round(bytes / 1048576)} MB as rendered, more than the 20 MB Kho takes from the browser. Right-click a link to it and choose "Save link to Kho" to let Kho fetch it.`,
    });
  }
  try {
    return done(savedState(base, await callKho('save', body, conn.settings), conn.canOpen));
  } catch (err) {
    return done(failure(base, err));
  }
}

/** Saves a link: Kho fetches the address itself. Feedback goes to the tab the link is in. */
export async function saveLink(tabId: number, url: string): Promise<TabState> {
  const base = { url, title: url };
  await writeTabState(tabId, { ...base, status: 'saving' });
  const conn = await connect(base);
  const state: TabState =
    'failed' in conn
      ? conn.failed
      : await callKho('save', { kind: 'link', url }, conn.settings).then(
          (r) => savedState({ url, title: r.article.title }, r, conn.canOpen),
          (err: unknown) => failure(base, err),
        );
  await writeTabState(tabId, state);
  return state;
}

export async function handleMenuClick(
  info: chrome.contextMenus.OnClickData,
  tab?: chrome.tabs.Tab,
): Promise<TabState | null> {
  if (tab?.id === undefined) return null;
  if (info.menuItemId === MENU.link && info.linkUrl) return saveLink(tab.id, info.linkUrl);
  if (info.menuItemId === MENU.page) return saveTab(tab.id, false);
  if (info.menuItemId === MENU.selection) return saveTab(tab.id, true);
  return null;
}

chrome.contextMenus.onClicked.addListener((info, tab) => void handleMenuClick(info, tab));

chrome.runtime.onMessage.addListener((message: BackgroundRequest, sender, sendResponse) => {
  // Only the extension's own pages talk to the background.
  if (sender.id !== chrome.runtime.id) return false;
  if (message?.type === 'save-tab') {
    saveTab(message.tabId, true).then(sendResponse, (err: unknown) =>
      sendResponse({ status: 'error', url: '', title: '', message: String(err) } satisfies TabState),
    );
    return true;
  }
  if (message?.type === 'pair') {
    // Once approved, the page the person was on is saved, as the click that started it asked (once, even
    // when a reopened popup asks again while the background is already waiting).
    const first = !isPairing();
    const waiting = pair();
    if (first) void waiting.then((paired) => (paired ? saveTab(message.tabId, true) : null));
    sendResponse(true);
    return false;
  }
  return false;
});

// Feedback belongs to the page it was about: forget it when the tab goes elsewhere or closes.
chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url) void clearTabState(tabId);
});
chrome.tabs.onRemoved.addListener((tabId) => void chrome.storage.session.remove(`tab:${tabId}`));

/** For the service worker's console (chrome://extensions -> Inspect): the same paths the menus take. */
Object.assign(globalThis, { kho: { saveTab, saveLink, handleMenuClick } });
