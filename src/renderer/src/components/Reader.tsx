import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import DOMPurify from 'dompurify';
import type { Annotation, ArticleDetail, ArticleSummary } from '../../../shared/schemas.js';
import { KhoError } from '../../../shared/errors.js';
import { rangeToTextOffsets, textFromDom, type TextModelNode } from '../../../shared/text-model.js';
import { isElectron } from '../../api.js';
import { useApp } from '../lib/context.js';
import { formatDate, newJobId } from '../lib/format.js';
import { withJobProgress } from '../lib/jobs.js';
import { HL_COLORS, paintHighlights, type HlColor } from '../lib/highlights.js';
import { Icon } from './Dialog.js';
import { DisplaySettings } from './DisplaySettings.js';
import { TagEditor } from './TagEditor.js';

export interface ReaderActions {
  highlight(color?: HlColor): void;
  note(): void;
  tag(): void;
  archive(): void;
  favorite(): void;
}

interface Selected {
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

const ASSET_PREFIX = 'kho-asset:';

/** DOMPurify's default URI rule, plus our archived-image scheme. */
const READER_URI_RE = /^(?:(?:https?|mailto|tel|kho-asset):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/**
 * Turns stored article HTML into reader DOM: archived images point at the asset route (in a browser)
 * or stay on the kho-asset: protocol (in Electron), and links open outside the app.
 * Capture already stores allowlist-sanitised HTML; DOMPurify here is the second line, in the one place
 * with a real DOM, so HTML from an older Kho or a future importer never reaches the page unchecked.
 * It keeps clean markup unchanged, so text offsets (annotations) are unaffected.
 */
function prepareContent(html: string): DocumentFragment {
  const tpl = document.createElement('template');
  tpl.content.append(
    DOMPurify.sanitize(html, {
      RETURN_DOM_FRAGMENT: true,
      ALLOWED_URI_REGEXP: READER_URI_RE,
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
      FORBID_ATTR: ['style'],
    }),
  );
  const electron = isElectron();
  const rewrite = (url: string) =>
    !electron && url.startsWith(ASSET_PREFIX) ? `/asset/${url.slice(ASSET_PREFIX.length)}` : url;
  tpl.content.querySelectorAll('img').forEach((img) => {
    const src = img.getAttribute('src');
    if (src) img.setAttribute('src', rewrite(src));
    const srcset = img.getAttribute('srcset');
    if (srcset)
      img.setAttribute(
        'srcset',
        srcset
          .split(',')
          .map((part) => part.trim().replace(/^(\S+)/, (u) => rewrite(u)))
          .join(', '),
      );
    img.setAttribute('loading', 'lazy');
    img.setAttribute('decoding', 'async');
    if (!img.hasAttribute('alt')) img.setAttribute('alt', '');
  });
  tpl.content.querySelectorAll('a[href]').forEach((a) => {
    const href = a.getAttribute('href') ?? '';
    if (/^https?:/i.test(href)) {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return tpl.content;
}

function sortAnnotations(list: Annotation[]): Annotation[] {
  return [...list].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'anchored' ? -1 : 1;
    return (a.start ?? 0) - (b.start ?? 0) || a.id - b.id;
  });
}

export function Reader(props: {
  id: number;
  allTags: readonly string[];
  actionsRef: { current: ReaderActions | null };
  onClose(): void;
  /** An article changed; `structural` when lists/counts may need reloading (status, tags, highlights). */
  onChanged(summary: ArticleSummary, structural: boolean): void;
  onTrash(ids: number[]): void;
  onRestore(ids: number[]): void;
}) {
  const { api, t, lang, settings, setSetting, toast, fail } = useApp();
  const [article, setArticle] = useState<ArticleDetail | null>(null);
  const [anns, setAnns] = useState<Annotation[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [toolbar, setToolbar] = useState<(Selected & { x: number; y: number }) | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [activeHl, setActiveHl] = useState<number | null>(null);
  const [display, setDisplay] = useState(false);
  const [progress, setProgress] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const tagInputRef = useRef<HTMLInputElement>(null);
  const restoring = useRef(false);
  const restoredTop = useRef(0);
  const pendingProgress = useRef<{ id: number; value: number } | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const articleRef = useRef<ArticleDetail | null>(null);
  articleRef.current = article;
  const onChangedRef = useRef(props.onChanged);
  onChangedRef.current = props.onChanged;
  const panelOpen = settings.panel;

  // Load the article and its highlights.
  useEffect(() => {
    let live = true;
    setArticle(null);
    setAnns([]);
    setLoadError(null);
    setToolbar(null);
    setEditing(null);
    Promise.all([
      api['articles.get']({ id: props.id }),
      api['annotations.list']({ article_id: props.id }),
    ]).then(
      ([a, list]) => {
        if (!live) return;
        setArticle(a);
        setAnns(sortAnnotations(list.items));
        setProgress(a.reading_progress);
      },
      (err: unknown) => {
        if (live) setLoadError(KhoError.from(err).message);
      },
    );
    return () => {
      live = false;
    };
  }, [props.id, api, reloadKey]);

  // Reading progress: saved a second after scrolling stops, and when leaving the article.
  const flushProgress = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    const pending = pendingProgress.current;
    pendingProgress.current = null;
    if (!pending) return;
    api['articles.update']({ ids: [pending.id], reading_progress: pending.value }).then(
      (r) => {
        const s = r.items[0];
        if (s) onChangedRef.current(s, false);
      },
      () => {
        // Progress is a convenience; failing to save it must not interrupt reading.
      },
    );
  }, [api]);
  useEffect(() => flushProgress, [props.id, flushProgress]);
  useEffect(() => {
    window.addEventListener('beforeunload', flushProgress);
    return () => window.removeEventListener('beforeunload', flushProgress);
  }, [flushProgress]);

  const onScroll = () => {
    const el = scrollRef.current;
    const a = articleRef.current;
    if (!el || !a) return;
    const max = el.scrollHeight - el.clientHeight;
    const p = max <= 0 ? 1 : Math.min(1, Math.max(0, el.scrollTop / max));
    setProgress(p);
    // Scroll events caused by restoring the saved position are not reading.
    if (restoring.current && Math.abs(el.scrollTop - restoredTop.current) < 2) return;
    restoring.current = false;
    const value = p > 0.98 ? 1 : Math.round(p * 1000) / 1000;
    if (Math.abs(value - a.reading_progress) < 0.005 && !pendingProgress.current) return;
    pendingProgress.current = { id: a.id, value };
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(flushProgress, 1000);
  };

  // Render the content once per article version, then restore the reading position.
  useLayoutEffect(() => {
    const el = contentRef.current;
    if (!el || !article) return;
    el.replaceChildren(prepareContent(article.content_html));
    paintHighlights(el, anns);
    const scroller = scrollRef.current;
    if (scroller) {
      restoring.current = true;
      const restore = () => {
        if (!restoring.current) return; // the reader already scrolled
        const max = scroller.scrollHeight - scroller.clientHeight;
        scroller.scrollTop = article.reading_progress >= 1 ? 0 : article.reading_progress * max;
        restoredTop.current = scroller.scrollTop;
      };
      restore();
      requestAnimationFrame(restore);
      // Images load later and change the height: keep the position until the reader scrolls.
      const timer = setTimeout(restore, 500);
      return () => clearTimeout(timer);
    }
  }, [article?.id, article?.content_html]);

  // The display popover closes on a click elsewhere.
  const displayRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!display) return;
    const onDown = (e: MouseEvent) => {
      if (displayRef.current && !displayRef.current.contains(e.target as Node)) setDisplay(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [display]);

  // The window title follows the open article.
  useEffect(() => {
    if (!article) return;
    const previous = document.title;
    document.title = `${article.title || t('list.untitled')} — ${t('app.name')}`;
    return () => {
      document.title = previous;
    };
  }, [article?.title, t]);

  // Redraw highlights when they change.
  useLayoutEffect(() => {
    if (contentRef.current && article) paintHighlights(contentRef.current, anns);
  }, [anns]);

  useLayoutEffect(() => {
    if (!activeHl || !contentRef.current) return;
    contentRef.current.querySelectorAll('mark.is-active').forEach((m) => m.classList.remove('is-active'));
    contentRef.current
      .querySelectorAll(`mark.kho-hl[data-ids~="${activeHl}"]`)
      .forEach((m) => m.classList.add('is-active'));
  }, [activeHl, anns]);

  /** The reader selection as offsets into content_text, or null. */
  const readSelection = (): (Selected & { rect: DOMRect }) | null => {
    const content = contentRef.current;
    const sel = window.getSelection();
    if (!content || !sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    if (!content.contains(range.startContainer) || !content.contains(range.endContainer)) return null;
    const model = textFromDom(content as unknown as TextModelNode);
    const { start, end } = rangeToTextOffsets(
      model,
      range as unknown as Parameters<typeof rangeToTextOffsets>[1],
    );
    if (end <= start) return null;
    const text = model.text;
    return {
      start,
      end,
      quote: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 32), start),
      suffix: text.slice(end, end + 32),
      rect: range.getBoundingClientRect(),
    };
  };

  const updateToolbar = () => {
    const s = readSelection();
    const host = scrollRef.current;
    if (!s || !host) {
      setToolbar(null);
      return;
    }
    const hr = host.getBoundingClientRect();
    const x = Math.min(Math.max(s.rect.left + s.rect.width / 2 - hr.left, 150), hr.width - 150);
    const y = s.rect.top - hr.top + host.scrollTop;
    setToolbar({ start: s.start, end: s.end, quote: s.quote, prefix: s.prefix, suffix: s.suffix, x, y });
  };

  useEffect(() => {
    const onChange = () => {
      const sel = window.getSelection();
      if (!sel || sel.isCollapsed) setToolbar(null);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  const createHighlight = async (color: HlColor, withNote: boolean, sel?: Selected | null) => {
    const a = articleRef.current;
    const s = sel ?? readSelection();
    if (!a) return;
    if (!s) {
      toast(t('hl.selectFirst'));
      return;
    }
    try {
      let created: Annotation;
      try {
        created = await api['annotations.create']({
          article_id: a.id,
          start: s.start,
          end: s.end,
          quote: s.quote,
          color,
        });
      } catch (err) {
        // The rendered text and the stored text disagree: let the archive anchor by quote and context.
        if (KhoError.from(err).code !== 'CONFLICT') throw err;
        created = await api['annotations.create']({
          article_id: a.id,
          quote: s.quote,
          prefix: s.prefix,
          suffix: s.suffix,
          color,
        });
      }
      window.getSelection()?.removeAllRanges();
      setToolbar(null);
      setAnns((list) => sortAnnotations([...list, created]));
      setActiveHl(created.id);
      if (withNote) {
        if (!settings.panel) setSetting('panel', true);
        setEditing(created.id);
      }
      props.onChanged({ ...a, annotation_count: a.annotation_count + 1 }, true);
    } catch (err) {
      fail(err);
    }
  };

  const updateSummary = (s: ArticleSummary | undefined, structural: boolean) => {
    if (!s) return;
    setArticle((cur) => (cur && cur.id === s.id ? { ...cur, ...s } : cur));
    props.onChanged(s, structural);
  };

  /**
   * One change to the open article: `change` runs against the article as it was, the result updates the
   * reader and the list, and `message` (with `undo`, another change, as its action) is shown as a toast.
   */
  const changeArticle = async (
    change: (a: ArticleDetail) => Promise<{ items: ArticleSummary[] }>,
    message?: (a: ArticleDetail) => string,
    undo?: (a: ArticleDetail) => Promise<{ items: ArticleSummary[] }>,
  ) => {
    const a = articleRef.current;
    if (!a) return;
    try {
      const r = await change(a);
      updateSummary(r.items[0], true);
      if (!message) return;
      toast(
        message(a),
        undo
          ? {
              action: {
                label: t('toast.undo'),
                run: async () => updateSummary((await undo(a)).items[0], true),
              },
            }
          : {},
      );
    } catch (err) {
      fail(err);
    }
  };

  const toggleFavorite = () =>
    changeArticle(
      (a) => api['articles.update']({ ids: [a.id], favorite: !a.favorite }),
      (a) => t(a.favorite ? 'toast.unfavorited' : 'toast.favorited'),
    );

  const toggleArchive = () =>
    changeArticle(
      (a) => api['articles.update']({ ids: [a.id], status: a.status === 'archived' ? 'unread' : 'archived' }),
      (a) => t(a.status === 'archived' ? 'toast.unread' : 'toast.archived', { n: 1 }),
      (a) => api['articles.update']({ ids: [a.id], status: a.status }),
    );

  const addTag = (tag: string) => changeArticle((a) => api['tags.attach']({ ids: [a.id], tags: [tag] }));
  const removeTag = (tag: string) =>
    changeArticle(
      (a) => api['tags.detach']({ ids: [a.id], tags: [tag] }),
      () => t('toast.untagged', { tag }),
      (a) => api['tags.attach']({ ids: [a.id], tags: [tag] }),
    );

  const saveNote = async (id: number, note: string) => {
    try {
      const updated = await api['annotations.update']({ id, note: note.trim() ? note : null });
      setAnns((list) => sortAnnotations(list.map((x) => (x.id === id ? updated : x))));
      setEditing(null);
    } catch (err) {
      fail(err);
    }
  };

  const setColor = async (id: number, color: HlColor) => {
    try {
      const updated = await api['annotations.update']({ id, color });
      setAnns((list) => sortAnnotations(list.map((x) => (x.id === id ? updated : x))));
    } catch (err) {
      fail(err);
    }
  };

  const deleteHighlight = async (ann: Annotation) => {
    const a = articleRef.current;
    try {
      await api['annotations.delete']({ id: ann.id });
      setAnns((list) => list.filter((x) => x.id !== ann.id));
      if (a) props.onChanged({ ...a, annotation_count: Math.max(0, a.annotation_count - 1) }, true);
      toast(t('hl.deleted'), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            const back = await api['annotations.create']({
              article_id: ann.article_id,
              ...(ann.status === 'anchored' && ann.start !== null && ann.end !== null
                ? { start: ann.start, end: ann.end }
                : { quote: ann.exact, prefix: ann.prefix, suffix: ann.suffix }),
              color: ann.color,
              note: ann.note,
              tags: ann.tags,
            });
            setAnns((list) => sortAnnotations([...list, back]));
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };

  const refresh = async () => {
    const a = articleRef.current;
    if (!a || refreshing) return;
    flushProgress();
    setRefreshing(true);
    const jobId = newJobId('refresh');
    try {
      const r = await withJobProgress(
        api,
        jobId,
        () => api['articles.refresh']({ id: a.id, job_id: jobId }),
        () => undefined,
      );
      const { anchored, orphaned } = r.annotations;
      toast(
        anchored + orphaned > 0 ? t('reader.refreshed', { anchored, orphaned }) : t('reader.refreshedPlain'),
      );
      props.onChanged(r.article, true);
      setReloadKey((k) => k + 1);
    } catch (err) {
      fail(err);
    } finally {
      setRefreshing(false);
    }
  };

  const goTo = (id: number) => {
    setActiveHl(id);
    const mark = contentRef.current?.querySelector<HTMLElement>(`#kho-hl-${id}`);
    mark?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  const exportHighlights = async () => {
    const a = articleRef.current;
    if (!a) return;
    try {
      const r = await api['export.annotations']({ format: 'markdown', article_id: a.id });
      const url = URL.createObjectURL(new Blob([r.content], { type: r.mime }));
      const link = document.createElement('a');
      link.href = url;
      link.download = r.filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 5000);
      toast(t('toast.exported', { name: r.filename }));
    } catch (err) {
      fail(err);
    }
  };

  props.actionsRef.current = {
    highlight: (color) => void createHighlight(color ?? 'yellow', false),
    note: () => void createHighlight('yellow', true),
    tag: () => tagInputRef.current?.focus(),
    archive: () => void toggleArchive(),
    favorite: () => void toggleFavorite(),
  };
  useEffect(
    () => () => {
      props.actionsRef.current = null;
    },
    [],
  );

  if (loadError) {
    return (
      <section class="reader reader-empty" aria-label={t('reader.label')}>
        <p role="alert" class="inline-error">
          {loadError}
        </p>
        <button type="button" class="btn" onClick={props.onClose}>
          {t('reader.close')}
        </button>
      </section>
    );
  }
  if (!article) {
    return (
      <section class="reader reader-empty" aria-label={t('reader.label')} aria-busy="true">
        <p class="muted">{t('reader.loading')}</p>
      </section>
    );
  }

  const trashed = article.deleted_at !== null;
  const readerStyle = {
    '--reader-size': `${settings.fontSize}px`,
    '--reader-width': `${settings.lineWidth}em`,
    '--reader-leading': String(settings.lineHeight),
  } as Record<string, string>;

  return (
    <section class={`reader${panelOpen ? ' with-panel' : ''}`} aria-label={t('reader.label')}>
      <div class="reader-bar" role="toolbar" aria-label={t('reader.label')}>
        <button
          type="button"
          class="icon-btn reader-back"
          aria-label={t('reader.close')}
          title={t('reader.close')}
          onClick={props.onClose}
        >
          <Icon name="back" />
        </button>
        <div class="reader-bar-spacer" />
        {trashed ? (
          <button type="button" class="btn btn-small" onClick={() => props.onRestore([article.id])}>
            <Icon name="restore" size={16} /> {t('reader.restore')}
          </button>
        ) : (
          <>
            <button
              type="button"
              class={`icon-btn${article.favorite ? ' is-on' : ''}`}
              aria-pressed={article.favorite}
              aria-label={t('reader.favorite')}
              title={`${t(article.favorite ? 'reader.unfavorite' : 'reader.favorite')} (f)`}
              onClick={() => void toggleFavorite()}
            >
              <Icon name="star" filled={article.favorite} />
            </button>
            <button
              type="button"
              class={`icon-btn${article.status === 'archived' ? ' is-on' : ''}`}
              aria-pressed={article.status === 'archived'}
              aria-label={t('reader.archive')}
              title={`${t(article.status === 'archived' ? 'reader.unarchive' : 'reader.archive')} (a)`}
              onClick={() => void toggleArchive()}
            >
              <Icon name="archive" />
            </button>
            <button
              type="button"
              class="icon-btn"
              aria-label={t('reader.trash')}
              title={t('reader.trash')}
              onClick={() => props.onTrash([article.id])}
            >
              <Icon name="trash" />
            </button>
          </>
        )}
        <div class="popover-anchor" ref={displayRef}>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('reader.display')}
            title={t('reader.display')}
            aria-expanded={display}
            aria-controls="display-popover"
            onClick={() => setDisplay(!display)}
          >
            <span class="aa" aria-hidden="true">
              Aa
            </span>
          </button>
          {display ? (
            <div
              class="popover display-popover"
              id="display-popover"
              role="dialog"
              aria-label={t('reader.display')}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setDisplay(false);
                }
              }}
            >
              <DisplaySettings />
            </div>
          ) : null}
        </div>
        <button
          type="button"
          class={`icon-btn${panelOpen ? ' is-on' : ''}`}
          aria-pressed={panelOpen}
          aria-label={anns.length ? `${t('reader.highlights')} ${anns.length}` : t('reader.highlights')}
          title={t('reader.highlights')}
          onClick={() => setSetting('panel', !panelOpen)}
        >
          <Icon name="highlight" />
          {anns.length ? <span class="badge">{anns.length}</span> : null}
        </button>
        {article.source_kind === 'url' && article.url && /^https?:/i.test(article.url) && !trashed ? (
          <button
            type="button"
            class="icon-btn"
            aria-label={t('reader.refresh')}
            title={t('reader.refresh')}
            disabled={refreshing}
            aria-busy={refreshing}
            onClick={() => void refresh()}
          >
            <Icon name="restore" />
          </button>
        ) : null}
        {article.url ? (
          <a
            class="btn btn-small"
            href={article.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('reader.original')}
            title={t('reader.originalTitle')}
          >
            <Icon name="external" size={16} /> <span class="btn-label">{t('reader.original')}</span>
          </a>
        ) : null}
      </div>
      <div
        class="reader-progress"
        role="progressbar"
        aria-label={t('reader.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
      >
        <div style={{ width: `${progress * 100}%` }} />
      </div>
      <div class="reader-main">
        <div
          class="reader-scroll"
          ref={scrollRef}
          onScroll={onScroll}
          style={readerStyle}
          tabIndex={0}
          role="region"
          aria-label={article.title || t('list.untitled')}
        >
          <article class="reader-article" lang={article.lang ?? undefined}>
            {trashed ? <p class="notice">{t('reader.inTrash')}</p> : null}
            <header class="reader-head">
              {article.site ? <p class="reader-site">{article.site}</p> : null}
              <h1 class="reader-title">{article.title || t('list.untitled')}</h1>
              <p class="reader-meta">
                {[
                  article.byline ? t('reader.by', { name: article.byline }) : null,
                  article.published_at
                    ? t('reader.published', { date: formatDate(article.published_at, lang) })
                    : null,
                  t('reader.minutes', { n: article.reading_minutes }),
                  t('reader.words', { n: article.word_count }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <TagEditor
                tags={article.tags}
                allTags={props.allTags}
                onAdd={(tag) => void addTag(tag)}
                onRemove={(tag) => void removeTag(tag)}
                inputRef={tagInputRef}
              />
            </header>
            <div
              ref={contentRef}
              class="reader-content"
              onMouseUp={() => setTimeout(updateToolbar, 0)}
              onKeyUp={(e) => {
                if (e.shiftKey) updateToolbar();
              }}
              onClick={(e) => {
                const mark = (e.target as HTMLElement).closest?.('mark.kho-hl') as HTMLElement | null;
                if (!mark || !window.getSelection()?.isCollapsed) return;
                const ids = (mark.dataset.ids ?? '').split(' ').map(Number).filter(Boolean);
                const id = ids[ids.length - 1];
                if (!id) return;
                setActiveHl(id);
                if (!settings.panel) setSetting('panel', true);
                setTimeout(
                  () => document.getElementById(`hl-item-${id}`)?.scrollIntoView({ block: 'nearest' }),
                  0,
                );
              }}
            />
          </article>
          {toolbar ? (
            <div
              class="hl-toolbar"
              role="toolbar"
              aria-label={t('hl.toolbar')}
              style={{ left: toolbar.x, top: Math.max(0, toolbar.y - 52) }}
              onMouseDown={(e) => e.preventDefault()}
            >
              {HL_COLORS.map((c) => (
                <button
                  key={c}
                  type="button"
                  class={`swatch swatch-${c}`}
                  aria-label={t('hl.with', { color: t(`hl.color.${c}`) })}
                  title={t('hl.with', { color: t(`hl.color.${c}`) })}
                  onClick={() => void createHighlight(c, false, toolbar)}
                />
              ))}
              <span class="hl-toolbar-sep" aria-hidden="true" />
              <button
                type="button"
                class="btn btn-small btn-ghost"
                title={t('hl.noteTitle')}
                onClick={() => void createHighlight('yellow', true, toolbar)}
              >
                <Icon name="note" size={14} /> {t('hl.note')}
              </button>
            </div>
          ) : null}
        </div>
        {panelOpen ? (
          <HighlightsPanel
            anns={anns}
            editing={editing}
            active={activeHl}
            onGoTo={goTo}
            onEdit={setEditing}
            onSave={saveNote}
            onDelete={(a) => void deleteHighlight(a)}
            onColor={(id, c) => void setColor(id, c)}
            onExport={() => void exportHighlights()}
          />
        ) : null}
      </div>
    </section>
  );
}

function HighlightsPanel(props: {
  anns: Annotation[];
  editing: number | null;
  active: number | null;
  onGoTo(id: number): void;
  onEdit(id: number | null): void;
  onSave(id: number, note: string): Promise<void>;
  onDelete(a: Annotation): void;
  onColor(id: number, color: HlColor): void;
  onExport(): void;
}) {
  const { t } = useApp();
  return (
    <aside class="hl-panel" aria-labelledby="hl-panel-title">
      <div class="hl-panel-head">
        <h2 id="hl-panel-title">{t('hl.panel')}</h2>
        {props.anns.length ? (
          <button
            type="button"
            class="icon-btn"
            aria-label={t('reader.export')}
            title={t('reader.export')}
            onClick={props.onExport}
          >
            <Icon name="download" size={16} />
          </button>
        ) : null}
      </div>
      {props.anns.length === 0 ? (
        <p class="muted hl-empty">{t('hl.none')}</p>
      ) : (
        <ol class="hl-list">
          {props.anns.map((a) => (
            <HighlightItem key={a.id} ann={a} {...props} />
          ))}
        </ol>
      )}
    </aside>
  );
}

function HighlightItem(props: {
  ann: Annotation;
  editing: number | null;
  active: number | null;
  onGoTo(id: number): void;
  onEdit(id: number | null): void;
  onSave(id: number, note: string): Promise<void>;
  onDelete(a: Annotation): void;
  onColor(id: number, color: HlColor): void;
}) {
  const { t } = useApp();
  const { ann } = props;
  const [draft, setDraft] = useState(ann.note ?? '');
  const editing = props.editing === ann.id;
  const areaRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (editing) {
      setDraft(ann.note ?? '');
      areaRef.current?.focus();
      areaRef.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [editing]);
  const orphan = ann.status === 'orphan';
  const quote = ann.exact.length > 280 ? `${ann.exact.slice(0, 280)}…` : ann.exact;
  return (
    <li
      id={`hl-item-${ann.id}`}
      class={`hl-item hl-item-${ann.color}${orphan ? ' is-orphan' : ''}${props.active === ann.id ? ' is-active' : ''}`}
    >
      {orphan ? (
        <p class="hl-orphan" title={t('hl.orphanHelp')}>
          {t('hl.orphan')}
        </p>
      ) : null}
      {orphan ? (
        <blockquote class="hl-quote">{quote}</blockquote>
      ) : (
        <button
          type="button"
          class="hl-quote"
          aria-label={t('hl.goTo', { quote: quote.slice(0, 80) })}
          onClick={() => props.onGoTo(ann.id)}
        >
          {quote}
        </button>
      )}
      {editing ? (
        <form
          class="hl-note-form"
          onSubmit={(e) => {
            e.preventDefault();
            void props.onSave(ann.id, draft);
          }}
        >
          <label class="sr-only" for={`note-${ann.id}`}>
            {t('hl.noteLabel')}
          </label>
          <textarea
            id={`note-${ann.id}`}
            ref={areaRef}
            rows={3}
            value={draft}
            onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                props.onEdit(null);
              } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void props.onSave(ann.id, draft);
              }
            }}
          />
          <div class="row-actions">
            <button type="submit" class="btn btn-small btn-primary">
              {t('hl.save')}
            </button>
            <button type="button" class="btn btn-small" onClick={() => props.onEdit(null)}>
              {t('hl.cancel')}
            </button>
          </div>
        </form>
      ) : ann.note ? (
        <p class="hl-note">{ann.note}</p>
      ) : null}
      {!editing ? (
        <div class="hl-actions">
          <div class="hl-colors" role="group" aria-label={t('hl.changeColor')}>
            {HL_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                class={`swatch swatch-mini swatch-${c}`}
                aria-pressed={ann.color === c}
                aria-label={t(`hl.color.${c}`)}
                title={t(`hl.color.${c}`)}
                onClick={() => props.onColor(ann.id, c)}
              />
            ))}
          </div>
          <button type="button" class="btn btn-small btn-ghost" onClick={() => props.onEdit(ann.id)}>
            <Icon name="pen" size={14} /> {t(ann.note ? 'hl.editNote' : 'hl.addNote')}
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('hl.delete')}
            title={t('hl.delete')}
            onClick={() => props.onDelete(ann)}
          >
            <Icon name="trash" size={14} />
          </button>
        </div>
      ) : null}
    </li>
  );
}
