import { app, shell, type WebContents } from 'electron';
import { parseDeepLink, type DeepLink } from './app-url.js';

export interface GuardOptions {
  isAppUrl(url: string): boolean;
  /** A kho://article/… or kho://highlight/… link the page tried to follow: opened in the app instead. */
  openLink(link: DeepLink): void;
}

/** Only http(s) and mailto links leave the app, and they always open in the user's browser. */
function openExternally(url: string): void {
  if (/^(https?:|mailto:)/i.test(url)) void shell.openExternal(url);
}

/** Where a URL the page tried to open goes: an archive link into the app, the web to the browser. */
function route(url: string, openLink: (link: DeepLink) => void): void {
  const link = parseDeepLink(url);
  if (link) openLink(link);
  else openExternally(url);
}

/**
 * Every web contents: no new windows, no navigation away from the app, no webviews, no permission prompts
 * or checks. Links in articles go to the system browser, archive links (kho://article/12) to the app.
 */
export function hardenWebContents({ isAppUrl, openLink }: GuardOptions): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      route(url, openLink);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      route(url, openLink);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    contents.session.setPermissionCheckHandler(() => false);
  });
}
