/**
 * A stand-in for the `electron` module, so the main-process modules run under Vitest in plain Node (the
 * way electron/fiddle tests its main process). Only what Kho's main process and preload use is here, and
 * it behaves like Electron where our code depends on it: ipcMain keeps handlers per channel, protocol keeps
 * handlers per scheme, windows and web contents are event emitters, and utilityProcess.fork starts a real
 * Node child process (which is what Electron does) running the real archive host.
 *
 * Tests drive it through the `mock` object: invoke an IPC channel as a frame of some URL, fetch through a
 * registered protocol, emit app events, script dialog answers.
 */
import { EventEmitter } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { vi } from 'vitest';

// ---------------------------------------------------------------------------------------------- app

class MockApp extends EventEmitter {
  name = 'Kho';
  isPackaged = false;
  locale = 'en-US';
  singleInstanceLock = true;
  private paths = new Map<string, string>([['userData', '/tmp/kho-mock-user-data']]);
  readonly quit = vi.fn();
  readonly setAsDefaultProtocolClient = vi.fn(() => true);
  readonly showAboutPanel = vi.fn();
  readonly setAboutPanelOptions = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstanceLock);

  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (!p) throw new Error(`Unknown path ${name}`);
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getLocale(): string {
    return this.locale;
  }
}

// ------------------------------------------------------------------------------- web contents, windows

export class MockSession {
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null =
    null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  headersListener: ((details: unknown, cb: (r: unknown) => void) => void) | null = null;
  webRequest = {
    onHeadersReceived: (listener: (details: unknown, cb: (r: unknown) => void) => void) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: MockSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: MockSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export class MockWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly session = new MockSession();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly reload = vi.fn();
  readonly mainFrame = { url: '' };

  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: MockWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  /** Simulates a finished page load at `url`. */
  finishLoad(url: string): void {
    this.emit('did-start-loading');
    this.url = url;
    this.mainFrame.url = url;
    this.emit('did-finish-load');
  }
}

export class MockBrowserWindow extends EventEmitter {
  static readonly windows: MockBrowserWindow[] = [];
  static getAllWindows(): MockBrowserWindow[] {
    return MockBrowserWindow.windows.filter((w) => !w.destroyed);
  }

  readonly webContents = new MockWebContents();
  readonly loaded: string[] = [];
  destroyed = false;
  minimized = false;
  maximized = false;
  visible = false;
  focused = false;
  bounds: { x: number; y: number; width: number; height: number };

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.bounds = {
      x: Number(options.x ?? 0),
      y: Number(options.y ?? 0),
      width: Number(options.width ?? 800),
      height: Number(options.height ?? 600),
    };
    MockBrowserWindow.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<MockBrowserWindow['bounds']>): void {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('resize');
  }
}

// --------------------------------------------------------------------------------------------- IPC

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class MockIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class MockIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn((_channel: string, ..._args: unknown[]): Promise<unknown> =>
    Promise.resolve(undefined),
  );
  /** Delivers a message from main on `channel`, as webContents.send would. */
  deliver(channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender: this }, ...args);
  }
}

// ------------------------------------------------------------------------------------------ protocol

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class MockProtocol {
  readonly privileged: Array<{ scheme: string; privileges: Record<string, boolean> }> = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(schemes: MockProtocol['privileged']): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler);
  }
}

// ------------------------------------------------------------------------------------- menu, dialogs

class MockMenu {
  static application: MockMenu | null = null;
  constructor(readonly template: unknown[]) {}
  static buildFromTemplate(template: unknown[]): MockMenu {
    return new MockMenu(template);
  }
  static setApplicationMenu(menu: MockMenu | null): void {
    MockMenu.application = menu;
  }
}

const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({
    canceled: true,
    filePath: undefined as string | undefined,
  })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn(),
};

const shell = {
  openExternal: vi.fn(async (_url: string) => undefined),
  openPath: vi.fn(async (_path: string) => ''),
};

const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays(): Array<{ workArea: { x: number; y: number; width: number; height: number } }> {
    return screen.displays;
  },
};

