/** Files chosen or dropped in the window: what Kho can import, read as raw bytes, grouped for upload. */
import { IMPORTABLE_EXTENSIONS } from '../../../shared/importable.js';

export const ACCEPT_ATTR = IMPORTABLE_EXTENSIONS.join(',') + ',text/html,text/markdown,text/plain';
/** One `import.files` call carries about this many bytes (before base64), so no request nears the server's cap. */
const CHUNK_BYTES = 12 * 1024 * 1024;
const CHUNK_FILES = 100;

/** A file with the path it had in a chosen or dropped folder (for messages), or its plain name. */
export interface PickedFile {
  file: File;
  path: string;
}

/** Raw bytes as base64, so capture (not the browser) decodes windows-1258, VISCII and friends. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () =>
      reject(reader.error ?? new Error(`Cannot read ${file instanceof File ? file.name : 'the file'}.`));
    reader.readAsDataURL(file);
  });
}

/** Files from an <input type=file> (with webkitdirectory, names carry their folder path). */
export function pickedFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/** Hidden entries (.git, .DS_Store) are skipped, like `kho import` does. */
const hidden = (name: string) => name.startsWith('.');

/** Every file of a drop, walking dropped folders (Chromium and Electron expose them as entries). */
export async function pickedFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = [...dt.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return pickedFromInput(dt.files);
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (hidden(entry.name)) return;
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns a page at a time; an empty page means the end
      for (;;) {
        const page = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (page.length === 0) break;
        for (const e of page) await walk(e);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

/** Splits files into upload chunks of at most CHUNK_FILES files / CHUNK_BYTES bytes (one big file alone). */
export function planChunks(files: PickedFile[]): PickedFile[][] {
  const chunks: PickedFile[][] = [];
  let current: PickedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (current.length > 0 && (current.length >= CHUNK_FILES || bytes + f.file.size > CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += f.file.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
