import { useMemo, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../shared/contract.js';
import type { KhoEvents } from '../api.js';
import type { ArticleSummary } from '../../shared/schemas.js';
import { DialogHost, type DialogState } from './components/DialogHost.js';
import { Icon } from './components/Icon.js';
import { ListPane } from './components/ListPane.js';
import { Reader, type ReaderActions } from './components/Reader.js';
import { SearchResults } from './components/Search.js';
import { Sidebar } from './components/Sidebar.js';
import { Toasts } from './components/Toasts.js';
import { TopBar } from './components/TopBar.js';
import { useBulkActions } from './hooks/useBulkActions.js';
import { useDocumentLook } from './hooks/useDocumentLook.js';
import { useFileDrop } from './hooks/useFileDrop.js';
import { useKeyboardMap } from './hooks/useKeyboardMap.js';
import { useLibrary } from './hooks/useLibrary.js';
import { useListSelection } from './hooks/useListSelection.js';
import { useSearch } from './hooks/useSearch.js';
import { useSettings } from './hooks/useSettings.js';
import { useToasts } from './hooks/useToasts.js';
import { useWindowEvents } from './hooks/useWindowEvents.js';
import { Ctx, type AppContext } from './lib/context.js';
import { archiveTarget, isView, sourceAfterTagChange } from './lib/views.js';

/**
 * The window: top bar, sidebar, list (or search results), reader, the open dialog and toasts. State lives
 * in the hooks (settings, library, search, selection, bulk actions, keys, drops); this file wires them.
 */
export function App(props: { api: KhoApi; events: KhoEvents }) {
  const { api, events } = props;
  const { items: toastItems, toast, dismiss } = useToasts();
  const { loaded, settings, setSetting, lang, t, fail } = useSettings(api, toast);
  useDocumentLook(settings.theme, lang, t);
  const ctx: AppContext = useMemo(
    () => ({ api, events, t, lang, settings, setSetting, toast, fail }),
    [api, events, t, lang, settings, setSetting, toast, fail],
  );

  const library = useLibrary(api, events, fail, settings.sort);
  const { source, pages, bump } = library;
  const search = useSearch(api, fail, library.version, settings.recent, setSetting);
  const { searching } = search;
  // Rows as the keyboard sees them: search hits when searching, else the list.
  const selection = useListSelection({
    searching,
    rowCount: searching ? search.state.hits.length : (pages.total ?? 0),
    idAt: (i) => (searching ? search.state.hits[i]?.id : pages.get(i)?.id),
    resetKey: library.listQuery,
    onOpenHit: search.remember,
  });
  const { openId, selected } = selection;
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const readerActions = useRef<ReaderActions | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement | null>(null);
  const inTrash = isView(source, 'trash');

  const bulk = useBulkActions({
    ctx,
    pages,
    bump,
    onGone: (ids) => {
      selection.clear();
      if (ids === 'trash' ? inTrash : openId !== null && ids.includes(openId)) selection.setOpenId(null);
    },
  });

  const onChanged = (summary: ArticleSummary, structural: boolean) => {
    pages.patch([summary]);
    if (structural) bump();
  };

  const focusSearch = () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  };

  useKeyboardMap({
    dialogOpen: dialog !== null,
    articleOpen: openId !== null,
    hasCursor: selection.cursor >= 0,
    focusSearch,
    showShortcuts: () => setDialog({ kind: 'shortcuts' }),
    move: selection.moveCursor,
    openCursor: () => {
      if (selection.cursor >= 0) selection.openAt(selection.cursor);
    },
    highlight: () => readerActions.current?.highlight(),
    note: () => readerActions.current?.note(),
    tag: () => {
      // Several selected (or one, with nothing open): tag the selection; else the open article.
      if (selected.size > 1 || (selected.size === 1 && openId === null))
        setDialog({ kind: 'bulkTag', ids: [...selected] });
      else readerActions.current?.tag();
    },
    archive: () => {
      if (selected.size > 1) void bulk.setStatus([...selected], archiveTarget(source));
      else readerActions.current?.archive();
    },
    favorite: () => readerActions.current?.favorite(),
    closeArticle: () => selection.setOpenId(null),
  });

  const openExport = () =>
    setDialog({
      kind: 'export',
      scope: {
        tag: source.kind === 'tag' ? source.tag : null,
        query: searching ? search.query.trim() : null,
        ids: [...selected],
      },
    });
  const openArticle = (id: number) => {
    search.setQuery('');
    selection.setOpenId(id);
  };
  useWindowEvents(events, {
    onCommand: (c) => {
      if (c.command === 'theme') setSetting('theme', c.theme);
      else if (c.command === 'add') setDialog({ kind: 'add', initial: {} });
      else if (c.command === 'import') setDialog({ kind: 'import', initial: [] });
      else if (c.command === 'export') openExport();
      else if (c.command === 'find') focusSearch();
      else if (c.command === 'settings') setDialog({ kind: 'settings' });
      else setDialog({ kind: 'shortcuts' });
    },
    onOpen: ({ target, id }) => {
      if (target === 'article') return openArticle(id);
      api['annotations.list']({}).then((r) => {
        const note = r.items.find((a) => a.id === id);
        if (note) openArticle(note.article_id);
        else toast(t('links.highlightGone'), { kind: 'error' });
      }, fail);
    },
    onRestarted: () => toast(t('events.archiveRestarted'), { kind: 'error' }),
    onIndexError: (message) => toast(t('events.indexError', { message }), { kind: 'error' }),
  });

  const dropping = useFileDrop({
    dialogOpen: dialog !== null,
    onOne: (initial) => setDialog({ kind: 'add', initial }),
    onMany: (initial) => setDialog({ kind: 'import', initial }),
    onError: fail,
  });

  if (!loaded) {
    return (
      <div class="boot" aria-busy="true">
        <p>{t('app.loading')}</p>
      </div>
    );
  }

  return (
    <Ctx.Provider value={ctx}>
      <div class={`app${openId !== null ? ' has-article' : ''}${sidebarOpen ? ' sidebar-open' : ''}`}>
        <a
          class="skip-link"
          href="#article-list"
          onClick={(e) => {
            e.preventDefault();
            listRef.current?.focus();
          }}
        >
          {t('app.skip')}
        </a>
        <TopBar
          sidebarOpen={sidebarOpen}
          onMenu={() => setSidebarOpen(!sidebarOpen)}
          query={search.query}
          searchRef={searchRef}
          onQuery={search.setQuery}
          onSearchSubmit={() => {
            search.remember();
            if (search.state.hits.length) {
              selection.setCursor(0);
              listRef.current?.focus();
            }
          }}
          onSearchArrowDown={() => {
            if (selection.rowCount > 0) {
              if (selection.cursor < 0) selection.setCursor(0);
              listRef.current?.focus();
            }
          }}
          onAdd={() => setDialog({ kind: 'add', initial: {} })}
          onShortcuts={() => setDialog({ kind: 'shortcuts' })}
          onSettings={() => setDialog({ kind: 'settings' })}
          onExport={openExport}
        />

        <Sidebar
          source={source}
          searching={searching}
          counts={library.counts}
          tags={library.tags}
          saved={settings.saved}
          onSource={(s) => {
            library.setSource(s);
            search.setQuery('');
            setSidebarOpen(false);
          }}
          onRunSaved={(q) => {
            search.setQuery(q);
            setSidebarOpen(false);
          }}
          onRemoveSaved={(name) =>
            setSetting(
              'saved',
              settings.saved.filter((s) => s.name !== name),
            )
          }
          onTagAction={(action, name) => setDialog({ kind: 'tag', action, name })}
        />

        <main class="list-pane" id="article-list-pane" aria-label={t('list.label')}>
          {searching ? (
            <SearchResults
              state={search.state}
              cursor={selection.cursor}
              openId={openId}
              listRef={listRef}
              onOpen={selection.openAt}
              onMove={selection.setCursor}
              onMore={search.more}
              onSave={() => setDialog({ kind: 'saveSearch', query: search.query.trim() })}
              onClear={() => search.setQuery('')}
            />
          ) : (
            <ListPane
              source={source}
              pages={pages}
              counts={library.counts}
              selection={selection}
              bulk={bulk}
              listRef={listRef}
              onDialog={setDialog}
            />
          )}
        </main>

        <div class="reader-pane">
          {openId !== null ? (
            <Reader
              key={openId}
              id={openId}
              allTags={library.tags.map((x) => x.name)}
              actionsRef={readerActions}
              onClose={() => {
                selection.setOpenId(null);
                listRef.current?.focus();
              }}
              onChanged={onChanged}
              onTrash={(ids) => void bulk.trash(ids)}
              onRestore={(ids) => void bulk.restore(ids)}
            />
          ) : (
            <section class="reader reader-empty" aria-label={t('reader.label')}>
              <div class="reader-placeholder">
                <Icon name="bookmark" size={36} />
                <h2>{t('reader.empty')}</h2>
                <p class="muted">{t('reader.emptyHelp')}</p>
              </div>
            </section>
          )}
        </div>

        {dropping ? (
          <div class="drop-overlay" aria-hidden="true">
            <div>{t('add.dropHere')}</div>
          </div>
        ) : null}

        <DialogHost
          dialog={dialog}
          tags={library.tags}
          bulk={bulk}
          onDialog={setDialog}
          onSaved={(article) => {
            bump();
            search.setQuery('');
            selection.setOpenId(article.id);
          }}
          onChanged={bump}
          onTagChanged={(name, renamedTo) => {
            library.setSource(sourceAfterTagChange(source, name, renamedTo));
            bump();
          }}
        />
        <Toasts items={toastItems} onDismiss={dismiss} />
      </div>
    </Ctx.Provider>
  );
}
