import { app, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { updaterText, type UpdaterText } from './updater-messages.js';

/**
 * Updates from GitHub Releases through electron-updater, always with the user's consent:
 * - off unless the app is packaged (a checkout updates with git; `npm run dev` never checks);
 * - checks when the user asks ("Check for updates…" in the menu) or once a day, which the user can turn off
 *   (a "Don't check automatically" button on the prompt, or `setAutomaticChecks(false)` from the menu);
 * - never downloads without a "Download" and never installs without "Restart and install" or
 *   "Install when I quit" (`autoDownload` and `autoInstallOnAppQuit` are turned off).
 */

/** The part of electron-updater's AppUpdater that Kho drives. */
export interface UpdateSource {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  isUpdaterActive(): boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterOptions {
  /** The window the dialogs belong to, when there is one. */
  getWindow: () => BrowserWindow | null;
  /** Loads electron-updater's autoUpdater (only once updates are on); replaceable in tests. */
  loadSource?: () => Promise<UpdateSource>;
  /** Where the user's choice about automatic checks is kept. Default: `<userData>/updates.json`. */
  preferencesFile?: string;
  /** The UI locale (default: the OS's, from `app.getLocale()`). */
  locale?: () => string;
  log?: (message: string) => void;
}

export interface Updates {
  /** False when not packaged or in development: nothing is ever fetched. */
  readonly enabled: boolean;
  /** "Check for updates…": always answers with a dialog (up to date, an offer, or why not). */
  checkNow(): Promise<void>;
  /** Whether the daily background check is on (the user's choice; on until they turn it off). */
  automaticChecks(): boolean;
  setAutomaticChecks(on: boolean): void;
  /** Starts the daily background check when it is on (the first one a minute after start). */
  start(): void;
  stop(): void;
}

const FIRST_CHECK_MS = 60_000;
const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

interface Preferences {
  automatic: boolean;
  /** A version the user said "Not now" to: background checks do not offer it again. */
  dismissed?: string;
}

async function loadElectronUpdater(): Promise<UpdateSource> {
  // electron-updater is CommonJS: under ESM its exports arrive as `default` (Node) or as the namespace.
  const mod = await import('electron-updater');
  const exports = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return exports.autoUpdater;
}

export function createUpdates(options: UpdaterOptions): Updates {
  const enabled = app.isPackaged && !process.env.ELECTRON_RENDERER_URL;
  const prefsFile = options.preferencesFile ?? path.join(app.getPath('userData'), 'updates.json');
  const log = options.log ?? ((m: string) => console.log(`[updates] ${m}`));
  const text = (): UpdaterText => updaterText(options.locale?.() ?? app.getLocale());
  let source: Promise<UpdateSource> | null = null;
  let running: Promise<void> | null = null;
  let timers: NodeJS.Timeout[] = [];

  function readPrefs(): Preferences {
    try {
      const raw = JSON.parse(readFileSync(prefsFile, 'utf8')) as Partial<Preferences>;
      return {
        automatic: raw.automatic !== false,
        ...(typeof raw.dismissed === 'string' ? { dismissed: raw.dismissed } : {}),
      };
    } catch {
      return { automatic: true };
    }
  }
  function writePrefs(prefs: Preferences): void {
    mkdirSync(path.dirname(prefsFile), { recursive: true });
    writeFileSync(prefsFile, JSON.stringify(prefs, null, 2));
  }

  function getSource(): Promise<UpdateSource> {
    source ??= (options.loadSource ?? loadElectronUpdater)().then((s) => {
      // Kho asks before each step: nothing downloads or installs on its own.
      s.autoDownload = false;
      s.autoInstallOnAppQuit = false;
      s.on('error', (e) => log(`error: ${e.message}`));
      return s;
    });
    return source;
  }

  async function ask(message: string, detail: string, buttons: string[], cancelId: number): Promise<number> {
    const box: MessageBoxOptions = {
      type: 'info',
      title: text().title,
      message,
      detail,
      buttons,
      defaultId: 0,
      cancelId,
      noLink: true,
    };
    const win = options.getWindow();
    const { response } = win ? await dialog.showMessageBox(win, box) : await dialog.showMessageBox(box);
    return response;
  }
  const tell = (message: string, type: 'info' | 'error' = 'info') => {
    const box: MessageBoxOptions = { type, title: text().title, message, buttons: ['OK'], noLink: true };
    const win = options.getWindow();
    return win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box);
  };
  const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

  function setAutomaticChecks(on: boolean): void {
    writePrefs({ ...readPrefs(), automatic: on });
    if (on) start();
    else stop();
  }

  async function check(interactive: boolean): Promise<void> {
    const t = text();
    if (!enabled) {
      if (interactive) await tell(t.disabled);
      return;
    }
    const updater = await getSource();
    if (!updater.isUpdaterActive()) {
      if (interactive) await tell(t.unsupported);
      return;
    }
    let result: Awaited<ReturnType<UpdateSource['checkForUpdates']>>;
    try {
      result = await updater.checkForUpdates();
    } catch (e) {
      log(`check failed: ${reason(e)}`);
      if (interactive) await tell(t.checkFailed(reason(e)), 'error');
      return;
    }
    if (!result?.isUpdateAvailable) {
      if (interactive) await tell(t.upToDate(app.getVersion()));
      return;
    }
    const version = result.updateInfo.version;
    const prefs = readPrefs();
    if (!interactive && prefs.dismissed === version) return;

    const offer = interactive ? [t.download, t.notNow] : [t.download, t.notNow, t.stopAutomatic];
    const answer = await ask(t.available(version, app.getVersion()), t.availableDetail, offer, 1);
    if (answer === 2) return setAutomaticChecks(false);
    if (answer !== 0) return writePrefs({ ...prefs, dismissed: version });

    try {
      await updater.downloadUpdate();
    } catch (e) {
      log(`download failed: ${reason(e)}`);
      await tell(t.downloadFailed(reason(e)), 'error');
      return;
    }
    const install = await ask(t.ready(version), t.readyDetail, [t.restart, t.whenQuit, t.notNow], 2);
    if (install === 0) updater.quitAndInstall(false, true);
    else if (install === 1) updater.autoInstallOnAppQuit = true;
  }

  function run(interactive: boolean): Promise<void> {
    // One check at a time; asking while a background check runs waits for it instead of asking twice.
    running ??= check(interactive).finally(() => (running = null));
    return running;
  }

  function start(): void {
    stop();
    if (!enabled || !readPrefs().automatic) return;
    timers = [
      setTimeout(() => void run(false), FIRST_CHECK_MS),
      setInterval(() => void run(false), CHECK_EVERY_MS),
    ];
  }
  function stop(): void {
    for (const t of timers) clearTimeout(t);
    timers = [];
  }

  return {
    enabled,
    checkNow: async () => {
      // A background check in progress finishes first; then the user's own check answers them.
      if (running) await running;
      return run(true);
    },
    automaticChecks: () => readPrefs().automatic,
    setAutomaticChecks,
    start,
    stop,
  };
}
