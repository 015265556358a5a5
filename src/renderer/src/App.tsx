import { useMemo, useRef, useState } from 'preact/hooks';
import type { KhoEvents } from '../api.js';
import type { KhoApi } from '../../shared/contract.js';
import type { ArticleSummary } from '../../shared/schemas.js';
import { DialogHost, type DialogState } from './components/DialogHost.js';
import { Icon } from './components/Icon.js';
import { ListPane } from './components/ListPane.js';
import { Notebook } from './components/Notebook.js';
import { Reader, type ReaderActions } from './components/Reader.js';
import { SearchResults } from './components/Search.js';
import { Sidebar } from './components/Sidebar.js';
import { StatusArea } from './components/StatusArea.js';
import { Toasts } from './components/Toasts.js';
import { TopBar } from './components/TopBar.js';
import { useBackgroundSaves } from './hooks/useBackgroundSaves.js';
import { useBulkActions } from './hooks/useBulkActions.js';
import { useDocumentLook } from './hooks/useDocumentLook.js';
import { useFileDrop } from './hooks/useFileDrop.js';
import { useKeyboardMap } from './hooks/useKeyboardMap.js';
import { useLatest } from './hooks/useLatest.js';
import { useLibrary } from './hooks/useLibrary.js';
import { useListSelection } from './hooks/useListSelection.js';
import { NARROW, PHONE, useMediaQuery } from './hooks/useMediaQuery.js';
import { useNavigation } from './hooks/useNavigation.js';
import { useRoute } from './hooks/useRoute.js';
import { useSearch } from './hooks/useSearch.js';
import { useSettings } from './hooks/useSettings.js';
import { useTagTotals } from './hooks/useTagTotals.js';
import { useToasts } from './hooks/useToasts.js';
import { useWindowEvents } from './hooks/useWindowEvents.js';
import { useConnectorPrompt } from './hooks/useConnectorPrompt.js';
import { Ctx, type AppContext } from './lib/context.js';
import { findTerms } from './lib/find-words.js';
import { HOME, routeHref } from './lib/routes.js';
import { archiveTarget, isView, sourceAfterTagChange } from './lib/views.js';

