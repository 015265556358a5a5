/** Preferences the UI keeps in the archive (`settings.get` / `settings.set`), read defensively. */

import { LIST_SORTS, type ListSortName } from '../../../shared/enums.js';

export type Theme = 'light' | 'dark' | 'sepia' | 'system';
export type LangChoice = 'auto' | 'en' | 'vi';
/** The reading font: the bundled serif or sans (both cover Vietnamese), or the system's own. */
export const READING_FONTS = ['serif', 'sans', 'system-serif', 'system-sans'] as const;
export type ReadingFont = (typeof READING_FONTS)[number];
/** The CSS font stack of each reading font. */
export const FONT_STACKS: Record<ReadingFont, string> = {
  serif: "'Noto Serif', Georgia, 'Times New Roman', serif",
  sans: "'Be Vietnam Pro', system-ui, sans-serif",
  'system-serif': "Georgia, 'Times New Roman', ui-serif, serif",
  'system-sans': "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
};
export interface SavedSearch {
  name: string;
  query: string;
}

export interface Settings {
  theme: Theme;
  lang: LangChoice;
  fontSize: number;
  lineWidth: number;
  lineHeight: number;
  font: ReadingFont;
  sort: ListSortName;
  recent: string[];
  saved: SavedSearch[];
  panel: boolean;
  /** The sidebar shows on wide windows (the ☰ button hides it). */
  sidebar: boolean;
  /** Focus mode: sidebar and list hidden while an article is open. */
  focus: boolean;
}

export const SETTING_KEYS = {
  theme: 'ui.theme',
  lang: 'ui.lang',
  fontSize: 'reader.font_size',
  lineWidth: 'reader.line_width',
  lineHeight: 'reader.line_height',
  font: 'reader.font',
  sort: 'list.sort',
  recent: 'search.recent',
  saved: 'search.saved',
  panel: 'reader.highlights_panel',
  sidebar: 'ui.sidebar',
  focus: 'reader.focus',
} as const satisfies Record<keyof Settings, string>;

export const FONT_SIZES = [15, 16, 17, 18, 19, 20, 22, 24, 26] as const;
export const LINE_WIDTHS = [34, 38, 42, 46, 52] as const; // in em
export const LINE_HEIGHTS = [1.4, 1.55, 1.7, 1.85, 2] as const;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  lang: 'auto',
  fontSize: 19,
  lineWidth: 42,
  lineHeight: 1.7,
  font: 'serif',
  sort: 'saved',
  recent: [],
  saved: [],
  panel: true,
  sidebar: true,
  focus: false,
};

function oneOf<T extends string>(v: unknown, options: readonly T[], fallback: T): T {
  return typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback;
}

function num(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

export function readSettings(values: Record<string, unknown>): Settings {
  const recent = Array.isArray(values[SETTING_KEYS.recent])
    ? (values[SETTING_KEYS.recent] as unknown[])
        .filter((s): s is string => typeof s === 'string')
        .slice(0, 10)
    : [];
  const saved = Array.isArray(values[SETTING_KEYS.saved])
    ? (values[SETTING_KEYS.saved] as unknown[]).filter(
        (s): s is SavedSearch =>
          typeof s === 'object' &&
          s !== null &&
          typeof (s as SavedSearch).name === 'string' &&
          typeof (s as SavedSearch).query === 'string',
      )
    : [];
  return {
    theme: oneOf(values[SETTING_KEYS.theme], ['light', 'dark', 'sepia', 'system'], DEFAULT_SETTINGS.theme),
    lang: oneOf(values[SETTING_KEYS.lang], ['auto', 'en', 'vi'], DEFAULT_SETTINGS.lang),
    fontSize: num(values[SETTING_KEYS.fontSize], 12, 32, DEFAULT_SETTINGS.fontSize),
    lineWidth: num(values[SETTING_KEYS.lineWidth], 28, 70, DEFAULT_SETTINGS.lineWidth),
    lineHeight: num(values[SETTING_KEYS.lineHeight], 1.2, 2.4, DEFAULT_SETTINGS.lineHeight),
    font: oneOf(values[SETTING_KEYS.font], READING_FONTS, DEFAULT_SETTINGS.font),
    sort: oneOf(values[SETTING_KEYS.sort], LIST_SORTS, DEFAULT_SETTINGS.sort),
    recent,
    saved,
    panel: bool(values[SETTING_KEYS.panel], DEFAULT_SETTINGS.panel),
    sidebar: bool(values[SETTING_KEYS.sidebar], DEFAULT_SETTINGS.sidebar),
    focus: bool(values[SETTING_KEYS.focus], DEFAULT_SETTINGS.focus),
  };
}
