/**
 * The names of every event Kho pushes to its clients, without zod: the preload and the renderer need only
 * these. `events.ts` gives each its payload schema; a `satisfies` there fails to compile when the two
 * disagree. Events replace polling: a window hears about job progress, changes and indexing as they happen.
 */
export const EVENT_NAMES = [
  'job.progress',
  'archive.changed',
  'index.progress',
  'index.error',
  'archive.restarted',
  'connector.pairing',
  'connector.receiver',
  'app.open',
  'app.command',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && NAMES.has(name);
}

/** The one IPC channel main -> window; every event travels on it as `{ name, payload }`. */
export const EVENT_CHANNEL = 'kho:event';

/** What a change can touch, so a window reloads only what shows it. */
export const CHANGE_AREAS = ['articles', 'tags', 'annotations', 'settings'] as const;
export type ChangeArea = (typeof CHANGE_AREAS)[number];

/** Menu commands the window carries out itself (it owns those dialogs and preferences). */
export const APP_COMMANDS = ['add', 'import', 'export', 'find', 'settings', 'shortcuts'] as const;
export type AppCommandName = (typeof APP_COMMANDS)[number];

/** Themes the View menu offers; the renderer's settings accept exactly these. */
export const THEMES = ['system', 'light', 'dark', 'sepia'] as const;
export type ThemeName = (typeof THEMES)[number];

/** What happened to a browser's pairing with Kho (src/core/connector-pairing.ts); used: its last use moved. */
export const PAIRING_CHANGES = ['requested', 'approved', 'denied', 'paired', 'used', 'revoked'] as const;
export type PairingChange = (typeof PAIRING_CHANGES)[number];
