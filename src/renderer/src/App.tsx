import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../shared/contract.js';
import { KhoError } from '../../shared/errors.js';
import type { ArticleSummary, Tag } from '../../shared/schemas.js';
import { makeTranslate, resolveLang, type MessageKey } from './i18n/index.js';
import { Ctx, useApp, type AppContext, type ToastOptions } from './lib/context.js';
import { readSettings, SETTING_KEYS, type Settings } from './lib/settings.js';
import { useExternalChanges } from './lib/external-changes.js';
import { AddDialog, type AddInitial } from './components/AddDialog.js';
import { ImportDialog } from './components/ImportDialog.js';
import { pickedFromDrop, type PickedFile } from './lib/files.js';
import { ArticleList, useArticlePages } from './components/ArticleList.js';
import { Icon } from './components/Dialog.js';
import {
  ConfirmDialog,
  PromptDialog,
  SettingsDialog,
  ShortcutsDialog,
  Toasts,
  type ToastItem,
} from './components/Dialogs.js';
import { Reader, type ReaderActions } from './components/Reader.js';
import { SearchBox, SearchResults, type SearchState } from './components/Search.js';
import { Sidebar, type Source, type TagAction, type ViewName } from './components/Sidebar.js';

type DialogState =
  | { kind: 'add'; initial: AddInitial }
  | { kind: 'import'; initial: PickedFile[] }
  | { kind: 'settings' }
  | { kind: 'shortcuts' }
  | { kind: 'tag'; action: TagAction; name: string }
  | { kind: 'bulkTag'; ids: number[] }
  | { kind: 'bulkUntag'; ids: number[] }
  | { kind: 'purge'; ids: number[] }
  | { kind: 'emptyTrash'; count: number }
  | { kind: 'saveSearch'; query: string };

const VIEW_NAMES: ViewName[] = ['all', 'unread', 'archived', 'favorites', 'annotated', 'trash'];
const EMPTY_SEARCH: SearchState = { query: '', status: 'idle', hits: [], total: 0, took: 0, error: null };
const SEARCH_PAGE = 30;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range', 'button', 'submit'].includes(type);
  }
  return el.isContentEditable;
}

