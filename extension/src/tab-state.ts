import type { Annotation, ArticleSummary } from '../../src/shared/schemas.js';

/**
 * What the extension last did for a tab. The background writes it (session storage, cleared when the
 * browser closes or the tab navigates) and paints the toolbar badge from it; the popup renders it.
 */

export type TabState =
  | { status: 'saving'; url: string; title: string }
  | {
      status: 'saved' | 'already';
      url: string;
      title: string;
      article: Pick<ArticleSummary, 'id' | 'title' | 'url' | 'tags'>;
      highlight: Pick<Annotation, 'id' | 'exact' | 'note'> | null;
      highlight_error: string | null;
      can_open: boolean;
    }
  | { status: 'error' | 'not-running' | 'not-paired'; url: string; title: string; message: string };

export type TabStatus = TabState['status'];

const key = (tabId: number): string => `tab:${tabId}`;

export async function readTabState(tabId: number): Promise<TabState | null> {
  const got = await chrome.storage.session.get(key(tabId));
  return (got[key(tabId)] as TabState | undefined) ?? null;
}

export async function writeTabState(tabId: number, state: TabState): Promise<void> {
  await chrome.storage.session.set({ [key(tabId)]: state });
  await paintBadge(tabId, state.status);
}

export async function clearTabState(tabId: number): Promise<void> {
  await chrome.storage.session.remove(key(tabId));
  await chrome.action.setBadgeText({ tabId, text: '' });
  await chrome.action.setTitle({ tabId, title: 'Save to Kho' });
}

export function onTabState(tabId: number, listener: (state: TabState) => void): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    const change = changes[key(tabId)];
    if (area === 'session' && change?.newValue) listener(change.newValue as TabState);
  });
}

/** The toolbar button's feedback for each state: badge text, colour and tooltip. */
export const BADGES: Record<TabStatus, { text: string; color: string; title: string }> = {
  saving: { text: '…', color: '#6b7280', title: 'Kho: saving…' },
  saved: { text: '✓', color: '#15803d', title: 'Kho: saved' },
  already: { text: '✓', color: '#1d4ed8', title: 'Kho: already saved (updated)' },
  error: { text: '!', color: '#b91c1c', title: 'Kho: could not save' },
  'not-running': { text: 'off', color: '#6b7280', title: 'Kho is not running' },
  'not-paired': { text: '?', color: '#b45309', title: 'Kho: pair this browser first' },
};

async function paintBadge(tabId: number, status: TabStatus): Promise<void> {
  const badge = BADGES[status];
  await chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color });
  await chrome.action.setBadgeText({ tabId, text: badge.text });
  await chrome.action.setTitle({ tabId, title: badge.title });
}
