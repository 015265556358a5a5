import type { ArticleDetail } from '../../../shared/schemas.js';
import { useApp } from '../lib/context.js';
import { formatDate } from '../lib/format.js';
import { TagEditor } from './TagEditor.js';

/** The article's head in the reader: a trash notice, the site, the title, who and when, and its tags. */
export function ArticleHead(props: {
  article: ArticleDetail;
  allTags: readonly string[];
  tagInputRef: { current: HTMLInputElement | null };
  onAddTag(tag: string): void;
  onRemoveTag(tag: string): void;
}) {
  const { t, lang } = useApp();
  const { article } = props;
  return (
    <>
      {article.deleted_at !== null ? <p class="notice">{t('reader.inTrash')}</p> : null}
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
          onAdd={props.onAddTag}
          onRemove={props.onRemoveTag}
          inputRef={props.tagInputRef}
        />
      </header>
    </>
  );
}