export function App(props: { api: KhoApi }) {
  const { api } = props;
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const settings = useMemo(() => readSettings(values ?? {}), [values]);
  const lang = resolveLang(
    settings.lang === 'auto' ? null : settings.lang,
    navigator.languages ?? [navigator.language],
  );
  const t = useMemo(() => makeTranslate(lang), [lang]);

  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const toastSeq = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((x) => x.id !== id)), []);
  const toast = useCallback(
    (message: string, opts: ToastOptions = {}) => {
      const id = ++toastSeq.current;
      const kind = opts.kind ?? 'info';
      setToasts((list) => [
        ...list.slice(-3),
        { id, message, kind, ...(opts.action ? { action: opts.action } : {}) },
      ]);
      setTimeout(() => dismiss(id), kind === 'error' ? 12_000 : opts.action ? 8_000 : 4_000);
    },
    [dismiss],
  );
  const tRef = useRef(t);
  tRef.current = t;
  const fail = useCallback(
    (err: unknown) => {
      const e = KhoError.from(err);
      console.error(e);
      toast(tRef.current('common.error', { message: e.message }), { kind: 'error' });
    },
    [toast],
  );

  const setSetting = useCallback(
    <K extends keyof Settings>(key: K, value: Settings[K]) => {
      const storeKey = SETTING_KEYS[key];
      setValues((v) => ({ ...(v ?? {}), [storeKey]: value }));
      api['settings.set']({ key: storeKey, value }).catch(fail);
    },
    [api, fail],
  );

  const ctx: AppContext = useMemo(
    () => ({ api, t, lang, settings, setSetting, toast, fail }),
    [api, t, lang, settings, setSetting, toast, fail],
  );

  // Settings, then everything else.
  useEffect(() => {
    api['settings.get']({}).then(
      (r) => setValues(r.values),
      (err: unknown) => {
        setValues({});
        fail(err);
      },
    );
  }, [api, fail]);

  // Theme and language on the document.
  useEffect(() => {
    const root = document.documentElement;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      root.dataset.theme = settings.theme === 'system' ? (media.matches ? 'dark' : 'light') : settings.theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [settings.theme]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.name');
  }, [lang, t]);

  // Library state.
  const [source, setSource] = useState<Source>({ kind: 'view', view: 'all' });
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [tags, setTags] = useState<Tag[]>([]);
  const [counts, setCounts] = useState<Partial<Record<ViewName, number>>>({});
  const [openId, setOpenId] = useState<number | null>(null);
  const [cursor, setCursor] = useState(-1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const anchor = useRef(-1);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [dropping, setDropping] = useState(false);
  const readerActions = useRef<ReaderActions | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement | null>(null);

  const listQuery = useMemo(
    () =>
      source.kind === 'view'
        ? { view: source.view, sort: settings.sort }
        : { view: 'all' as const, tag: source.tag, sort: settings.sort },
    [source, settings.sort],
  );
  const pages = useArticlePages(api, fail, listQuery, version);
  useExternalChanges(api, bump);

  useEffect(() => {
    let live = true;
    api['tags.list']({}).then((r) => live && setTags(r.items), fail);
    Promise.all(
      VIEW_NAMES.map((view) =>
        api['articles.list']({ view, limit: 1 }).then((r) => [view, r.total] as const),
      ),
    )
      .then((entries) => live && setCounts(Object.fromEntries(entries)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, version, fail]);

  // Search as you type: debounced, stale answers dropped, typing never waits.
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>(EMPTY_SEARCH);
  const searchSeq = useRef(0);
  const searching = query.trim() !== '';
  const runSearch = useCallback(
    (q: string, offset: number) => {
      const seq = ++searchSeq.current;
      setSearch((s) => ({ ...s, query: q, status: 'loading', error: null, ...(offset === 0 ? {} : {}) }));
      api['search.query']({ query: q, limit: SEARCH_PAGE, offset }).then(
        (r) => {
          if (seq !== searchSeq.current) return;
          setSearch((s) => ({
            query: q,
            status: 'done',
            hits: offset === 0 ? r.hits : [...s.hits, ...r.hits],
            total: r.total,
            took: r.took_ms,
            error: null,
          }));
        },
        (err: unknown) => {
          if (seq !== searchSeq.current) return;
          const e = KhoError.from(err);
          if (e.code === 'BAD_QUERY' || e.code === 'INVALID_INPUT') {
            setSearch({ query: q, status: 'error', hits: [], total: 0, took: 0, error: e.message });
          } else {
            setSearch((s) => ({ ...s, status: 'error' }));
            fail(e);
          }
        },
      );
    },
    [api, fail],
  );
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      searchSeq.current++;
      setSearch(EMPTY_SEARCH);
      return;
    }
    const timer = setTimeout(() => runSearch(q, 0), 150);
    return () => clearTimeout(timer);
  }, [query, runSearch]);
  useEffect(() => {
    // Results may change after edits elsewhere.
    if (searching && version > 0) runSearch(query.trim(), 0);
  }, [version]);
  const rememberQuery = useCallback(() => {
    const q = query.trim();
    if (!q) return;
    const recent = [q, ...settings.recent.filter((r) => r !== q)].slice(0, 10);
    if (recent.join('\n') !== settings.recent.join('\n')) setSetting('recent', recent);
  }, [query, settings.recent, setSetting]);
  useEffect(() => {
    if (!searching) return;
    const timer = setTimeout(rememberQuery, 2000);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    setCursor(-1);
    setSelected(new Set());
    anchor.current = -1;
  }, [source, searching, settings.sort]);

  // Rows as the keyboard sees them: search hits when searching, else the list.
  const rowCount = searching ? search.hits.length : (pages.total ?? 0);
  const idAt = (i: number): number | undefined => (searching ? search.hits[i]?.id : pages.get(i)?.id);

  const openAt = (i: number) => {
    const id = idAt(i);
    if (id === undefined) return;
    setCursor(i);
    setOpenId(id);
    if (searching) rememberQuery();
  };

  const moveCursor = (delta: number) => {
    if (rowCount === 0) return;
    const next = Math.max(
      0,
      Math.min(rowCount - 1, (cursor < 0 ? (delta > 0 ? -1 : rowCount) : cursor) + delta),
    );
    setCursor(next);
    const id = idAt(next);
    if (!searching && id !== undefined) {
      setSelected(new Set([id]));
      anchor.current = next;
    }
    if (openId !== null) openAt(next);
  };

  const onRowClick = (i: number, e: MouseEvent) => {
    const id = idAt(i);
    if (id === undefined) return;
    if (e.shiftKey && anchor.current >= 0) {
      const [a, b] = anchor.current < i ? [anchor.current, i] : [i, anchor.current];
      const next = new Set<number>(e.ctrlKey || e.metaKey ? selected : []);
      for (let k = a; k <= b; k++) {
        const rid = idAt(k);
        if (rid !== undefined) next.add(rid);
      }
      setSelected(next);
      setCursor(i);
      return;
    }
    if (e.ctrlKey || e.metaKey) {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      setSelected(next);
      setCursor(i);
      anchor.current = i;
      return;
    }
    setSelected(new Set([id]));
    anchor.current = i;
    openAt(i);
  };

  const onChanged = useCallback(
    (summary: ArticleSummary, structural: boolean) => {
      pages.patch([summary]);
      if (structural) bump();
    },
    [pages, bump],
  );

  // Bulk actions with undo.
  const selectedIds = [...selected];
  const summariesOf = (ids: number[]) => {
    const out: ArticleSummary[] = [];
    for (let i = 0; i < (pages.total ?? 0) && out.length < ids.length; i++) {
      const s = pages.get(i);
      if (s && ids.includes(s.id)) out.push(s);
    }
    return out;
  };
  const trash = async (ids: number[]) => {
    try {
      const r = await api['articles.trash']({ ids });
      if (openId !== null && ids.includes(openId)) setOpenId(null);
      setSelected(new Set());
      bump();
      toast(t('toast.trashed', { n: r.count }), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            await api['articles.restore']({ ids });
            bump();
            toast(t('toast.undone'));
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };
  const restore = async (ids: number[]) => {
    try {
      const r = await api['articles.restore']({ ids });
      bump();
      toast(t('toast.restored', { n: r.count }), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            await api['articles.trash']({ ids });
            bump();
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };
  const setStatus = async (ids: number[], status: 'archived' | 'unread') => {
    const before = summariesOf(ids);
    try {
      await api['articles.update']({ ids, status });
      bump();
      toast(t(status === 'archived' ? 'toast.archived' : 'toast.unread', { n: ids.length }), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            for (const st of ['unread', 'archived'] as const) {
              const back = before.filter((s) => s.status === st).map((s) => s.id);
              if (back.length) await api['articles.update']({ ids: back, status: st });
            }
            bump();
            toast(t('toast.undone'));
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };
  const tagMany = async (ids: number[], tag: string) => {
    const had = new Set(
      summariesOf(ids)
        .filter((s) => s.tags.includes(tag))
        .map((s) => s.id),
    );
    const r = await api['tags.attach']({ ids, tags: [tag] });
    pages.patch(r.items);
    bump();
    const added = ids.filter((id) => !had.has(id));
    toast(t('toast.tagged', { n: ids.length, tag }), {
      action: added.length
        ? {
            label: t('toast.undo'),
            run: async () => {
              await api['tags.detach']({ ids: added, tags: [tag] });
              bump();
              toast(t('toast.undone'));
            },
          }
        : undefined,
    });
  };

  const untagMany = async (ids: number[], tag: string) => {
    const had = summariesOf(ids)
      .filter((s) => s.tags.includes(tag))
      .map((s) => s.id);
    const r = await api['tags.detach']({ ids, tags: [tag] });
    pages.patch(r.items);
    bump();
    toast(t('toast.untagged', { tag }), {
      action: had.length
        ? {
            label: t('toast.undo'),
            run: async () => {
              await api['tags.attach']({ ids: had, tags: [tag] });
              bump();
              toast(t('toast.undone'));
            },
          }
        : undefined,
    });
  };

  // Global keyboard shortcuts.
  const keyState = { rowCount, cursor, openId, selected, searching, dialog };
  const keyRef = useRef(keyState);
  keyRef.current = keyState;
  const handlers = useRef<{ move(d: number): void; open(): void; archive(): void; favorite(): void }>(null!);
  handlers.current = {
    move: moveCursor,
    open: () => cursor >= 0 && openAt(cursor),
    archive: () => {
      if (selected.size > 1)
        void setStatus(
          [...selected],
          source.kind === 'view' && source.view === 'archived' ? 'unread' : 'archived',
        );
      else readerActions.current?.archive();
    },
    favorite: () => readerActions.current?.favorite(),
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = keyRef.current;
      if (e.key === 'k' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (s.dialog || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const inListbox = (e.target as HTMLElement)?.getAttribute?.('role') === 'listbox';
      switch (e.key) {
        case '/':
          e.preventDefault();
          searchRef.current?.focus();
          searchRef.current?.select();
          break;
        case '?':
          e.preventDefault();
          setDialog({ kind: 'shortcuts' });
          break;
        case 'j':
          e.preventDefault();
          handlers.current.move(1);
          break;
        case 'k':
          e.preventDefault();
          handlers.current.move(-1);
          break;
        case 'Enter':
          if (inListbox) break; // the list handles its own Enter
          if (s.cursor >= 0 && (e.target === document.body || e.target === null)) {
            e.preventDefault();
            handlers.current.open();
          }
          break;
        case 'h':
          e.preventDefault();
          readerActions.current?.highlight();
          break;
        case 'n':
          e.preventDefault();
          readerActions.current?.note();
          break;
        case 't':
          e.preventDefault();
          if (s.selected.size > 1 || (s.selected.size === 1 && s.openId === null))
            setDialog({ kind: 'bulkTag', ids: [...s.selected] });
          else readerActions.current?.tag();
          break;
        case 'a':
          e.preventDefault();
          handlers.current.archive();
          break;
        case 'f':
          e.preventDefault();
          handlers.current.favorite();
          break;
        case 'Escape':
          if (s.openId !== null && window.getSelection()?.isCollapsed !== false) setOpenId(null);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Drop a file or a link anywhere to save it.
  useEffect(() => {
    let depth = 0;
    const accepts = (e: DragEvent) => {
      const types = [...(e.dataTransfer?.types ?? [])];
      return types.includes('Files') || types.includes('text/uri-list');
    };
    const onEnter = (e: DragEvent) => {
      if (!accepts(e) || keyRef.current.dialog) return;
      depth++;
      setDropping(true);
    };
    const onOver = (e: DragEvent) => {
      if (accepts(e)) e.preventDefault();
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDropping(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!accepts(e)) return;
      e.preventDefault();
      depth = 0;
      setDropping(false);
      if (keyRef.current.dialog || !e.dataTransfer) return;
      // several files or a folder: the import dialog (entries must be taken before the handler returns)
      const dirs = [...e.dataTransfer.items].some((i) => i.webkitGetAsEntry?.()?.isDirectory);
      if (dirs || e.dataTransfer.files.length > 1) {
        void pickedFromDrop(e.dataTransfer).then(
          (initial) => setDialog({ kind: 'import', initial }),
          (err: unknown) => fail(err),
        );
        return;
      }
      const file = e.dataTransfer.files[0];
      const uri = (e.dataTransfer?.getData('text/uri-list') ?? '')
        .split('\n')
        .find((l) => l && !l.startsWith('#'));
      if (file) setDialog({ kind: 'add', initial: { file } });
      else if (uri) setDialog({ kind: 'add', initial: { url: uri.trim() } });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (values === null) {
    return (
      <div class="boot" aria-busy="true">
        <p>{t('app.loading')}</p>
      </div>
    );
  }

  const sourceLabel =
    source.kind === 'tag'
      ? source.tag
      : t(
          (
            {
              all: 'nav.all',
              unread: 'nav.unread',
              archived: 'nav.archived',
              favorites: 'nav.favorites',
              annotated: 'nav.annotated',
              trash: 'nav.trash',
            } as const
          )[source.view],
        );
  const inTrash = source.kind === 'view' && source.view === 'trash';
  const archiveTarget = source.kind === 'view' && source.view === 'archived' ? 'unread' : 'archived';
  const emptyKey: MessageKey | null =
    source.kind === 'tag'
      ? 'empty.tag'
      : (
          {
            all: null,
            unread: 'empty.unread',
            archived: 'empty.archived',
            favorites: 'empty.favorites',
            annotated: 'empty.annotated',
            trash: 'empty.trash',
          } as const
        )[source.view];
  const archiveEmpty = counts.all === 0 && (counts.trash ?? 0) === 0;

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
        <header class="topbar">
          <button
            type="button"
            class="icon-btn menu-btn"
            aria-label={t('top.menu')}
            aria-expanded={sidebarOpen}
            onClick={() => setSidebarOpen(!sidebarOpen)}
          >
            <Icon name="menu" />
          </button>
          <div class="brand" aria-hidden="true">
            <span class="brand-mark">K</span>
            <span class="brand-name">{t('app.name')}</span>
          </div>
          <SearchBox
            value={query}
            inputRef={searchRef}
            onInput={(v) => setQuery(v)}
            onSubmit={() => {
              rememberQuery();
              if (search.hits.length) {
                setCursor(0);
                listRef.current?.focus();
              }
            }}
            onArrowDown={() => {
              if (rowCount > 0) {
                if (cursor < 0) setCursor(0);
                listRef.current?.focus();
              }
            }}
          />
          <div class="topbar-actions">
            <button
              type="button"
              class="btn btn-primary"
              aria-label={t('top.add')}
              title={t('top.addTitle')}
              onClick={() => setDialog({ kind: 'add', initial: {} })}
            >
              <Icon name="plus" size={16} /> <span class="btn-label">{t('top.add')}</span>
            </button>
            <button
              type="button"
              class="icon-btn kbd-btn"
              aria-label={t('top.shortcuts')}
              title={`${t('top.shortcuts')} (?)`}
              onClick={() => setDialog({ kind: 'shortcuts' })}
            >
              <Icon name="keyboard" />
            </button>
            <button
              type="button"
              class="icon-btn"
              aria-label={t('top.settings')}
              title={t('top.settings')}
              onClick={() => setDialog({ kind: 'settings' })}
            >
              <Icon name="gear" />
            </button>
          </div>
        </header>

        <Sidebar
          source={source}
          searching={searching}
          counts={counts}
          tags={tags}
          saved={settings.saved}
          onSource={(s) => {
            setSource(s);
            setQuery('');
            setSidebarOpen(false);
          }}
          onRunSaved={(q) => {
            setQuery(q);
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
              state={search}
              cursor={cursor}
              openId={openId}
              listRef={listRef}
              onOpen={openAt}
              onMove={setCursor}
              onMore={() => runSearch(query.trim(), search.hits.length)}
              onSave={() => setDialog({ kind: 'saveSearch', query: query.trim() })}
              onClear={() => setQuery('')}
            />
          ) : (
            <>
              <div class="list-head">
                <h1 class="list-title">
                  {sourceLabel}
                  {pages.total !== null ? (
                    <span class="muted"> · {t('list.total', { n: pages.total })}</span>
                  ) : null}
                </h1>
                <label class="sort">
                  <span class="sr-only">{t('list.sort')}</span>
                  <select
                    value={settings.sort}
                    aria-label={t('list.sort')}
                    onChange={(e) =>
                      setSetting('sort', (e.currentTarget as HTMLSelectElement).value as Settings['sort'])
                    }
                  >
                    <option value="saved">{t('list.sortSaved')}</option>
                    <option value="published">{t('list.sortPublished')}</option>
                    <option value="title">{t('list.sortTitle')}</option>
                  </select>
                </label>
              </div>
              {inTrash && pages.total ? (
                <div class="trash-bar">
                  <span class="muted small">{t('list.trashHelp')}</span>
                  <button
                    type="button"
                    class="btn btn-small btn-danger"
                    onClick={() => setDialog({ kind: 'emptyTrash', count: pages.total ?? 0 })}
                  >
                    {t('list.emptyTrash')}
                  </button>
                </div>
              ) : null}
              {selected.size > 1 || (inTrash && selected.size > 0) ? (
                <div class="bulk-bar" role="toolbar" aria-label={t('list.selected', { n: selected.size })}>
                  <span class="bulk-count">{t('list.selected', { n: selected.size })}</span>
                  {inTrash ? (
                    <>
                      <button type="button" class="btn btn-small" onClick={() => void restore(selectedIds)}>
                        {t('list.bulkRestore')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-small btn-danger"
                        onClick={() => setDialog({ kind: 'purge', ids: selectedIds })}
                      >
                        {t('list.bulkPurge')}
                      </button>
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => setDialog({ kind: 'bulkTag', ids: selectedIds })}
                      >
                        {t('list.bulkTag')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => setDialog({ kind: 'bulkUntag', ids: selectedIds })}
                      >
                        {t('list.bulkUntag')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => void setStatus(selectedIds, archiveTarget)}
                      >
                        {t(archiveTarget === 'archived' ? 'list.bulkArchive' : 'list.bulkUnread')}
                      </button>
                      <button type="button" class="btn btn-small" onClick={() => void trash(selectedIds)}>
                        {t('list.bulkTrash')}
                      </button>
                    </>
                  )}
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={t('list.clear')}
                    title={t('list.clear')}
                    onClick={() => setSelected(new Set())}
                  >
                    <Icon name="close" size={16} />
                  </button>
                </div>
              ) : null}
              {pages.total === 0 ? (
                archiveEmpty && source.kind === 'view' && source.view === 'all' ? (
                  <div class="empty empty-welcome">
                    <div class="empty-art" aria-hidden="true">
                      <Icon name="bookmark" size={40} />
                    </div>
                    <h2>{t('empty.title')}</h2>
                    <p>{t('empty.body')}</p>
                    <button
                      type="button"
                      class="btn btn-primary"
                      onClick={() => setDialog({ kind: 'add', initial: {} })}
                    >
                      <Icon name="plus" size={16} /> {t('empty.add')}
                    </button>
                  </div>
                ) : (
                  <div class="empty">
                    <h2>{t('empty.view')}</h2>
                    <p>{t(emptyKey ?? 'empty.body')}</p>
                  </div>
                )
              ) : (
                <div id="article-list" class="list-wrap">
                  <ArticleList
                    pages={pages}
                    label={sourceLabel}
                    cursor={cursor}
                    selected={selected}
                    openId={openId}
                    listRef={listRef}
                    onRowClick={onRowClick}
                    onOpen={openAt}
                    onMove={(i, extend) => {
                      setCursor(i);
                      const id = idAt(i);
                      if (id === undefined) return;
                      if (extend) setSelected((s) => new Set([...s, id]));
                      else {
                        setSelected(new Set([id]));
                        anchor.current = i;
                      }
                    }}
                    onToggle={(i) => {
                      const id = idAt(i);
                      if (id === undefined) return;
                      const next = new Set(selected);
                      if (next.has(id)) next.delete(id);
                      else next.add(id);
                      setSelected(next);
                    }}
                  />
                </div>
              )}
            </>
          )}
        </main>

        <div class="reader-pane">
          {openId !== null ? (
            <Reader
              key={openId}
              id={openId}
              allTags={tags.map((x) => x.name)}
              actionsRef={readerActions}
              onClose={() => {
                setOpenId(null);
                listRef.current?.focus();
              }}
              onChanged={onChanged}
              onTrash={(ids) => void trash(ids)}
              onRestore={(ids) => void restore(ids)}
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

        {dialog?.kind === 'add' ? (
          <AddDialog
            initial={dialog.initial}
            onClose={() => setDialog(null)}
            onSaved={(article) => {
              setDialog(null);
              bump();
              setQuery('');
              setOpenId(article.id);
            }}
            onImportMany={() => setDialog({ kind: 'import', initial: [] })}
          />
        ) : null}
        {dialog?.kind === 'import' ? (
          <ImportDialog initial={dialog.initial} onClose={() => setDialog(null)} onImported={bump} />
        ) : null}
        {dialog?.kind === 'settings' ? (
          <SettingsDialog onClose={() => setDialog(null)} onReindexed={bump} />
        ) : null}
        {dialog?.kind === 'shortcuts' ? <ShortcutsDialog onClose={() => setDialog(null)} /> : null}
        {dialog?.kind === 'tag' ? (
          <TagActionDialog
            action={dialog.action}
            name={dialog.name}
            tags={tags}
            onClose={() => setDialog(null)}
            onDone={(renamedTo) => {
              setDialog(null);
              if (
                source.kind === 'tag' &&
                (source.tag === dialog.name || source.tag.startsWith(`${dialog.name}/`))
              ) {
                setSource(
                  renamedTo
                    ? { kind: 'tag', tag: renamedTo + source.tag.slice(dialog.name.length) }
                    : { kind: 'view', view: 'all' },
                );
              }
              bump();
            }}
          />
        ) : null}
        {dialog?.kind === 'bulkTag' ? (
          <PromptDialog
            id="bulk-tag-dialog"
            title={t('list.bulkTagTitle', { n: dialog.ids.length })}
            label={t('tag.label')}
            options={tags.map((x) => x.name)}
            confirm={t('tag.addButton')}
            onClose={() => setDialog(null)}
            onSubmit={async (name) => {
              await tagMany(dialog.ids, name);
              setDialog(null);
            }}
          />
        ) : null}
        {dialog?.kind === 'bulkUntag' ? (
          <PromptDialog
            id="bulk-untag-dialog"
            title={t('list.bulkUntagTitle', { n: dialog.ids.length })}
            label={t('tag.label')}
            options={[...new Set(summariesOf(dialog.ids).flatMap((s) => s.tags))].sort()}
            confirm={t('list.untagButton')}
            onClose={() => setDialog(null)}
            onSubmit={async (name) => {
              await untagMany(dialog.ids, name);
              setDialog(null);
            }}
          />
        ) : null}
        {dialog?.kind === 'purge' ? (
          <ConfirmDialog
            id="purge-dialog"
            title={t('list.purgeTitle')}
            body={t('list.purgeHelp', { n: dialog.ids.length })}
            confirm={t('list.bulkPurge')}
            danger
            onClose={() => setDialog(null)}
            onConfirm={async () => {
              const r = await api['articles.purge']({ ids: dialog.ids });
              setDialog(null);
              setSelected(new Set());
              if (openId !== null && dialog.ids.includes(openId)) setOpenId(null);
              bump();
              toast(t('toast.purged', { n: r.count }));
            }}
          />
        ) : null}
        {dialog?.kind === 'emptyTrash' ? (
          <ConfirmDialog
            id="empty-trash-dialog"
            title={t('list.emptyTrash')}
            body={t('list.emptyTrashHelp', { n: dialog.count })}
            confirm={t('list.emptyTrash')}
            danger
            onClose={() => setDialog(null)}
            onConfirm={async () => {
              const r = await api['articles.emptyTrash']({});
              setDialog(null);
              setSelected(new Set());
              if (inTrash) setOpenId(null);
              bump();
              toast(t('toast.purged', { n: r.count }));
            }}
          />
        ) : null}
        {dialog?.kind === 'saveSearch' ? (
          <PromptDialog
            id="save-search-dialog"
            title={t('search.saveTitle')}
            help={dialog.query}
            label={t('search.saveName')}
            initial={dialog.query}
            confirm={t('common.save')}
            onClose={() => setDialog(null)}
            onSubmit={async (name) => {
              setSetting('saved', [
                ...settings.saved.filter((s) => s.name !== name),
                { name, query: dialog.query },
              ]);
              setDialog(null);
              toast(t('search.saved', { name }));
            }}
          />
        ) : null}
        <Toasts items={toasts} onDismiss={dismiss} />
      </div>
    </Ctx.Provider>
  );
}

function TagActionDialog(props: {
  action: TagAction;
  name: string;
  tags: readonly Tag[];
  onClose(): void;
  onDone(renamedTo: string | null): void;
}) {
  const { api, t, toast } = useApp();
  const { action, name } = props;
  if (action === 'delete') {
    const count = props.tags.find((x) => x.name === name)?.count ?? 0;
    return (
      <ConfirmDialog
        id="tag-delete-dialog"
        title={t('tag.deleteTitle')}
        body={t('tag.deleteHelp', { name, n: count })}
        confirm={t('common.delete')}
        danger
        onClose={props.onClose}
        onConfirm={async () => {
          await api['tags.delete']({ name });
          toast(t('tag.deleted', { name }));
          props.onDone(null);
        }}
      />
    );
  }
  if (action === 'rename') {
    return (
      <PromptDialog
        id="tag-rename-dialog"
        title={t('tag.renameTitle')}
        help={t('tag.renameHelp', { name })}
        label={t('tag.newName')}
        initial={name}
        confirm={t('common.save')}
        onClose={props.onClose}
        onSubmit={async (to) => {
          if (to === name) return props.onClose();
          await api['tags.rename']({ from: name, to });
          toast(t('tag.renamed', { from: name, to }));
          props.onDone(to);
        }}
      />
    );
  }
  return (
    <PromptDialog
      id="tag-merge-dialog"
      title={t('tag.mergeTitle')}
      help={t('tag.mergeHelp', { name })}
      label={t('tag.mergeInto')}
      options={props.tags.map((x) => x.name).filter((n) => n !== name)}
      confirm={t('common.ok')}
      onClose={props.onClose}
      onSubmit={async (into) => {
        await api['tags.merge']({ from: [name], into });
        toast(t('tag.merged', { from: name, to: into }));
        props.onDone(into);
      }}
    />
  );
}
