import { useCallback, useRef, useState } from 'preact/hooks';
import type { ToastAction, ToastOptions } from '../lib/context.js';

export interface ToastItem {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: ToastAction;
}

/** At most this many toasts at once; the oldest goes first. */
const MAX_TOASTS = 4;

/** Errors stay longest, then toasts with an action (undo), then plain news. */
function lifetime(kind: ToastItem['kind'], action: boolean): number {
  return kind === 'error' ? 12_000 : action ? 8_000 : 4_000;
}

/** The toast stack: `toast` adds one that dismisses itself after a while, `dismiss` removes one now. */
export function useToasts(): {
  items: ToastItem[];
  toast(message: string, opts?: ToastOptions): void;
  dismiss(id: number): void;
} {
  const [items, setItems] = useState<ToastItem[]>([]);
  const seq = useRef(0);
  const dismiss = useCallback((id: number) => setItems((list) => list.filter((x) => x.id !== id)), []);
  const toast = useCallback(
    (message: string, opts: ToastOptions = {}) => {
      const id = ++seq.current;
      const kind = opts.kind ?? 'info';
      setItems((list) => [
        ...list.slice(-(MAX_TOASTS - 1)),
        { id, message, kind, ...(opts.action ? { action: opts.action } : {}) },
      ]);
      setTimeout(() => dismiss(id), lifetime(kind, !!opts.action));
    },
    [dismiss],
  );
  return { items, toast, dismiss };
}
