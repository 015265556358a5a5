import { en, type MessageKey } from './en.js';
import { vi } from './vi.js';

export type Lang = 'en' | 'vi';
export type { MessageKey };
export const LANGS: Record<Lang, Record<MessageKey, string>> = { en, vi };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The UI language: the saved choice, else the browser's (Vietnamese if it prefers vi, else English). */
export function resolveLang(saved: unknown, navigatorLangs: readonly string[]): Lang {
  if (saved === 'en' || saved === 'vi') return saved;
  for (const l of navigatorLangs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'vi') return 'vi';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function makeTranslate(lang: Lang): Translate {
  const table = LANGS[lang];
  const numberFormat = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US');
  return (key, params) => {
    // English singulars live under "<key>.one"; Vietnamese has no plural forms.
    const oneKey = `${key}.one` as MessageKey;
    const template = params?.n === 1 && oneKey in table ? table[oneKey] : (table[key] ?? en[key] ?? key);
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = params[name];
      if (v === undefined) return m;
      return typeof v === 'number' ? numberFormat.format(v) : v;
    });
  };
}
