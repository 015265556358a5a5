import { useEffect, useRef, useState } from 'preact/hooks';
import type { HighlightColorName } from '../../../shared/enums.js';
import type { ArticleSummary } from '../../../shared/schemas.js';
import { useArticleActions } from '../hooks/useArticleActions.js';
import { useArticleContent } from '../hooks/useArticleContent.js';
import { useWindowTitle } from '../hooks/useDocumentLook.js';
import { useFindInArticle } from '../hooks/useFindInArticle.js';
import { useHighlightEditing } from '../hooks/useHighlightEditing.js';
import { useReaderArticle } from '../hooks/useReaderArticle.js';
import { useReadingProgress } from '../hooks/useReadingProgress.js';
import { useApp } from '../lib/context.js';
import type { FindTerm } from '../lib/find-words.js';
import { FONT_STACKS } from '../lib/settings.js';
import { ArticleHead } from './ArticleHead.js';
import { FindBar } from './FindBar.js';
import { HighlightsPanel } from './HighlightsPanel.js';
import { HighlightToolbar } from './HighlightToolbar.js';
import { ReaderToolbar } from './ReaderToolbar.js';

/** What the window's keys ask of the open article. */
export interface ReaderActions {
  highlight(color?: HighlightColorName): void;
  /** A note on the selection, or on the highlight just made. */
  note(): void;
  tag(): void;
  archive(): void;
  favorite(): void;
  /** A note is being written: single-key shortcuts must stay quiet. */
  writing(): boolean;
}

/**
 * The open article: its toolbar, reading progress, the search's words (find bar), head, the stored HTML
 * with highlights drawn over it, the selection toolbar and the highlights panel (beside the text, or a
 * sheet over it on a phone). The work is in the hooks: loading (useReaderArticle), rendering
 * (useArticleContent), position (useReadingProgress), highlights (useHighlightEditing), the search's words
 * (useFindInArticle) and the article's own actions (useArticleActions).
 */
export function Reader(props: {
  id: number;
  allTags: readonly string[];
  actionsRef: { current: ReaderActions | null };
  /** Moves on every change to the archive: what is shown about the article is refreshed. */
  version: number;
  /**
   * The highlight the address names (opened from the notebook or a link): scrolled to once the article is
   * drawn. Moving within the article leaves the address alone, so a reload comes back to the same place.
   */
  highlight: number | null;
  /** The search that opened the article, and the words it matched, to mark in the text. */
  find: { query: string; terms: readonly FindTerm[] } | null;
  phone: boolean;
  onClose(): void;
  /** An article changed; `structural` when lists/counts may need reloading (status, tags, highlights). */
  onChanged(summary: ArticleSummary, structural: boolean): void;
  onTrash(ids: number[]): void;
  onRestore(ids: number[]): void;
}) {
  const { api, t, settings, setSetting } = useApp();
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const tagInputRef = useRef<HTMLInputElement>(null);
  // On a phone the panel is a sheet opened on demand; on wider screens it stays as the user left it.
  const [sheet, setSheet] = useState(false);
  const panelOpen = props.phone ? sheet : settings.panel;
  const setPanel = (open: boolean) => (props.phone ? setSheet(open) : setSetting('panel', open));
  const [findClosed, setFindClosed] = useState(false);

  const doc = useReaderArticle(api, props.id, props.version);
  const { article, anns } = doc;
  // The content goes on the page before the reading position is restored over it.
  useArticleContent(contentRef, article, anns, (alt) =>
    alt ? t('reader.imageMissingAlt', { alt }) : t('reader.imageMissing'),
  );
  const actions = useArticleActions({
    doc,
    onChanged: props.onChanged,
    beforeRefresh: () => reading.flush(),
    afterRefresh: () => {
      hl.reset();
      reading.reset();
      doc.reload();
    },
  });
  const reading = useReadingProgress(
    api,
    article,
    scrollRef,
    (s) => props.onChanged(s, false),
    actions.finish,
  );
  const hl = useHighlightEditing({
    doc,
    contentRef,
    scrollRef,
    onChanged: props.onChanged,
    showPanel: () => setPanel(true),
  });
  const find = useFindInArticle({
    contentRef,
    scrollRef,
    html: article?.content_html ?? null,
    anns,
    terms: props.find && !findClosed ? props.find.terms : [],
  });
  useWindowTitle(article ? article.title || t('list.untitled') : null, t);

  // The highlight in the address: shown once the article and its highlights are drawn.
  const shownFor = useRef<number | null>(null);
  const { highlight } = props;
  useEffect(() => {
    if (highlight === null || !article || shownFor.current === highlight) return;
    if (!anns.some((a) => a.id === highlight)) return;
    shownFor.current = highlight;
    // After the saved reading position is put back (a scroll of ours ends that restoring).
    requestAnimationFrame(() => hl.goTo(highlight, false));
  }, [highlight, article, anns, hl]);

  const { actionsRef } = props;
  actionsRef.current = {
    highlight: (color) => void hl.create(color ?? 'yellow', false),
    note: hl.noteOrEdit,
    tag: () => tagInputRef.current?.focus(),
    archive: () => void actions.toggleArchive(),
    favorite: () => void actions.toggleFavorite(),
    writing: () => hl.editing !== null,
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

  const readerStyle = {
    '--reader-size': `${settings.fontSize}px`,
    '--reader-width': `${settings.lineWidth}em`,
    '--reader-leading': String(settings.lineHeight),
    '--read-font': FONT_STACKS[settings.font],
  } as Record<string, string>;
  const { progress } = reading;

  return (
    <section class={`reader${panelOpen ? ' with-panel' : ''}`} aria-label={t('reader.label')}>
      <ReaderToolbar
        article={article}
        highlightCount={anns.length}
        panelOpen={panelOpen}
        refreshing={actions.refreshing}
        focus={settings.focus}
        onClose={props.onClose}
        onFavorite={() => void actions.toggleFavorite()}
        onArchive={() => void actions.toggleArchive()}
        onTrash={() => props.onTrash([article.id])}
        onRestore={() => props.onRestore([article.id])}
        onTogglePanel={() => setPanel(!panelOpen)}
        onToggleFocus={() => setSetting('focus', !settings.focus)}
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
      {props.find && props.find.terms.length && !findClosed ? (
        <FindBar query={props.find.query} find={find} onClose={() => setFindClosed(true)} />
      ) : null}
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
            <ArticleHead
              article={article}
              allTags={props.allTags}
              tagInputRef={tagInputRef}
              onAddTag={(tag) => void actions.addTag(tag)}
              onRemoveTag={(tag) => void actions.removeTag(tag)}
            />
            <div
              ref={contentRef}
              class="reader-content"
              onPointerUp={() => setTimeout(hl.updateToolbar, 0)}
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
              below={hl.toolbar.below}
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
            sheet={props.phone}
            onClose={() => setPanel(false)}
            onGoTo={(id) => {
              hl.goTo(id);
              if (props.phone) setSheet(false);
            }}
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
