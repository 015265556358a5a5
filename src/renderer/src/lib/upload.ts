import type { KhoApi, OperationInput, OperationOutput } from '../../../shared/contract.js';
import { fileToBase64 } from './files.js';

/** Bytes per `import.bytes` call (before base64, which adds a third): well under the server's 64 MB cap. */
const CHUNK_BYTES = 12 * 1024 * 1024;

export type ImportReport = NonNullable<OperationOutput<'import.bytes'>['report']>;

/**
 * Sends an export file to `import.bytes` in order, chunk by chunk (each names its byte offset); the last
 * call runs the import under `jobId` and returns its report. `stopped()` is asked before each chunk.
 */
export async function uploadExport(
  api: KhoApi,
  file: File,
  opts: {
    uploadId: string;
    jobId: string;
    format: OperationInput<'import.bytes'>['format'];
    tags: string[];
    onSent(sent: number): void;
    stopped(): boolean;
    /** Wraps the last call (the import itself), to follow its job's progress. */
    importing<T>(run: () => Promise<T>): Promise<T>;
  },
): Promise<ImportReport | null> {
  for (let offset = 0; ; offset += CHUNK_BYTES) {
    if (opts.stopped()) return null;
    const end = Math.min(file.size, offset + CHUNK_BYTES);
    const last = end >= file.size;
    const input = {
      upload_id: opts.uploadId,
      name: file.name,
      offset,
      data: await fileToBase64(file.slice(offset, end)),
      last,
      format: opts.format,
      tags: opts.tags,
      job_id: opts.jobId,
    };
    const call = () => api['import.bytes'](input);
    const r = last ? await opts.importing(call) : await call();
    opts.onSent(r.received);
    if (last) return r.report;
  }
}
