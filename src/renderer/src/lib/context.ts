import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { KhoEvents } from '../../api.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Settings } from './settings.js';

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface ToastOptions {
  kind?: 'info' | 'error';
  action?: ToastAction;
}

export interface AppContext {
  api: KhoApi;
  /** What the archive and the app push: job progress, changes, menu commands, kho:// links. */
  events: KhoEvents;
  t: Translate;
  lang: Lang;
  settings: Settings;
  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void;
  toast(message: string, opts?: ToastOptions): void;
  /** Shows an error toast with the error's own message. */
  fail(err: unknown): void;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useApp outside <Ctx.Provider>');
  return ctx;
}
