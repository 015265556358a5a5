import { useEffect, useState } from 'preact/hooks';
import { pickedFromDrop, type PickedFile } from '../lib/files.js';
import { useLatest } from './useLatest.js';

export interface FileDropHandlers {
  /** Drops are ignored while a dialog is open. */
  dialogOpen: boolean;
  /** One file, or one link: save it. */
  onOne(initial: { file: File } | { url: string }): void;
  /** Several files, a folder, or an export of another app: import them. */
  onMany(files: PickedFile[]): void;
  onError(err: unknown): void;
}

/**
 * Drop a file or a link anywhere in the window to save it. Returns true while something droppable is
 * over the window (for the overlay). Entries of a dropped folder are taken before the handler returns.
 */
export function useFileDrop(handlers: FileDropHandlers): boolean {
  const [dropping, setDropping] = useState(false);
  const latest = useLatest(handlers);
  useEffect(() => {
    let depth = 0;
    const accepts = (e: DragEvent) => {
      const types = [...(e.dataTransfer?.types ?? [])];
      return types.includes('Files') || types.includes('text/uri-list');
    };
    const onEnter = (e: DragEvent) => {
      if (!accepts(e) || latest.current.dialogOpen) return;
      depth++;
      setDropping(true);
    };
    const onOver = (e: DragEvent) => {
      if (accepts(e)) e.preventDefault();
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDropping(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!accepts(e)) return;
      e.preventDefault();
      depth = 0;
      setDropping(false);
      const h = latest.current;
      if (h.dialogOpen || !e.dataTransfer) return;
      const dirs = [...e.dataTransfer.items].some((i) => i.webkitGetAsEntry?.()?.isDirectory);
      if (dirs || e.dataTransfer.files.length > 1) {
        void pickedFromDrop(e.dataTransfer).then(
          (files) => latest.current.onMany(files),
          (err: unknown) => latest.current.onError(err),
        );
        return;
      }
      const file = e.dataTransfer.files[0];
      // A CSV, JSON or zip is another app’s export (Pocket, Omnivore…), a .sqlite a Kho backup: the Import dialog reads those.
      if (file && /\.(csv|json|zip|sqlite)$/i.test(file.name)) {
        h.onMany([{ file, path: file.name }]);
        return;
      }
      const uri = (e.dataTransfer.getData('text/uri-list') ?? '')
        .split('\n')
        .find((l) => l && !l.startsWith('#'));
      if (file) h.onOne({ file });
      else if (uri) h.onOne({ url: uri.trim() });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [latest]);
  return dropping;
}
