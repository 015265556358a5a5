import { useEffect, useRef, useState } from 'preact/hooks';
import { HIGHLIGHT_COLORS, type HighlightColorName } from '../../../shared/enums.js';
import type { Annotation } from '../../../shared/schemas.js';
import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';
import { NoteText } from './NoteText.js';

/**
 * The article's highlights beside the text (a sheet over it on a phone): each quote (a button that
 * scrolls to it; orphans, whose text is gone, are marked), its note (Markdown, shown rendered; edited in
 * place: Ctrl/⌘+Enter saves, Escape cancels), colour and delete; Markdown export and close in the head.
 */
export function HighlightsPanel(props: {
  anns: Annotation[];
  /** Drawn as a sheet over the article (phones). */
  sheet: boolean;
  onClose(): void;
  editing: number | null;
  active: number | null;
  onGoTo(id: number): void;
  onEdit(id: number | null): void;
  onSave(id: number, note: string): Promise<void>;
  onDelete(a: Annotation): void;
  onColor(id: number, color: HighlightColorName): void;
  onExport(): void;
}) {
  const { t } = useApp();
  return (
    <aside class={`hl-panel${props.sheet ? ' is-sheet' : ''}`} aria-labelledby="hl-panel-title">
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
        <button
          type="button"
          class="icon-btn"
          aria-label={t('hl.closePanel')}
          title={t('hl.closePanel')}
          onClick={props.onClose}
        >
          <Icon name="close" size={16} />
        </button>
      </div>
      {props.anns.length === 0 ? (
        <p class="muted hl-empty">{t('hl.none')}</p>
      ) : (
        <ol class="hl-list">
          {props.anns.map((a) => (
            <HighlightItem
              key={a.id}
              ann={a}
              editing={props.editing}
              active={props.active}
              onGoTo={props.onGoTo}
              onEdit={props.onEdit}
              onSave={props.onSave}
              onDelete={props.onDelete}
              onColor={props.onColor}
            />
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
  onColor(id: number, color: HighlightColorName): void;
}) {
  const { t } = useApp();
  const { ann } = props;
  const [draft, setDraft] = useState(ann.note ?? '');
  const editing = props.editing === ann.id;
  const areaRef = useRef<HTMLTextAreaElement>(null);
  // Editing starts from the saved note.
  useEffect(() => {
    if (editing) {
      setDraft(ann.note ?? '');
      areaRef.current?.focus();
      areaRef.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [editing, ann.note]);
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
            class="note-box"
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
        <NoteText text={ann.note} class="hl-note" />
      ) : null}
      {!editing ? (
        <div class="hl-actions">
          <div class="hl-colors" role="group" aria-label={t('hl.changeColor')}>
            {HIGHLIGHT_COLORS.map((c) => (
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
