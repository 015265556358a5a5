import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ListSortName } from '../../../shared/enums.js';
import type { ArticleSummary } from '../../../shared/schemas.js';
import type { ArticlePages } from '../hooks/useArticlePages.js';
import { useApp } from '../lib/context.js';
import { formatDate } from '../lib/format.js';
import { Icon } from './Icon.js';

/** Matches --row-h in styles/base.css. */
const ROW_HEIGHT = 118;
const OVERSCAN = 6;

/**
 * The articles of the current source as a virtualised listbox: only the rows in view (and a few around)
 * are in the DOM, their pages fetched as they come into view; arrows, Home/End, Page keys, Enter and Space
 * work on the cursor.
 */
export function ArticleList(props: {
  pages: ArticlePages;
  label: string;
  /** The date a row shows is the one the list is sorted by. */
  sort: ListSortName;
  cursor: number;
  selected: ReadonlySet<number>;
  openId: number | null;
  onRowClick(index: number, e: MouseEvent): void;
  onOpen(index: number): void;
  onMove(index: number, extend: boolean): void;
  onToggle(index: number): void;
  listRef?: { current: HTMLDivElement | null };
}) {
  const { t, lang } = useApp();
  const { pages } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  const total = pages.total ?? 0;

  const { listRef } = props;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (listRef) listRef.current = el;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [listRef]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (total > 0) pages.ensure(first, last);
  });

  // Keep the cursor row in view.
  useEffect(() => {
    const el = ref.current;
    if (!el || props.cursor < 0) return;
    const top = props.cursor * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [props.cursor]);

  const rafRef = useRef(0);
  const onScroll = () => {
    if (rafRef.current) return;
    rafRef.current = requestAnimationFrame(() => {
      rafRef.current = 0;
      if (ref.current) setScrollTop(ref.current.scrollTop);
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    let next: number | null = null;
    if (e.key === 'ArrowDown') next = props.cursor + 1;
    else if (e.key === 'ArrowUp') next = props.cursor - 1;
    else if (e.key === 'PageDown') next = props.cursor + page;
    else if (e.key === 'PageUp') next = props.cursor - page;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = total - 1;
    else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      if (props.cursor >= 0) props.onOpen(props.cursor);
      return;
    } else if (e.key === ' ') {
      e.preventDefault();
      if (props.cursor >= 0) props.onToggle(props.cursor);
      return;
    }
    if (next !== null) {
      e.preventDefault();
      props.onMove(Math.max(0, Math.min(total - 1, next)), e.shiftKey);
    }
  };

  const rows = [];
  for (let i = first; i <= last; i++) {
    const a = pages.get(i);
    const isCursor = i === props.cursor;
    if (!a) {
      rows.push(
        <div key={`s${i}`} class="row row-skeleton" style={{ top: i * ROW_HEIGHT }} aria-hidden="true">
          <div class="sk sk-title" />
          <div class="sk sk-meta" />
          <div class="sk sk-line" />
        </div>,
      );
      continue;
    }
    const selected = props.selected.has(a.id);
    const meta = [a.site, rowDate(a, props.sort), t('list.minutes', { n: a.reading_minutes })]
      .filter(Boolean)
      .join(' · ');
    rows.push(
      <div
        key={a.id}
        id={`row-${a.id}`}
        role="option"
        aria-selected={selected}
        aria-posinset={i + 1}
        aria-setsize={total}
        class={`row${selected ? ' is-selected' : ''}${isCursor ? ' is-cursor' : ''}${a.id === props.openId ? ' is-open' : ''}${a.status === 'unread' ? ' is-unread' : ''}`}
        style={{ top: i * ROW_HEIGHT }}
        onMouseDown={(e) => {
          // Shift+click selects rows, not the text between two clicks.
          if (e.shiftKey) e.preventDefault();
        }}
        onClick={(e) => props.onRowClick(i, e)}
        onDblClick={() => props.onOpen(i)}
      >
        <div class="row-title">
          <span class="row-title-text">{a.title || t('list.untitled')}</span>
          {a.favorite ? (
            <span class="row-fav" title={t('list.favorite')}>
              <Icon name="star" filled size={14} />
              <span class="sr-only">{t('list.favorite')}</span>
            </span>
          ) : null}
        </div>
        <div class="row-meta">
          <span class="row-meta-text">{meta}</span>
          {a.reading_progress > 0 ? (
            <span class="row-progress-label">
              {t('list.read', { n: Math.round(a.reading_progress * 100) })}
            </span>
          ) : null}
          {a.fetch_state ? (
            <span class={`row-fetch row-fetch-${a.fetch_state}`} title={a.fetch_error ?? undefined}>
              {t(`list.fetch.${a.fetch_state}`)}
            </span>
          ) : null}
          {a.annotation_count > 0 ? (
            <span class="row-hl" title={t('list.highlights', { n: a.annotation_count })}>
              <Icon name="highlight" size={12} /> {a.annotation_count}
              <span class="sr-only">{t('list.highlights', { n: a.annotation_count })}</span>
            </span>
          ) : null}
          {a.tags.length ? (
            <span class="row-tags">
              {a.tags.slice(0, 3).map((tag) => (
                <span class="chip chip-small" key={tag}>
                  {tag}
                </span>
              ))}
              {a.tags.length > 3 ? <span class="chip chip-small">+{a.tags.length - 3}</span> : null}
            </span>
          ) : null}
        </div>
        {a.excerpt ? <div class="row-excerpt">{a.excerpt}</div> : <div class="row-excerpt" />}
        {a.reading_progress > 0 ? (
          <div class="row-progress" aria-hidden="true">
            <div style={{ width: `${Math.round(a.reading_progress * 100)}%` }} />
          </div>
        ) : null}
      </div>,
    );
  }

  /** The date a row shows: the one the list is sorted by (the published one, when sorting by title). */
  function rowDate(a: ArticleSummary, sort: ListSortName): string {
    if (sort === 'saved') return formatDate(a.saved_at, lang);
    if (a.published_at) return formatDate(a.published_at, lang);
    return sort === 'published' ? t('list.undated') : formatDate(a.saved_at, lang);
  }

  const cursorItem = props.cursor >= 0 ? pages.get(props.cursor) : undefined;
  return (
    <div
      ref={ref}
      class="list-scroll"
      role="listbox"
      tabIndex={0}
      aria-label={props.label}
      aria-multiselectable="true"
      aria-activedescendant={cursorItem ? `row-${cursorItem.id}` : undefined}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div class="list-spacer" style={{ height: total * ROW_HEIGHT }}>
        {rows}
      </div>
    </div>
  );
}
