import { capturePage, type CapturedPage } from './capture-page.js';

/**
 * Injected into the tab on demand (scripting.executeScript, after a click on the button, the menu or
 * the shortcut grants activeTab). It only defines the capture function in the extension's isolated
 * world; the background calls it right after and receives the result.
 */
declare global {
  var __khoCapturePage: (() => CapturedPage) | undefined;
}

globalThis.__khoCapturePage = () => capturePage(document, window);
