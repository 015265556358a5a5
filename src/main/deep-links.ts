import { app } from 'electron';
import path from 'node:path';
import { APP_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from './app-url.js';

export interface LinkHandOffOptions {
  /** A kho:// link to open (from the OS, or from a second start of Kho). */
  onLink(link: DeepLink): void;
  /** Someone started Kho again: bring the window forward. */
  onSecondInstance(): void;
}

/**
 * One Kho at a time, and kho:// links reach it however the OS delivers them: macOS sends `open-url` (also
 * before the app is ready), Windows and Linux start a second instance with the link in its arguments,
 * which hands it to the first and quits. Returns false when this is the second instance (it is quitting).
 */
export function registerLinkHandOff(options: LinkHandOffOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  // While developing, the OS must start Electron with our app folder for the link to reach us.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(APP_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(APP_SCHEME);
  }
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) options.onLink(link);
  });
  app.on('second-instance', (_event, argv) => {
    options.onSecondInstance();
    const link = deepLinkFromArgv(argv);
    if (link) options.onLink(link);
  });
  const first = deepLinkFromArgv(process.argv);
  if (first) options.onLink(first);
  return true;
}
