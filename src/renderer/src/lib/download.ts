import type { OperationOutput } from '../../../shared/contract.js';

type ExportFile = Extract<OperationOutput<'export.run'>, { kind: 'file' }>;

/**
 * Hands a file made in the app to the browser's download (an export): in a browser it lands where downloads
 * go; in the app, Electron asks where with its native save dialog.
 */
export function downloadFile(name: string, mime: string, content: string | Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: the download reads the blob after click() returns (a large EPUB takes a while).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** An `export.run` file (base64 for binary formats) as a download. */
export function saveDownload(file: ExportFile): void {
  const body =
    file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  downloadFile(file.filename, file.mime, body);
}
