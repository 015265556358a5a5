import { useEffect } from 'preact/hooks';
import type { Lang, Translate } from '../i18n/index.js';
import type { Theme } from '../lib/settings.js';

/** The theme (following the system's light or dark when asked), the language and the title of the page. */
export function useDocumentLook(theme: Theme, lang: Lang, t: Translate): void {
  useEffect(() => {
    const root = document.documentElement;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      root.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.name');
  }, [lang, t]);
}

/** While an article is open, the window is named after it; the previous title comes back after. */
export function useWindowTitle(title: string | null, t: Translate): void {
  useEffect(() => {
    if (title === null) return;
    const previous = document.title;
    document.title = `${title} — ${t('app.name')}`;
    return () => {
      document.title = previous;
    };
  }, [title, t]);
}
