import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { HighlightColorName } from '../../../shared/enums.js';
import { KhoError } from '../../../shared/errors.js';
import type { Annotation, ArticleSummary } from '../../../shared/schemas.js';
import { rangeToTextOffsets, textFromDom, type TextModelNode } from '../../../shared/text-model.js';
import { useApp } from '../lib/context.js';
import { sortAnnotations } from '../lib/highlights.js';
import type { ReaderArticle } from './useReaderArticle.js';

/** A selection in the article as offsets into content_text, with context for anchoring by quote. */
export interface TextSelection {
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

/** Where the selection toolbar floats, in the scroller's coordinates. */
export type ToolbarAt = TextSelection & { x: number; y: number };

/** Characters of context kept on each side of a quote. */
const CONTEXT = 32;
/** The toolbar's half width, so it stays inside the reader. */
const TOOLBAR_HALF = 150;

/**
 * Making and changing highlights: the toolbar over a selection, creating a highlight (falling back to
 * anchoring by quote when the rendered text and the stored text disagree), notes, colours, deleting with
 * undo, and which highlight is active (marked in the text and the panel).
 */
export function useHighlightEditing(opts: {
  doc: ReaderArticle;
  contentRef: { current: HTMLElement | null };
  scrollRef: { current: HTMLElement | null };
  /** The article's annotation count changed. */
  onChanged(summary: ArticleSummary, structural: boolean): void;
}) {
  const { api, t, settings, setSetting, toast, fail } = useApp();
  const { doc, contentRef, scrollRef } = opts;
  const { article, anns, setAnns } = doc;
  const [toolbar, setToolbar] = useState<ToolbarAt | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [active, setActive] = useState<number | null>(null);

  useLayoutEffect(() => {
    const root = contentRef.current;
    if (!active || !root) return;
    root.querySelectorAll('mark.is-active').forEach((m) => m.classList.remove('is-active'));
    root.querySelectorAll(`mark.kho-hl[data-ids~="${active}"]`).forEach((m) => m.classList.add('is-active'));
  }, [contentRef, active, anns]);

  useEffect(() => {
    const onChange = () => {
      const sel = window.getSelection();
      if (!sel || sel.isCollapsed) setToolbar(null);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  /** The reader selection as offsets into content_text, or null. */
  const readSelection = (): (TextSelection & { rect: DOMRect }) | null => {
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
      prefix: text.slice(Math.max(0, start - CONTEXT), start),
      suffix: text.slice(end, end + CONTEXT),
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
    const x = Math.min(
      Math.max(s.rect.left + s.rect.width / 2 - hr.left, TOOLBAR_HALF),
      hr.width - TOOLBAR_HALF,
    );
    const y = s.rect.top - hr.top + host.scrollTop;
    setToolbar({ start: s.start, end: s.end, quote: s.quote, prefix: s.prefix, suffix: s.suffix, x, y });
  };

  const showPanel = () => {
    if (!settings.panel) setSetting('panel', true);
  };

  const create = async (color: HighlightColorName, withNote: boolean, sel?: TextSelection | null) => {
    const a = article;
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
      setActive(created.id);
      if (withNote) {
        showPanel();
        setEditing(created.id);
      }
      opts.onChanged({ ...a, annotation_count: a.annotation_count + 1 }, true);
    } catch (err) {
      fail(err);
    }
  };

  const saveNote = async (id: number, note: string) => {
    try {
      const updated = await api['annotations.update']({ id, note: note.trim() ? note : null });
      setAnns((list) => sortAnnotations(list.map((x) => (x.id === id ? updated : x))));
      setEditing(null);
    } catch (err) {
      fail(err);
    }
  };

  const setColor = async (id: number, color: HighlightColorName) => {
    try {
      const updated = await api['annotations.update']({ id, color });
      setAnns((list) => sortAnnotations(list.map((x) => (x.id === id ? updated : x))));
    } catch (err) {
      fail(err);
    }
  };

  const remove = async (ann: Annotation) => {
    const a = article;
    try {
      await api['annotations.delete']({ id: ann.id });
      setAnns((list) => list.filter((x) => x.id !== ann.id));
      if (a) opts.onChanged({ ...a, annotation_count: Math.max(0, a.annotation_count - 1) }, true);
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

  /** From the panel: scroll the highlight into view. */
  const goTo = (id: number) => {
    setActive(id);
    const mark = contentRef.current?.querySelector<HTMLElement>(`#kho-hl-${id}`);
    mark?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  /** A click on a highlight in the text: make it active and show it in the panel. */
  const onContentClick = (e: MouseEvent) => {
    const mark = (e.target as HTMLElement).closest?.('mark.kho-hl') as HTMLElement | null;
    if (!mark || !window.getSelection()?.isCollapsed) return;
    const ids = (mark.dataset.ids ?? '').split(' ').map(Number).filter(Boolean);
    const id = ids[ids.length - 1];
    if (!id) return;
    setActive(id);
    showPanel();
    setTimeout(() => document.getElementById(`hl-item-${id}`)?.scrollIntoView({ block: 'nearest' }), 0);
  };

  return {
    toolbar,
    editing,
    setEditing,
    active,
    updateToolbar,
    create,
    saveNote,
    setColor,
    remove,
    goTo,
    onContentClick,
    /** A fresh load (a refresh from the web) starts with no toolbar and no note being edited. */
    reset: () => {
      setToolbar(null);
      setEditing(null);
    },
  };
}
