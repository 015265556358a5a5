import { app, BrowserWindow, dialog, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUserDataDir, resolveDataDir } from '../core/paths.js';
import { ArchiveHost } from '../core/host/client.js';
import { KhoError } from '../shared/errors.js';
import { makeEvent, type KhoEvent } from '../shared/events.js';
import { KHO_VERSION } from '../core/version.js';
import { CONNECTOR_PORT } from '../shared/connector-protocol.js';
import { electronNativeBinding } from './native-binding.js';
import { hardenWebContents } from './security.js';
import { broadcastEvent, registerIpc } from './ipc.js';
import { APP_CSP_HEADER, registerAppProtocol, registerPrivilegedSchemes } from './app-protocol.js';
import { registerAssetProtocol } from './asset-protocol.js';
import { APP_INDEX_URL, isAppUrl, type DeepLink } from './app-url.js';
import { hostEntryPath, spawnArchiveProcess } from './archive-process.js';
import { registerLinkHandOff } from './deep-links.js';
import { installMenu } from './menu.js';
import { menuActions } from './menu-actions.js';
import { createLogger } from './logger.js';
import { mainStrings } from './strings.js';
import { MainWindow } from './window.js';
import { createUpdates, type Updates } from './updater.js';

/**
 * The Electron main process: windows, menus, dialogs and routing only. The archive (SQLite, capture,
 * imports, re-anchoring, export, search) and the browser extension's connector run in the archive host, a
 * utilityProcess (src/host, src/core/host), so no archive work ever stalls a window.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '..', '..');
const rendererDir = path.join(appRoot, 'out', 'renderer');
const devUrl = process.env.ELECTRON_RENDERER_URL;
const isApp = (url: string | undefined | null): boolean => isAppUrl(url, devUrl);

// One userData for the app and the CLI (src/core/paths.ts), so both open the same archive.
app.setPath('userData', appUserDataDir());
registerPrivilegedSchemes();
const logger = createLogger(path.join(app.getPath('userData'), 'logs'));
process.on('uncaughtException', (err) => logger.log('main', 'error', err.stack ?? err.message));
process.on('unhandledRejection', (err) => logger.log('main', 'error', KhoError.from(err).message));

let mainWindow: MainWindow | null = null;
let archive: ArchiveHost | null = null;
let updates: Updates | null = null;
/** Links that arrive before the window exists (macOS delivers open-url before ready). */
const early: KhoEvent[] = [];

/** Shows an article or highlight: a kho:// link, or "Open in Kho" from the browser extension. */
function openLink(link: DeepLink): void {
  const event = makeEvent('app.open', link);
  if (!mainWindow) {
    early.push(event);
    // macOS keeps running without a window: open one, which takes the link.
    if (app.isReady()) createWindow();
    return;
  }
  mainWindow.send(event);
  mainWindow.focus();
}

/**
 * The port the archive process answers the browser extension on: the documented one, unless
 * KHO_CONNECTOR_PORT says another (0: any free port) or "off" (a second Kho in development).
 */
function connectorPort(): { port: number } | undefined {
  const wanted = process.env.KHO_CONNECTOR_PORT?.trim();
  if (wanted === 'off') return undefined;
  if (!wanted) return { port: CONNECTOR_PORT };
  const port = Number(wanted);
  if (Number.isInteger(port) && port >= 0 && port < 65536) return { port };
  logger.log('main', 'warn', `KHO_CONNECTOR_PORT="${wanted}" is not a port; using ${CONNECTOR_PORT}.`);
  return { port: CONNECTOR_PORT };
}

function createWindow(): void {
  const strings = mainStrings(app.getLocale()).dialogs;
  const win = new MainWindow({
    url: devUrl ?? APP_INDEX_URL,
    preload: path.join(here, '..', 'preload', 'index.cjs'),
    userData: app.getPath('userData'),
    isAppUrl: isApp,
    log: (level, message) => logger.log('renderer', level, message),
    crashMessage: { reloaded: strings.windowReloaded, gaveUp: strings.windowGaveUp },
  });
  mainWindow = win;
  win.win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  for (const event of early.splice(0)) win.send(event);
}

async function start(): Promise<void> {
  logger.log('main', 'info', `Kho ${KHO_VERSION} starting (Electron ${process.versions.electron}).`);
  // The dev server's pages get the app CSP as a header too; kho://app pages carry it from the protocol.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP_HEADER] },
    });
  });

  const usingDefaultArchive = !process.env.KHO_DATA_DIR;
  const connector = connectorPort();
  const host = new ArchiveHost({
    spawn: () =>
      spawnArchiveProcess(hostEntryPath(), (stream, text) =>
        logger.log('archive', stream === 'stderr' ? 'warn' : 'info', text),
      ),
    open: {
      dataDir: resolveDataDir(undefined),
      nativeBinding: electronNativeBinding(appRoot),
      searchInWorker: true,
      watchExternalChanges: true,
      ...(connector ? { connector } : {}),
      runFetchQueue: true,
      runBackupSchedule: true,
      ...(usingDefaultArchive
        ? { sampleArticle: path.join(appRoot, 'resources', 'sample', 'welcome.md') }
        : {}),
    },
    onEvent: (event) => {
      if (event.name === 'index.error') logger.log('search', 'error', event.payload.message);
      if (event.name === 'archive.restarted') logger.log('archive', 'error', event.payload.message);
      // "Open in Kho" from the browser extension: the window comes forward with the article.
      if (event.name === 'app.open') openLink(event.payload);
      else broadcastEvent(event, isApp);
    },
    log: (level, message) => logger.log('archive', level, message),
  });
  archive = host;

  registerIpc(host, isApp);
  registerAppProtocol(rendererDir);
  registerAssetProtocol((sha) => host.getAsset(sha));
  const strings = mainStrings(app.getLocale());
  // Off unless packaged; asks before downloading and again before installing (src/main/updater.ts).
  updates = createUpdates({
    getWindow: () => mainWindow?.win ?? null,
    log: (message) => logger.log('updates', 'info', message),
  });
  if (process.platform === 'win32') app.setAppUserModelId('app.kho.Kho');
  app.setAboutPanelOptions({ applicationName: 'Kho', applicationVersion: KHO_VERSION });
  installMenu({
    platform: process.platform,
    appName: app.name,
    isPackaged: app.isPackaged,
    locale: app.getLocale(),
    actions: {
      ...menuActions({
        archive: host,
        window: () => mainWindow,
        logsDir: logger.dir,
        strings: strings.dialogs,
        log: (message) => logger.log('main', 'error', message),
      }),
      checkForUpdates: () => void updates?.checkNow(),
    },
  });

  // The window appears at once; its first calls wait until the archive is open.
  createWindow();
  updates.start();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  try {
    await host.start();
  } catch (err) {
    const message = KhoError.from(err).message;
    logger.log('archive', 'error', `Opening the archive failed: ${message}`);
    void dialog.showMessageBox({ type: 'error', message: strings.dialogs.cannotStart, detail: message });
  }
}

const primary = registerLinkHandOff({ onLink: openLink, onSecondInstance: () => mainWindow?.focus() });
if (primary) {
  hardenWebContents({ isAppUrl: isApp, openLink });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = KhoError.from(err).message;
      logger.log('main', 'error', `Start-up failed: ${message}`);
      dialog.showErrorBox('Kho', message);
      app.quit();
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the archive (search flushes, SQLite checkpoints) before the process ends.
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting || !archive) return;
    quitting = true;
    event.preventDefault();
    updates?.stop();
    void archive.close().finally(() => app.quit());
  });
}
