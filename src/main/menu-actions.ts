import { app, dialog, shell, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { KhoError } from '../shared/errors.js';
import { makeEvent, type KhoEvent } from '../shared/events.js';
import type { OperationOutput } from '../shared/contract.js';
import type { ArchiveRouter } from './ipc.js';
import type { MenuActions } from './menu.js';
import type { MainStrings } from './strings.js';

export interface MenuActionDeps {
  /** The archive host; the menu's own calls may name files (the paths come from native dialogs). */
  archive: ArchiveRouter;
  /** The window to act on or over (null before it exists). */
  window(): { win: BrowserWindow; send(event: KhoEvent): void } | null;
  logsDir: string;
  strings: MainStrings['dialogs'];
  log(message: string): void;
}

/**
 * What the menu's items do. Commands of the window's own (Add, Import files, search, settings, theme) go to
 * it as `app.command` events; importing a folder or an export file and exporting use native dialogs here, so
 * the only paths the archive reads or writes from the menu are ones the user picked in the system's own dialog.
 */
export function menuActions(deps: MenuActionDeps): Omit<MenuActions, 'checkForUpdates'> {
  const { archive, strings } = deps;
  const send = (event: KhoEvent): void => deps.window()?.send(event);

  const report = async (message: string, err: unknown): Promise<void> => {
    const detail = KhoError.from(err).message;
    deps.log(`${message} ${detail}`);
    const win = deps.window()?.win;
    const box = { type: 'error' as const, message, detail };
    await (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
  };

  const info = async (message: string, detail: string): Promise<void> => {
    const win = deps.window()?.win;
    const box = { type: 'info' as const, message, ...(detail ? { detail } : {}) };
    await (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
  };

  return {
    command: (command) => send(makeEvent('app.command', { command })),
    setTheme: (theme) => send(makeEvent('app.command', { command: 'theme', theme })),

    async importFolder() {
      const win = deps.window()?.win;
      const options = { title: strings.importFolderTitle, properties: ['openDirectory' as const] };
      const picked = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
      const folder = picked.filePaths[0];
      if (picked.canceled || !folder) return;
      try {
        // The window follows along through job.progress and archive.changed events.
        const result = (await archive.call('import.folder', {
          path: folder,
          job_id: `menu-import-${randomUUID()}`,
        })) as OperationOutput<'import.folder'>;
        const message = strings.imported(result.imported, result.updated, result.failed.length);
        await info(message, result.failed.map((f) => `${f.file}: ${f.error}`).join('\n'));
      } catch (err) {
        await report(strings.importFailed, err);
      }
    },

    async importExportFile() {
      const win = deps.window()?.win;
      const options = {
        title: strings.importExportTitle,
        properties: ['openFile' as const],
        filters: [{ name: strings.importExportFilter, extensions: ['csv', 'html', 'htm', 'json', 'zip'] }],
      };
      const picked = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
      const file = picked.filePaths[0];
      if (picked.canceled || !file) return;
      try {
        const r = (await archive.call('import.file', {
          path: file,
          job_id: `menu-import-${randomUUID()}`,
        })) as OperationOutput<'import.file'>;
        const message = strings.importedExport(r.imported, r.skipped_existing, r.queued, r.problems.length);
        const detail = r.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
        await info(message, detail);
      } catch (err) {
        await report(strings.importExportFailed, err);
      }
    },

    async exportArchive(format) {
      const win = deps.window()?.win;
      try {
        if (format === 'obsidian') {
          // The one format that writes many files: into a folder the user picked, updated in place next time.
          const options = {
            title: strings.exportFolderTitle,
            properties: ['openDirectory' as const, 'createDirectory' as const],
          };
          const picked = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
          const folder = picked.filePaths[0];
          if (picked.canceled || !folder) return;
          const r = (await archive.call('export.run', { format, folder })) as OperationOutput<'export.run'>;
          if (r.kind !== 'folder') return;
          const count = (a: string) => r.files.filter((f) => f.action === a).length;
          const skipped = r.files.filter((f) => f.action === 'skipped');
          await info(
            strings.exportedFolder(count('created') + count('updated'), count('unchanged'), skipped.length),
            skipped.map((f) => `${f.name}: ${f.reason ?? ''}`).join('\n'),
          );
          return;
        }
        const r = (await archive.call('export.run', { format })) as OperationOutput<'export.run'>;
        if (r.kind !== 'file') return;
        const options = { title: strings.exportTitle, defaultPath: r.filename };
        const target = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
        if (target.canceled || !target.filePath) return;
        await writeFile(target.filePath, Buffer.from(r.content, r.encoding === 'base64' ? 'base64' : 'utf8'));
      } catch (err) {
        await report(strings.exportFailed, err);
      }
    },

    openLogsFolder() {
      mkdirSync(deps.logsDir, { recursive: true });
      void shell.openPath(deps.logsDir);
    },

    showAbout: () => app.showAboutPanel(),
  };
}
