import { KhoError } from '../../shared/errors.js';
import { DEFAULT_IMPORT_LIMITS } from '../importers/index.js';

/** An upload untouched this long is dropped (the client went away). */
const IDLE_MS = 15 * 60_000;

/**
 * Export files sent by the app (or a browser under `kho serve`) in base64 chunks, one `import.bytes` call
 * each: chunks are appended in order (each names its byte offset, so a lost or repeated chunk is refused
 * rather than glued in) until the last one, which hands back the whole file. Held in memory, capped at the
 * import size limit.
 */
export class Uploads {
  private readonly open = new Map<
    string,
    { name: string; chunks: Buffer[]; size: number; touched: number }
  >();

  constructor(private readonly maxBytes = DEFAULT_IMPORT_LIMITS.maxFileBytes) {}

  /** Adds a chunk; returns the bytes received so far, and the whole file with the last chunk. */
  add(
    id: string,
    name: string,
    offset: number,
    base64: string,
    last: boolean,
    now = Date.now(),
  ): { received: number; file: Buffer | null } {
    for (const [key, u] of this.open) if (now - u.touched > IDLE_MS) this.open.delete(key);
    let upload = this.open.get(id);
    if (!upload) {
      if (offset !== 0) {
        throw new KhoError(
          'CONFLICT',
          `Upload ${id} of ${name} is not open (it expired or never started); send the file again from the start.`,
        );
      }
      upload = { name, chunks: [], size: 0, touched: now };
      this.open.set(id, upload);
    }
    if (offset !== upload.size) {
      this.open.delete(id);
      throw new KhoError(
        'CONFLICT',
        `A chunk of ${name} arrived for byte ${offset}, but ${upload.size} bytes had been received; send the file again.`,
      );
    }
    const chunk = Buffer.from(base64, 'base64');
    if (upload.size + chunk.length > this.maxBytes) {
      this.open.delete(id);
      throw new KhoError(
        'TOO_LARGE',
        `${name} is larger than ${Math.round(this.maxBytes / 1024 / 1024)} MB, the largest export Kho imports. Split the export or remove attachments and try again.`,
      );
    }
    upload.chunks.push(chunk);
    upload.size += chunk.length;
    upload.touched = now;
    if (!last) return { received: upload.size, file: null };
    this.open.delete(id);
    return { received: upload.size, file: Buffer.concat(upload.chunks, upload.size) };
  }
}
