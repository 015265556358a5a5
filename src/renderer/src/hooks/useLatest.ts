import { useRef } from 'preact/hooks';

/**
 * A ref holding this render's value. Listeners registered once (window keys, drag and drop, timers) read
 * it to see current state and callbacks without being registered again on every render.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