// ---------------------------------------------------------------------------------- utilityProcess

/**
 * Electron's UtilityProcess over a real child process. The child gets no `process.parentPort` (that needs
 * Electron), so the host entry uses the child-process channel instead; `serialization: 'advanced'` gives
 * the same structured cloning as Electron's ports. The entry is the built host (tests/main/support.ts).
 */
export class MockUtilityProcess extends EventEmitter {
  static readonly started: MockUtilityProcess[] = [];
  readonly child: ChildProcess;
  readonly stdout;
  readonly stderr;

  constructor(modulePath: string, args: string[], options: { stdio?: unknown } = {}) {
    super();
    this.child = fork(modulePath, args, {
      serialization: 'advanced',
      // Not the test worker's flags: the host runs as a plain Node process, as under Electron.
      execArgv: [],
      stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe', 'ipc'] : 'inherit',
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 1 : 0)));
    MockUtilityProcess.started.push(this);
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }
  kill(): boolean {
    return this.child.kill('SIGKILL');
  }
}

const utilityProcess = {
  fork: (modulePath: string, args: string[] = [], options: { stdio?: unknown } = {}) =>
    new MockUtilityProcess(modulePath, args, options),
};

// --------------------------------------------------------------------------------------- preload

const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

// ----------------------------------------------------------------------------------- the module

export const app = new MockApp();
export const ipcMain = new MockIpcMain();
export const ipcRenderer = new MockIpcRenderer();
export const protocol = new MockProtocol();
export const session = { defaultSession: new MockSession() };
export {
  MockBrowserWindow as BrowserWindow,
  MockMenu as Menu,
  dialog,
  shell,
  screen,
  utilityProcess,
  contextBridge,
};

/** Helpers for tests: act as the renderer, the OS or the user. */
export const mock = {
  /** Calls an IPC channel as a frame loaded from `frameUrl` (undefined: a frame with no URL). */
  async invoke(channel: string, frameUrl: string | undefined, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler for ${channel}`);
    const event = { senderFrame: frameUrl === undefined ? null : { url: frameUrl }, sender: {} };
    return handler(event, ...args);
  },
  /** Requests `url` through the handler registered for its scheme. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = protocol.handlers.get(scheme);
    if (!handler) throw new Error(`No protocol handler for ${scheme}`);
    return handler(new Request(url, init));
  },
  /** A new web contents as Electron announces it to `web-contents-created` listeners. */
  createWebContents(): MockWebContents {
    const contents = new MockWebContents();
    app.emit('web-contents-created', {}, contents);
    return contents;
  },
  reset(): void {
    ipcMain.handlers.clear();
    ipcRenderer.removeAllListeners();
    ipcRenderer.invoke.mockClear();
    protocol.handlers.clear();
    protocol.privileged.length = 0;
    app.removeAllListeners();
    app.isPackaged = false;
    app.locale = 'en-US';
    app.singleInstanceLock = true;
    app.quit.mockClear();
    app.setAsDefaultProtocolClient.mockClear();
    app.showAboutPanel.mockClear();
    MockBrowserWindow.windows.length = 0;
    MockMenu.application = null;
    for (const fn of Object.values(dialog)) fn.mockClear();
    dialog.showOpenDialog.mockImplementation(async () => ({ canceled: true, filePaths: [] }));
    dialog.showSaveDialog.mockImplementation(async () => ({ canceled: true, filePath: undefined }));
    shell.openExternal.mockClear();
    shell.openPath.mockClear();
    screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
    contextBridge.exposed.clear();
  },
  /** Ends every child process the utilityProcess stand-in started. */
  killChildren(): void {
    for (const p of MockUtilityProcess.started.splice(0)) if (p.child.exitCode === null) p.kill();
  },
};

export default {
  app,
  ipcMain,
  ipcRenderer,
  protocol,
  session,
  BrowserWindow: MockBrowserWindow,
  Menu: MockMenu,
  dialog,
  shell,
  screen,
  utilityProcess,
  contextBridge,
};
