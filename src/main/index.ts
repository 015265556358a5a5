import { app, BrowserWindow, protocol, session } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openArchive, seedSampleArticle, type Archive } from '../core/archive.js';
import { appUserDataDir, resolveDataDir } from '../core/paths.js';
import { electronNativeBinding } from './native-binding.js';
import { loadWindowState, trackWindowState } from './window-state.js';
import { hardenWebContents } from './security.js';
import { registerIpc } from './ipc.js';
import { registerAssetProtocol, ASSET_SCHEME } from './asset-protocol.js';
import { appCsp } from '../shared/csp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '..', '..');
const rendererIndex = path.join(appRoot, 'out', 'renderer', 'index.html');
const devUrl = process.env.ELECTRON_RENDERER_URL;

// One userData for the app and the CLI (src/core/paths.ts), so both open the same archive.
app.setPath('userData', appUserDataDir());
protocol.registerSchemesAsPrivileged([
  {
    scheme: ASSET_SCHEME,
    privileges: { secure: true, standard: false, supportFetchAPI: true, stream: true },
  },
]);

let mainWindow: BrowserWindow | null = null;
let archive: Archive | null = null;

function isAppUrl(url: string): boolean {
  if (devUrl && url.startsWith(devUrl)) return true;
  return url.startsWith(pathToFileURL(path.dirname(rendererIndex)).href);
}

function createWindow(): void {
  const state = loadWindowState(app.getPath('userData'));
  mainWindow = new BrowserWindow({
    ...state.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Kho',
    backgroundColor: '#f7f5f0',
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) mainWindow.maximize();
  trackWindowState(mainWindow, app.getPath('userData'));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  if (devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadFile(rendererIndex);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  hardenWebContents(isAppUrl);

  void app.whenReady().then(async () => {
    // The page's CSP (src/shared/csp.ts) also arrives as a header, which alone can carry frame-ancestors.
    const csp = appCsp({ assets: 'kho-asset', delivery: 'header' });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
    const usingDefaultArchive = !process.env.KHO_DATA_DIR;
    archive = await openArchive(resolveDataDir(undefined), {
      nativeBinding: electronNativeBinding(appRoot),
      searchInWorker: true,
      runFetchQueue: true,
    });
    if (usingDefaultArchive)
      await seedSampleArticle(archive, path.join(appRoot, 'resources', 'sample', 'welcome.md'));
    registerIpc(archive, isAppUrl);
    registerAssetProtocol(archive);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    void archive?.close();
  });
}
