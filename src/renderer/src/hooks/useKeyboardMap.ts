import { useEffect } from 'preact/hooks';
import { useLatest } from './useLatest.js';

/** What the window-wide keys do; read afresh on every key press. */
export interface KeyboardMap {
  /** A dialog is open: only Ctrl/⌘+K answers. */
  dialogOpen: boolean;
  /** An article is open in the reader. */
  articleOpen: boolean;
  /** A note is being written: no single-key shortcut, wherever the focus is. */
  writing(): boolean;
  /** The list has a cursor that Enter can open. */
  hasCursor: boolean;
  focusSearch(): void;
  showShortcuts(): void;
  move(delta: number): void;
  openCursor(): void;
  highlight(): void;
  note(): void;
  tag(): void;
  archive(): void;
  favorite(): void;
  closeArticle(): void;
}

/** Keys typed into a field are text, not shortcuts. */
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

/**
 * The window's keyboard shortcuts (listed in ShortcutsDialog): / and Ctrl/⌘+K search, ? help, j/k move,
 * Enter opens, h highlight, n note (on the selection, or on the highlight just made), t tag, a archive,
 * f favourite, Escape closes the article. They stay quiet while typing in a field, while a note is being
 * written, with modifiers held, and while a dialog is open.
 */
export function useKeyboardMap(map: KeyboardMap): void {
  const latest = useLatest(map);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const m = latest.current;
      if (e.key === 'k' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        m.focusSearch();
        return;
      }
      if (m.dialogOpen || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || m.writing()) return;
      if (document.querySelector('dialog[open]')) return;
      const inListbox = (e.target as HTMLElement)?.getAttribute?.('role') === 'listbox';
      switch (e.key) {
        case '/':
          e.preventDefault();
          m.focusSearch();
          break;
        case '?':
          e.preventDefault();
          m.showShortcuts();
          break;
        case 'j':
          e.preventDefault();
          m.move(1);
          break;
        case 'k':
          e.preventDefault();
          m.move(-1);
          break;
        case 'Enter':
          if (inListbox) break; // the list handles its own Enter
          if (m.hasCursor && (e.target === document.body || e.target === null)) {
            e.preventDefault();
            m.openCursor();
          }
          break;
        case 'h':
          e.preventDefault();
          m.highlight();
          break;
        case 'n':
          e.preventDefault();
          m.note();
          break;
        case 't':
          e.preventDefault();
          m.tag();
          break;
        case 'a':
          e.preventDefault();
          m.archive();
          break;
        case 'f':
          e.preventDefault();
          m.favorite();
          break;
        case 'Escape':
          if (m.articleOpen && window.getSelection()?.isCollapsed !== false) m.closeArticle();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [latest]);
}
