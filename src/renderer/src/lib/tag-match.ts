import { fold } from '../../../shared/fold.js';

/** Same tag for the archive: case and Unicode spelling do not matter, diacritics do ("Việt" = "việt"). */
export function sameTag(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKC').toLowerCase().normalize('NFC').trim();
  return key(a) === key(b);
}

const collator = new Intl.Collator('vi');

/**
 * Tags that complete what is typed, best first: matching ignores case, Unicode spelling and diacritics
 * ("viet" and "việt" both find "Việt Nam"). A tag that starts with it ranks above one with a level or a
 * word that starts with it, above one that merely contains it.
 */
export function completeTag(
  all: readonly string[],
  typed: string,
  exclude: readonly string[] = [],
  limit = 8,
): string[] {
  const nfc = typed.normalize('NFKC').trim();
  const want = fold(nfc);
  const lower = nfc.toLowerCase();
  const ranked: Array<[number, string]> = [];
  for (const tag of all) {
    if (exclude.some((x) => sameTag(x, tag))) continue;
    const spelled = tag.normalize('NFKC');
    const have = fold(spelled);
    let rank: number;
    if (!want) rank = 3;
    else if (have === want) rank = 0;
    else if (have.startsWith(want)) rank = 1;
    else if (have.split(/[/\s]+/).some((part) => part.startsWith(want))) rank = 2;
    else if (have.includes(want)) rank = 3;
    else continue;
    // Among equals, the closer spelling first: the same diacritics, then the same case.
    const diacritics = spelled.toLowerCase().includes(lower) ? 0 : 2;
    const cased = spelled.includes(nfc) ? 0 : 1;
    ranked.push([rank * 4 + diacritics + cased, tag]);
  }
  ranked.sort((a, b) => a[0] - b[0] || collator.compare(a[1], b[1]));
  return ranked.slice(0, limit).map(([, tag]) => tag);
}
