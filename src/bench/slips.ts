/**
 * Typing slips as people make them, applied to one word (deterministic for a given random source):
 * a dropped, doubled or swapped letter; for Vietnamese also a missing or an extra tone mark.
 */
import { fold } from '../core/search/analysis.js';

export type SlipKind = 'drop' | 'double' | 'swap' | 'tone';

export interface Slip {
  word: string;
  folded: string;
  kind: SlipKind;
}

const LETTER_KINDS: SlipKind[] = ['drop', 'double', 'swap'];

/** A letter slip inside the word (never its first letter: people rarely slip there). */
function letterSlip(word: string, kind: SlipKind, random: () => number): string | null {
  const chars = [...word];
  if (chars.length < 3) return null;
  const i = 1 + Math.floor(random() * (chars.length - 1));
  if (kind === 'drop') return [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
  if (kind === 'double') return [...chars.slice(0, i + 1), ...chars.slice(i)].join('');
  // swap with the previous letter (not the first pair)
  if (i < 2 || chars[i] === chars[i - 1]) return null;
  return [...chars.slice(0, i - 1), chars[i]!, chars[i - 1]!, ...chars.slice(i + 1)].join('');
}

export function slipEnglish(word: string, random: () => number): Slip | null {
  const kind = LETTER_KINDS[Math.floor(random() * LETTER_KINDS.length)]!;
  const w = letterSlip(word, kind, random);
  return w ? { word: w, folded: fold(w), kind } : null;
}

/** Vietnamese tone marks (combining, NFD); vowel marks (circumflex, breve, horn) are letters' own. */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const HAS_TONE = /[\u0300\u0301\u0303\u0309\u0323]/u;
const VOWEL = /[aeiouy]/u;

/** The syllable without its tone mark, or with an acute on its first vowel if it had none. */
function toneSlip(word: string): string | null {
  const nfd = word.normalize('NFD');
  if (HAS_TONE.test(nfd)) return nfd.replace(TONES, '').normalize('NFC');
  const m = VOWEL.exec(nfd);
  if (!m) return null;
  // after the vowel and any vowel marks of its own
  let at = m.index + 1;
  while (at < nfd.length && /[\u0302\u0306\u031b]/u.test(nfd[at]!)) at++;
  return (nfd.slice(0, at) + '\u0301' + nfd.slice(at)).normalize('NFC');
}

export function slipVietnamese(word: string, random: () => number): Slip | null {
  const kinds: SlipKind[] = [...LETTER_KINDS, 'tone'];
  const kind = kinds[Math.floor(random() * kinds.length)]!;
  // letter slips act on NFC letters: a toned vowel (ờ) is dropped, doubled or swapped whole
  const w = kind === 'tone' ? toneSlip(word) : letterSlip(word, kind, random);
  return w ? { word: w, folded: fold(w), kind } : null;
}