/**
 * The window: top bar, sidebar, list (or search results), reader or notebook, the open dialog, saves in
 * progress and toasts. Where the user is lives in the route (the address bar: useRoute, moved through
 * useNavigation); the rest of the state in the hooks (settings, library, search, selection, bulk actions,
 * background saves, keys, drops). This file wires them.
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
  const phone = useMediaQuery(PHONE);
  const narrow = useMediaQuery(NARROW);
  const { route, navigate } = useRoute();
  const go = useNavigation(route, navigate, phone);

  const library = useLibrary(api, events, fail, settings.sort, route.source);
  const { source, pages, bump } = library;
  const tagTotals = useTagTotals(api, library.tags, library.version);
  const search = useSearch(api, fail, library.version, settings.recent, setSetting, route.q);
  const { searching } = search;
  const openId = route.article;
  // Rows as the keyboard sees them: search hits when searching, else the list.
  const selection = useListSelection({
    searching,
    rowCount: searching ? search.state.hits.length : (pages.total ?? 0),
    idAt: (i) => (searching ? search.state.hits[i]?.id : pages.get(i)?.id),
    resetKey: library.listQuery,
    openId,
    onOpen: go.openArticle,
    onOpenHit: search.remember,
  });
  const { selected } = selection;
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const readerActions = useRef<ReaderActions | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement | null>(null);
  const inTrash = isView(source, 'trash');
  const notebook = route.notebook;

  const bulk = useBulkActions({
    ctx,
    pages,
    bump,
    onGone: (ids) => {
      selection.clear();
      if (ids === 'trash' ? inTrash : openId !== null && ids.includes(openId)) go.closeArticle();
    },
  });

  // A save that finishes opens its article if the user is still where they started it; otherwise
  // (they went on reading) a toast offers it.
  const here = useLatest(routeHref(route));
  const saves = useBackgroundSaves({
    api,
    events,
    onSaved: ({ article, created }, request) => {
      bump();
      const message = t(created ? 'add.savedNew' : 'add.savedAgain', { title: article.title });
      const open = () => navigate({ ...HOME, article: article.id });
      if (request.from === here.current) {
        open();
        toast(message);
      } else toast(message, { action: { label: t('status.open'), run: open } });
    },
    onCancelled: () => toast(t('status.stopped')),
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
    writing: () => readerActions.current?.writing() ?? false,
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
    closeArticle: go.closeArticle,
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
  // Menu commands and kho:// links from the main process; a link opens its place like any address.
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
      if (target === 'article') return navigate({ ...HOME, article: id });
      api['annotations.list']({}).then((r) => {
        const note = r.items.find((a) => a.id === id);
        if (note) navigate({ ...HOME, article: note.article_id, highlight: id });
        else toast(t('links.highlightGone'), { kind: 'error' });
      }, fail);
    },
    onRestarted: () => toast(t('events.archiveRestarted'), { kind: 'error' }),
    onIndexError: (message) => toast(t('events.indexError', { message }), { kind: 'error' }),
  });

  useConnectorPrompt(events, ctx, () => setDialog({ kind: 'settings' }));

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

  const hit = search.state.hits.find((h) => h.id === openId);
  const find =
    searching && openId !== null
      ? {
          query: route.q.trim(),
          terms: findTerms(route.q, hit ? hit.highlights.map(([s, e]) => hit.snippet.slice(s, e)) : []),
        }
      : null;
  const layout = [
    'app',
    openId !== null && !notebook ? 'has-article' : '',
    notebook ? 'notebook-open' : '',
    sidebarOpen ? 'sidebar-open' : '',
    settings.sidebar ? '' : 'sidebar-hidden',
    settings.focus && openId !== null && !notebook ? 'focus-mode' : '',
  ];

  return (
    <Ctx.Provider value={ctx}>
      <div class={layout.filter(Boolean).join(' ')}>
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
          sidebarOpen={narrow ? sidebarOpen : settings.sidebar && !(settings.focus && openId !== null)}
          onMenu={() => {
            if (narrow) setSidebarOpen(!sidebarOpen);
            else if (settings.focus && openId !== null) setSetting('focus', false);
            else setSetting('sidebar', !settings.sidebar);
          }}
          query={route.q}
          searchRef={searchRef}
          onQuery={(q) => {
            search.setTyping(true);
            go.setQuery(q);
          }}
          tagNames={library.tags.map((x) => x.name)}
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
          notebookOpen={notebook !== null}
          counts={library.counts}
          tags={library.tags}
          tagTotals={tagTotals}
          saved={settings.saved}
          onSource={(s) => {
            go.goSource(s);
            setSidebarOpen(false);
          }}
          onNotebook={() => {
            go.openNotebook();
            setSidebarOpen(false);
          }}
          onRunSaved={(q) => {
            search.setTyping(false);
            navigate({ ...HOME, q });
            setSidebarOpen(false);
          }}
          onRemoveSaved={(name) =>
            setSetting(
              'saved',
              settings.saved.filter((s) => s.name !== name),
            )
          }
          onTagAction={(action, name, count, nested) =>
            setDialog({ kind: 'tag', action, name, count, nested })
          }
        />

        {notebook ? (
          <main class="notebook-pane" aria-label={t('notebook.title')}>
            <Notebook
              filters={notebook}
              version={library.version}
              allTags={library.tags.map((x) => x.name)}
              onFilters={(filters, replace) => navigate({ ...HOME, notebook: filters }, { replace })}
              onGoTo={(entry) => go.goToHighlight(entry.article_id, entry.id)}
            />
          </main>
        ) : (
          <main class="list-pane" id="article-list-pane" aria-label={t('list.label')}>
            {searching ? (
              <SearchResults
                state={search.state}
                cursor={selection.cursor}
                openId={openId}
                listRef={listRef}
                canSave={!settings.saved.some((s) => s.query === route.q.trim())}
                onOpen={selection.openAt}
                onMove={selection.setCursor}
                onMore={search.more}
                onSave={() => setDialog({ kind: 'saveSearch', query: route.q.trim() })}
                onClear={() => go.setQuery('')}
                onSearchInstead={search.searchInstead}
                onUseCorrected={(q) => {
                  search.setTyping(false);
                  go.setQuery(q);
                }}
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
        )}

        {notebook ? null : (
          <div class="reader-pane">
            {openId !== null ? (
              <Reader
                key={openId}
                id={openId}
                allTags={library.tags.map((x) => x.name)}
                actionsRef={readerActions}
                version={library.version}
                highlight={route.highlight}
                find={find}
                phone={phone}
                onClose={() => {
                  go.closeArticle();
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
        )}

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
          onSave={(request) => saves.start({ ...request, from: here.current })}
          onChanged={bump}
          onExport={openExport}
          onTagChanged={(name, renamedTo) => {
            const next = sourceAfterTagChange(source, name, renamedTo);
            if (next !== source) navigate({ ...route, source: next }, { replace: true });
            bump();
          }}
        />
        <StatusArea saves={saves} />
        <Toasts items={toastItems} onDismiss={dismiss} />
      </div>
    </Ctx.Provider>
  );
}
