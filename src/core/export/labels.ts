import type { HighlightColorName } from '../../shared/enums.js';

/** The few words an export writes itself, in English or Vietnamese after the articles' language. */
const EN = {
  lang: 'en',
  notesFrom: 'Notes from Kho',
  highlightsAndNotes: 'Highlights and notes',
  contents: 'Contents',
  exported: 'Exported',
  articles: (n: number) => (n === 1 ? '1 article' : `${n} articles`),
  highlights: (n: number) => (n === 1 ? '1 highlight' : `${n} highlights`),
  openInKho: 'Open in Kho',
  orphan: 'This passage is no longer in the article.',
  colors: { yellow: 'yellow', green: 'green', blue: 'blue', pink: 'pink', purple: 'purple' },
  manyArticles: (n: number) => `Kho: ${n} articles`,
};

const VI: typeof EN = {
  lang: 'vi',
  notesFrom: 'Ghi chú từ Kho',
  highlightsAndNotes: 'Đoạn đánh dấu và ghi chú',
  contents: 'Mục lục',
  exported: 'Xuất ngày',
  articles: (n) => `${n} bài viết`,
  highlights: (n) => `${n} đoạn đánh dấu`,
  openInKho: 'Mở trong Kho',
  orphan: 'Đoạn này không còn trong bài viết.',
  colors: { yellow: 'vàng', green: 'xanh lá', blue: 'xanh dương', pink: 'hồng', purple: 'tím' },
  manyArticles: (n) => `Kho: ${n} bài viết`,
};

export type Labels = typeof EN & { colors: Record<HighlightColorName, string> };

/** Vietnamese when every language given is Vietnamese, English otherwise. */
export function labelsFor(langs: ReadonlyArray<string | null>): Labels {
  const known = langs.filter((l): l is string => !!l);
  return known.length > 0 && known.every((l) => /^vi\b/i.test(l)) ? VI : EN;
}
