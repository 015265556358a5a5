import { vietnameseScore } from './charset.js';

/**
 * Primary language tag of an article: declared (<html lang>, meta) when plausible, else detected.
 * Vietnamese detection leans on letters no other language uses (ơ ư đ ă and the stacked tone marks),
 * which is reliable from a single sentence up.
 */

/** 'vi-VN' / 'en_US' / 'EN' -> 'vi' / 'en'; null for junk. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const m = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(tag ?? '');
  return m ? (m[1] as string).toLowerCase() : null;
}

const STOPWORDS: Record<string, string[]> = {
  en: [
    'the',
    'and',
    'of',
    'to',
    'is',
    'in',
    'that',
    'it',
    'for',
    'was',
    'with',
    'this',
    'are',
    'on',
    'you',
    'have',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'des',
    'est',
    'une',
    'dans',
    'que',
    'pour',
    'qui',
    'pas',
    'sur',
    'du',
    'au',
    'avec',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'mit',
    'den',
    'von',
    'zu',
    'ein',
    'eine',
    'auf',
    'sich',
    'dem',
    'auch',
  ],
  es: [
    'el',
    'los',
    'las',
    'y',
    'es',
    'una',
    'por',
    'para',
    'con',
    'del',
    'que',
    'se',
    'como',
    'pero',
    'muy',
    'está',
  ],
  pt: ['os', 'não', 'uma', 'para', 'com', 'do', 'da', 'que', 'em', 'se', 'mais', 'foi', 'são'],
  it: [
    'il',
    'gli',
    'di',
    'che',
    'non',
    'una',
    'per',
    'con',
    'del',
    'della',
    'sono',
    'è',
    'anche',
    'nel',
    'come',
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'van',
    'is',
    'niet',
    'dat',
    'op',
    'te',
    'zijn',
    'met',
    'voor',
    'ook',
    'maar',
    'wordt',
  ],
  // Only words that are not also common in English ('a', 'to', 'do' are left out on purpose).
  cs: [
    'je',
    'se',
    'na',
    'že',
    've',
    'jsou',
    'jako',
    'pro',
    'také',
    'které',
    'byl',
    'jsem',
    'který',
    'ale',
    'nebo',
    'být',
  ],
};

/** Detects the language of plain text; null when unsure. */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 20_000);
  if (vietnameseScore(sample) >= 0.04) return 'vi';
  const count = (re: RegExp): number => sample.match(re)?.length ?? 0;
  const letters = count(/\p{L}/gu);
  if (letters === 0) return null;
  const kana = count(/[\u3040-\u30ff]/g);
  const han = count(/\p{Script=Han}/gu);
  const scripts: [string, number][] = [
    ['ja', kana > 0 ? kana + han : 0],
    ['zh', kana === 0 ? han : 0],
    ['ko', count(/\p{Script=Hangul}/gu)],
    ['ru', count(/\p{Script=Cyrillic}/gu)],
    ['th', count(/\p{Script=Thai}/gu)],
    ['ar', count(/\p{Script=Arabic}/gu)],
    ['el', count(/\p{Script=Greek}/gu)],
    ['he', count(/\p{Script=Hebrew}/gu)],
  ];
  scripts.sort((a, b) => b[1] - a[1]);
  const top = scripts[0] as [string, number];
  if (top[1] / letters > 0.3) return top[0];

  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 3) return null;
  let best: string | null = null;
  let bestHits = 0;
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const set = new Set(list);
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  return bestHits / words.length >= 0.08 ? best : null;
}

/**
 * Declared language unless the text clearly contradicts it: pages copied from templates often say
 * lang="en" over Vietnamese text, and a wrong tag would send the article to the wrong analyser.
 */
export function resolveLanguage(declared: string | null | undefined, text: string): string | null {
  const d = primaryLanguage(declared);
  const detected = detectLanguage(text);
  if (!d) return detected;
  if (detected === 'vi' && d !== 'vi') return 'vi';
  if (d === 'vi' && detected && detected !== 'vi') return detected;
  return d;
}
