import type { OperationOutput } from '../../../shared/contract.js';

type ExportFile = Extract<OperationOutput<'export.run'>, { kind: 'file' }>;

/**
 * Hands an exported file to the browser as a download: in a browser it lands where downloads go; in the
 * app, Electron asks where with its native save dialog.
 */
export function saveDownload(file: ExportFile): void {
  const body =
    file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  const url = URL.createObjectURL(new Blob([body], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
