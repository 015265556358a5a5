import { useEffect, useRef } from 'preact/hooks';
import type { HighlightColorName } from '../../../shared/enums.js';
import type { ArticleSummary } from '../../../shared/schemas.js';
import { useArticleActions } from '../hooks/useArticleActions.js';
import { useArticleContent } from '../hooks/useArticleContent.js';
import { useWindowTitle } from '../hooks/useDocumentLook.js';
import { useHighlightEditing } from '../hooks/useHighlightEditing.js';
import { useReaderArticle } from '../hooks/useReaderArticle.js';
import { useReadingProgress } from '../hooks/useReadingProgress.js';
import { useApp } from '../lib/context.js';
import { formatDate } from '../lib/format.js';
import { HighlightsPanel } from './HighlightsPanel.js';
import { HighlightToolbar } from './HighlightToolbar.js';
import { ReaderToolbar } from './ReaderToolbar.js';
import { TagEditor } from './TagEditor.js';

/** What the window's keys ask of the open article. */
export interface ReaderActions {
  highlight(color?: HighlightColorName): void;
  note(): void;
  tag(): void;
  archive(): void;
  favorite(): void;
}

/**
 * The open article: its toolbar, reading progress, head (site, title, meta, tags), the stored HTML with
 * highlights drawn over it, the selection toolbar and the highlights panel. The work is in the hooks:
 * loading (useReaderArticle), rendering (useArticleContent), position (useReadingProgress), highlights
 * (useHighlightEditing) and the article's own actions (useArticleActions).
 */
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
  const { api, t, lang, settings, setSetting } = useApp();
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const tagInputRef = useRef<HTMLInputElement>(null);

  const doc = useReaderArticle(api, props.id);
  const { article, anns } = doc;
  // The content goes on the page before the reading position is restored over it.
  useArticleContent(contentRef, article, anns);
  const reading = useReadingProgress(api, article, scrollRef, (s) => props.onChanged(s, false));
  const hl = useHighlightEditing({ doc, contentRef, scrollRef, onChanged: props.onChanged });
  const actions = useArticleActions({
    doc,
    onChanged: props.onChanged,
    beforeRefresh: reading.flush,
    afterRefresh: () => {
      hl.reset();
      reading.reset();
      doc.reload();
    },
  });
  useWindowTitle(article ? article.title || t('list.untitled') : null, t);

  const { actionsRef } = props;
  actionsRef.current = {
    highlight: (color) => void hl.create(color ?? 'yellow', false),
    note: () => void hl.create('yellow', true),
    tag: () => tagInputRef.current?.focus(),
    archive: () => void actions.toggleArchive(),
    favorite: () => void actions.toggleFavorite(),
  };
  useEffect(
    () => () => {
      actionsRef.current = null;
    },
    [actionsRef],
  );

  if (doc.loadError) {
    return (
      <section class="reader reader-empty" aria-label={t('reader.label')}>
        <p role="alert" class="inline-error">
          {doc.loadError}
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

  const panelOpen = settings.panel;
  const trashed = article.deleted_at !== null;
  const readerStyle = {
    '--reader-size': `${settings.fontSize}px`,
    '--reader-width': `${settings.lineWidth}em`,
    '--reader-leading': String(settings.lineHeight),
  } as Record<string, string>;
  const { progress } = reading;

  return (
    <section class={`reader${panelOpen ? ' with-panel' : ''}`} aria-label={t('reader.label')}>
      <ReaderToolbar
        article={article}
        highlightCount={anns.length}
        panelOpen={panelOpen}
        refreshing={actions.refreshing}
        onClose={props.onClose}
        onFavorite={() => void actions.toggleFavorite()}
        onArchive={() => void actions.toggleArchive()}
        onTrash={() => props.onTrash([article.id])}
        onRestore={() => props.onRestore([article.id])}
        onTogglePanel={() => setSetting('panel', !panelOpen)}
        onRefresh={() => void actions.refresh()}
      />
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
          onScroll={reading.onScroll}
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
                onAdd={(tag) => void actions.addTag(tag)}
                onRemove={(tag) => void actions.removeTag(tag)}
                inputRef={tagInputRef}
              />
            </header>
            <div
              ref={contentRef}
              class="reader-content"
              onMouseUp={() => setTimeout(hl.updateToolbar, 0)}
              onKeyUp={(e) => {
                if (e.shiftKey) hl.updateToolbar();
              }}
              onClick={hl.onContentClick}
            />
          </article>
          {hl.toolbar ? (
            <HighlightToolbar
              x={hl.toolbar.x}
              y={hl.toolbar.y}
              onHighlight={(c) => void hl.create(c, false, hl.toolbar)}
              onNote={() => void hl.create('yellow', true, hl.toolbar)}
            />
          ) : null}
        </div>
        {panelOpen ? (
          <HighlightsPanel
            anns={anns}
            editing={hl.editing}
            active={hl.active}
            onGoTo={hl.goTo}
            onEdit={hl.setEditing}
            onSave={hl.saveNote}
            onDelete={(a) => void hl.remove(a)}
            onColor={(id, c) => void hl.setColor(id, c)}
            onExport={() => void actions.exportHighlights()}
          />
        ) : null}
      </div>
    </section>
  );
}
