import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { HighlightColorName } from '../../../shared/enums.js';
import { KhoError } from '../../../shared/errors.js';
import type { Annotation, ArticleSummary } from '../../../shared/schemas.js';
import { rangeToTextOffsets, textFromDom, type TextModelNode } from '../../../shared/text-model.js';
import { useApp } from '../lib/context.js';
import { sortAnnotations } from '../lib/highlights.js';
import { useLatest } from './useLatest.js';
import type { ReaderArticle } from './useReaderArticle.js';

/** A selection in the article as offsets into content_text, with context for anchoring by quote. */
export interface TextSelection {
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

/**
 * Where the selection toolbar floats, in the scroller's coordinates: above the selection, or below it
 * on touch screens, where the system's own selection menu takes the space above.
 */
export type ToolbarAt = TextSelection & { x: number; y: number; below: boolean };

/** Characters of context kept on each side of a quote. */
const CONTEXT = 32;
/** The toolbar's half width, so it stays inside the reader. */
const TOOLBAR_HALF = 150;
/** A selection that stops changing this long is read (touch handles and keyboards move it in steps). */
const SETTLE_MS = 250;
const HIDE_MS = 300;

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
  /** Shows the highlights panel (a note is about to be written there). */
  showPanel(): void;
}) {
  const { api, t, toast, fail } = useApp();
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

  // The toolbar follows the selection however it was made: mouse, keyboard, or long-press and handles
  // on a touch screen (which send no mouseup), and hides when the selection goes.
  const readToolbar = useLatest(() => updateToolbar());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      const sel = window.getSelection();
      clearTimeout(timer);
      // Hiding waits a moment too: a tap on the toolbar may collapse the selection before its click lands.
      if (!sel || sel.isCollapsed) timer = setTimeout(() => setToolbar(null), HIDE_MS);
      else timer = setTimeout(() => readToolbar.current(), SETTLE_MS);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('selectionchange', onChange);
    };
  }, [readToolbar]);

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
    const half = Math.min(TOOLBAR_HALF, hr.width / 2);
    const x = Math.min(Math.max(s.rect.left + s.rect.width / 2 - hr.left, half), hr.width - half);
    const below = window.matchMedia('(pointer: coarse)').matches;
    const y = (below ? s.rect.bottom : s.rect.top) - hr.top + host.scrollTop;
    const { start, end, quote, prefix, suffix } = s;
    setToolbar({ start, end, quote, prefix, suffix, x, y, below });
  };

  const { showPanel } = opts;

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

  /**
   * The `n` key: a note on the selection, or, with nothing selected, on the highlight just made or
   * chosen (so `h` then `n` writes the note of the new highlight).
   */
  const noteOrEdit = () => {
    if (readSelection()) return void create('yellow', true);
    const current = anns.find((a) => a.id === active);
    if (!current) return toast(t('hl.selectFirst'));
    showPanel();
    setEditing(current.id);
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
  const goTo = (id: number, smooth = true) => {
    setActive(id);
    const mark = contentRef.current?.querySelector<HTMLElement>(`#kho-hl-${id}`);
    mark?.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
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
    noteOrEdit,
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
