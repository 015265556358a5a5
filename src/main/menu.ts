import { Menu, type MenuItemConstructorOptions } from 'electron';
import { THEMES, type AppCommandName, type ThemeName } from '../shared/event-names.js';
import { EXPORT_FORMATS, type ExportFormatName } from '../shared/enums.js';
import { mainStrings } from './strings.js';

/** What the menu's items do; src/main/index.ts wires them to the window, dialogs and the archive host. */
export interface MenuActions {
  /** A command the window carries out (its Add and Import dialogs, search, settings, shortcuts). */
  command(command: AppCommandName): void;
  setTheme(theme: ThemeName): void;
  /** Import a folder chosen in a native dialog. */
  importFolder(): void;
  /** Import an export of another service (Pocket, Instapaper, Omnivore, wallabag, Readwise, bookmarks). */
  importExportFile(): void;
  /** Export the whole archive in a format: a file picked in a save dialog, or (Obsidian) a picked folder. */
  exportArchive(format: ExportFormatName): void;
  openLogsFolder(): void;
  showAbout(): void;
  /** "Check for updates…"; the item is shown only when given (packaged builds). */
  checkForUpdates?: () => void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Development builds get the developer tools and a reload item. */
  isPackaged: boolean;
  /** The OS locale: Vietnamese labels for vi*, English otherwise (the roles' labels come from the OS). */
  locale: string;
  actions: MenuActions;
}

/**
 * The application menu as a template, following each platform's conventions: on macOS the app menu (About,
 * Settings, Services, Hide, Quit) comes first and Close sits in File; elsewhere Settings and Quit sit in File
 * and About in Help. Pure, so tests can read it; `installMenu` sets it.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, appName, isPackaged, actions } = options;
  const t = mainStrings(options.locale).menu;
  const mac = platform === 'darwin';
  const updates: MenuItemConstructorOptions[] =
    isPackaged && actions.checkForUpdates ? [{ label: t.updates, click: actions.checkForUpdates }] : [];
  const settings: MenuItemConstructorOptions = {
    label: t.settings,
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.command('settings'),
  };

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about' },
      ...updates,
      { type: 'separator' },
      settings,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: t.file,
    submenu: [
      { label: t.add, accelerator: 'CmdOrCtrl+N', click: () => actions.command('add') },
      { label: t.import, accelerator: 'CmdOrCtrl+O', click: () => actions.command('import') },
      { label: t.importFolder, click: () => actions.importFolder() },
      { label: t.importExport, click: () => actions.importExportFile() },
      { type: 'separator' },
      { label: t.exportDialog, accelerator: 'CmdOrCtrl+E', click: () => actions.command('export') },
      {
        label: t.export,
        submenu: EXPORT_FORMATS.map((format) => ({
          label: t.exportFormats[format],
          click: () => actions.exportArchive(format),
        })),
      },
      { type: 'separator' },
      ...(mac
        ? [{ role: 'close' } as const]
        : [settings, { type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: t.edit,
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      // The page handles Ctrl+K itself; the item shows the key and offers the command to mouse users.
      {
        label: t.find,
        accelerator: 'CmdOrCtrl+K',
        registerAccelerator: false,
        click: () => actions.command('find'),
      },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: t.view,
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      {
        label: t.theme,
        // Plain items, not radio buttons: the window owns the preference and may change it itself.
        submenu: THEMES.map((theme) => ({ label: t.themes[theme], click: () => actions.setTheme(theme) })),
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(isPackaged
        ? []
        : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: t.window,
    role: 'windowMenu',
  };

  const help: MenuItemConstructorOptions = {
    label: t.help,
    role: 'help',
    submenu: [
      { label: t.shortcuts, click: () => actions.command('shortcuts') },
      { label: t.logs, click: () => actions.openLogsFolder() },
      ...(mac
        ? []
        : [{ type: 'separator' } as const, ...updates, { label: t.about, click: () => actions.showAbout() }]),
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}
