import { onPairing, readPairing, type PairingState } from '../browser-pairing.js';
import { callKho, ConnectorError } from '../connector-client.js';
import type { BackgroundRequest } from '../messages.js';
import { onTabState, readTabState, type TabState } from '../tab-state.js';

/**
 * The toolbar popup. Opening it (button or shortcut) saves the current tab; then it shows how that went,
 * lets the person tag the article (with completion from Kho's tags), write a note on the highlight made
 * from the selection, and open the article in Kho. Pairing is started and shown here.
 */

type View = TabState['status'] | 'checking' | 'pairing';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const HEADLINES: Record<View, string> = {
  checking: 'Connecting to Kho…',
  saving: 'Saving…',
  saved: 'Saved to Kho',
  already: 'Already in Kho',
  error: 'Could not save this page',
  'not-running': 'Kho is not running',
  'not-paired': 'Pair this browser with Kho',
  pairing: 'Approve this browser in Kho',
};

let tabId = -1;
let current: TabState | null = null;
let articleTags: string[] = [];

function show(view: View, detail = ''): void {
  document.body.dataset.state = view;
  $('headline').textContent = HEADLINES[view];
  $('detail').textContent = detail;
}

function render(state: TabState): void {
  current = state;
  $('page-title').textContent = state.title;
  switch (state.status) {
    case 'saving':
      show('saving');
      return;
    case 'saved':
    case 'already':
      show(state.status, state.status === 'already' ? 'Updated in place with this version of the page.' : '');
      $('page-title').textContent = state.article.title;
      renderHighlight(state);
      articleTags = [...state.article.tags];
      renderChips();
      $('open').hidden = !state.can_open;
      void loadTagSuggestions();
      return;
    case 'not-paired':
      void readPairing().then((p) =>
        p?.status === 'pending' ? renderPairing(p) : show('not-paired', state.message),
      );
      return;
    default:
      show(state.status, state.message);
  }
}

function renderHighlight(state: Extract<TabState, { status: 'saved' | 'already' }>): void {
  const box = $('highlight');
  box.hidden = !state.highlight;
  if (state.highlight) {
    $('quote').textContent = state.highlight.exact;
    $<HTMLTextAreaElement>('note').value = state.highlight.note ?? '';
  }
  const warning = $('highlight-error');
  warning.hidden = !state.highlight_error;
  warning.textContent = state.highlight_error ?? '';
}

function renderPairing(p: PairingState): void {
  if (p.status === 'pending') {
    show('pairing');
    $('code').textContent = p.code;
  } else if (p.status === 'failed') {
    show('not-paired', p.message);
  }
}

function savedArticleId(): number | null {
  return current && (current.status === 'saved' || current.status === 'already') ? current.article.id : null;
}

function renderChips(): void {
  const list = $('chips');
  list.replaceChildren(
    ...articleTags.map((name) => {
      const li = document.createElement('li');
      li.textContent = name;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '×';
      remove.setAttribute('aria-label', `Remove tag ${name}`);
      remove.addEventListener('click', () => void changeTags([], [name]));
      li.append(remove);
      return li;
    }),
  );
}

async function loadTagSuggestions(): Promise<void> {
  try {
    const { items } = await callKho('tags', {});
    $('tag-list').replaceChildren(
      ...items.map((t) => {
        const option = document.createElement('option');
        option.value = t.name;
        option.label = `${t.name} (${t.count})`;
        return option;
      }),
    );
  } catch {
    // Completion is a convenience; typing a tag still works.
  }
}

async function changeTags(add: string[], remove: string[]): Promise<void> {
  const id = savedArticleId();
  if (id === null) return;
  try {
    const { article } = await callKho('tag', { article_id: id, add, remove });
    articleTags = article.tags;
    renderChips();
    $('tag-status').textContent = add.length ? `Tagged “${add.join('”, “')}”.` : 'Tag removed.';
  } catch (err) {
    $('tag-status').textContent = err instanceof Error ? err.message : String(err);
  }
}

async function saveNote(): Promise<void> {
  if (!current || (current.status !== 'saved' && current.status !== 'already') || !current.highlight) return;
  const note = $<HTMLTextAreaElement>('note').value;
  try {
    await callKho('note', { annotation_id: current.highlight.id, note: note.trim() ? note : null });
    $('note-status').textContent = note.trim() ? 'Note saved.' : 'Note removed.';
  } catch (err) {
    $('note-status').textContent = err instanceof Error ? err.message : String(err);
  }
}

async function openInKho(): Promise<void> {
  const id = savedArticleId();
  if (id === null) return;
  try {
    const { url } = await callKho('open', { article_id: id });
    if (url) await chrome.tabs.create({ url });
    window.close();
  } catch (err) {
    show('error', err instanceof ConnectorError ? err.message : String(err));
  }
}

async function save(): Promise<void> {
  show('checking');
  const request: BackgroundRequest = { type: 'save-tab', tabId };
  render((await chrome.runtime.sendMessage(request)) as TabState);
}

async function start(): Promise<void> {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) {
    show('error', 'There is no page to save in this window.');
    return;
  }
  tabId = tab.id;
  $('page-title').textContent = tab.title ?? '';
  onTabState(tabId, render);
  onPairing(renderPairing);
  // A pairing in progress (the popup closed while the person went to Kho) is shown, not restarted.
  const pairing = await readPairing();
  const last = await readTabState(tabId);
  if (pairing?.status === 'pending') {
    renderPairing(pairing);
    const resume: BackgroundRequest = { type: 'pair', tabId };
    void chrome.runtime.sendMessage(resume);
    return;
  }
  if (last?.status === 'saving') {
    render(last);
    return;
  }
  await save();
}

$('pair').addEventListener('click', () => {
  const request: BackgroundRequest = { type: 'pair', tabId };
  show('checking');
  void chrome.runtime.sendMessage(request);
});
$('retry').addEventListener('click', () => void save());
$('save-note').addEventListener('click', () => void saveNote());
$('open').addEventListener('click', () => void openInKho());
$('tag-input').addEventListener('keydown', (event) => {
  const input = event.target as HTMLInputElement;
  if (event.key !== 'Enter' && event.key !== ',') return;
  event.preventDefault();
  const names = input.value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t && !articleTags.includes(t));
  input.value = '';
  if (names.length) void changeTags(names, []);
});

void start().catch((err: unknown) => show('error', err instanceof Error ? err.message : String(err)));
