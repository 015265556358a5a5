/** Preferences the UI keeps in the archive (`settings.get` / `settings.set`), read defensively. */

import { LIST_SORTS, type ListSortName } from '../../../shared/enums.js';

export type Theme = 'light' | 'dark' | 'sepia' | 'system';
export type LangChoice = 'auto' | 'en' | 'vi';
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
  sort: ListSortName;
  recent: string[];
  saved: SavedSearch[];
  panel: boolean;
}

export const SETTING_KEYS = {
  theme: 'ui.theme',
  lang: 'ui.lang',
  fontSize: 'reader.font_size',
  lineWidth: 'reader.line_width',
  lineHeight: 'reader.line_height',
  sort: 'list.sort',
  recent: 'search.recent',
  saved: 'search.saved',
  panel: 'reader.highlights_panel',
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
  sort: 'saved',
  recent: [],
  saved: [],
  panel: true,
};

function oneOf<T extends string>(v: unknown, options: readonly T[], fallback: T): T {
  return typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback;
}

function num(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
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
    sort: oneOf(values[SETTING_KEYS.sort], LIST_SORTS, DEFAULT_SETTINGS.sort),
    recent,
    saved,
    panel: typeof values[SETTING_KEYS.panel] === 'boolean' ? (values[SETTING_KEYS.panel] as boolean) : true,
  };
}
