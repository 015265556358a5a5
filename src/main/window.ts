import { BrowserWindow, dialog } from 'electron';
import type { KhoEvent } from '../shared/events.js';
import { sendEvent } from './ipc.js';
import type { LogLevel } from './logger.js';
import { loadWindowState, trackWindowState } from './window-state.js';

export interface MainWindowOptions {
  /** The page to load: kho://app/index.html, or the dev server. */
  url: string;
  preload: string;
  userData: string;
  isAppUrl(url: string | undefined): boolean;
  log(level: LogLevel, message: string): void;
  /** The words of the message shown after the window's page crashed and was reloaded. */
  crashMessage: { reloaded: string; gaveUp: string };
}

/** A page that crashes this often within a minute is not reloaded again (it would only crash again). */
const MAX_RELOADS_PER_MINUTE = 3;

/**
 * The app's window: sandboxed, isolated, restored to its last place; its page's errors go to the log, a
 * crashed page is reloaded with a message. Events for it wait until its page has loaded, so a link that
 * started Kho is not lost.
 */
export class MainWindow {
  readonly win: BrowserWindow;
  private loaded = false;
  private queue: KhoEvent[] = [];
  private reloads: number[] = [];

  constructor(private readonly options: MainWindowOptions) {
    const state = loadWindowState(options.userData);
    const win = new BrowserWindow({
      ...state.bounds,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Kho',
      backgroundColor: '#f7f5f0',
      webPreferences: {
        preload: options.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        // No auxclick (middle-click) events: a page could use them to open windows past a click handler.
        disableBlinkFeatures: 'Auxclick',
        spellcheck: false,
      },
    });
    this.win = win;
    if (state.maximized) win.maximize();
    trackWindowState(win, options.userData);
    win.once('ready-to-show', () => win.show());

    const contents = win.webContents;
    contents.on('did-start-loading', () => (this.loaded = false));
    contents.on('did-finish-load', () => {
      this.loaded = true;
      for (const event of this.queue.splice(0)) sendEvent(contents, event, options.isAppUrl);
    });
    contents.on('console-message', (details) => {
      if (details.level === 'error') {
        options.log('error', `renderer: ${details.message} (${details.sourceId}:${details.lineNumber})`);
      }
    });
    contents.on('preload-error', (_event, preloadPath, error) =>
      options.log('error', `preload ${preloadPath} failed: ${error.stack ?? error.message}`),
    );
    contents.on('unresponsive', () => options.log('warn', 'The window stopped responding.'));
    contents.on('responsive', () => options.log('info', 'The window responds again.'));
    contents.on('render-process-gone', (_event, details) => this.crashed(details.reason, details.exitCode));

    void win.loadURL(options.url);
  }

  private crashed(reason: string, exitCode: number): void {
    this.loaded = false;
    this.options.log('error', `The window's page stopped (${reason}, exit code ${exitCode}).`);
    if (reason === 'clean-exit' || this.win.isDestroyed()) return;
    const now = Date.now();
    this.reloads = this.reloads.filter((t) => now - t < 60_000);
    const reload = this.reloads.length < MAX_RELOADS_PER_MINUTE;
    const { reloaded, gaveUp } = this.options.crashMessage;
    if (reload) {
      this.reloads.push(now);
      this.win.webContents.reload();
    }
    void dialog.showMessageBox(this.win, {
      type: reload ? 'warning' : 'error',
      message: reload ? reloaded : gaveUp,
      detail: `${reason} (${exitCode})`,
    });
  }

  /** Delivers an event now, or once the page has loaded. */
  send(event: KhoEvent): void {
    if (this.win.isDestroyed()) return;
    if (this.loaded) sendEvent(this.win.webContents, event, this.options.isAppUrl);
    else this.queue.push(event);
  }

  focus(): void {
    if (this.win.isDestroyed()) return;
    if (this.win.isMinimized()) this.win.restore();
    this.win.show();
    this.win.focus();
  }
}
