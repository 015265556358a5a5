import { useEffect, useRef, useState } from 'preact/hooks';

export interface ListSelection {
  /** The keyboard cursor: a row index, or -1. */
  cursor: number;
  setCursor(index: number): void;
  selected: ReadonlySet<number>;
  /** The article open in the reader (from the route). */
  openId: number | null;
  /** Rows the keyboard can reach. */
  rowCount: number;
  /** Opens the row at `index` (the cursor follows). */
  openAt(index: number): void;
  /** j / k: moves the cursor (selecting in the list) and keeps the reader on the cursor's article. */
  moveCursor(delta: number): void;
  /** A click: opens, or with Shift selects a range, with Ctrl/⌘ toggles. */
  clickRow(index: number, e: MouseEvent): void;
  /** Arrow keys in the list: moves the cursor, selecting it (Shift adds to the selection). */
  moveTo(index: number, extend: boolean): void;
  /** Space in the list. */
  toggle(index: number): void;
  clear(): void;
}

/**
 * Where the user is in the list: the cursor, the selected articles (for bulk actions) and the open one.
 * Rows are the search hits while searching, else the list; `resetKey` (the list query) and searching
 * clear the cursor and the selection.
 */
export function useListSelection(opts: {
  searching: boolean;
  rowCount: number;
  idAt(index: number): number | undefined;
  resetKey: unknown;
  openId: number | null;
  /** Opens an article; `replace` when the cursor merely moved on (j/k), so Back skips it. */
  onOpen(id: number, replace: boolean): void;
  /** Opening an article from search results remembers the query. */
  onOpenHit(): void;
}): ListSelection {
  const { searching, rowCount, idAt, resetKey, openId } = opts;
  const [cursor, setCursor] = useState(-1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  /** Where a Shift range starts. */
  const anchor = useRef(-1);

  useEffect(() => {
    setCursor(-1);
    setSelected(new Set());
    anchor.current = -1;
  }, [resetKey, searching]);

  const openAt = (i: number, replace = false) => {
    const id = idAt(i);
    if (id === undefined) return;
    setCursor(i);
    opts.onOpen(id, replace);
    if (searching) opts.onOpenHit();
  };

  const moveCursor = (delta: number) => {
    if (rowCount === 0) return;
    const from = cursor < 0 ? (delta > 0 ? -1 : rowCount) : cursor;
    const next = Math.max(0, Math.min(rowCount - 1, from + delta));
    setCursor(next);
    const id = idAt(next);
    if (!searching && id !== undefined) {
      setSelected(new Set([id]));
      anchor.current = next;
    }
    if (openId !== null) openAt(next, true);
  };

  const clickRow = (i: number, e: MouseEvent) => {
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

  const moveTo = (i: number, extend: boolean) => {
    setCursor(i);
    const id = idAt(i);
    if (id === undefined) return;
    if (extend) setSelected((s) => new Set([...s, id]));
    else {
      setSelected(new Set([id]));
      anchor.current = i;
    }
  };

  const toggle = (i: number) => {
    const id = idAt(i);
    if (id === undefined) return;
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return {
    cursor,
    setCursor,
    selected,
    openId,
    rowCount,
    openAt,
    moveCursor,
    clickRow,
    moveTo,
    toggle,
    clear: () => setSelected(new Set()),
  };
}
