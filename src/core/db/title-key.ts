/**
 * A sort key for titles whose plain byte order (SQLite's BINARY) is Vietnamese dictionary order, the
 * order `Intl.Collator('vi', { ignorePunctuation: true })` gives. better-sqlite3 cannot register a
 * collation, so the key is computed here once per write, stored in `articles.title_key` and indexed;
 * sorting 100k titles is then an index walk.
 *
 * Like a Unicode Collation Algorithm key it has three levels, compared in turn:
 * 1. letters in the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), digits before letters,
 *    other scripts after; punctuation, spaces and symbols are ignored ("“Quoted”" sorts under Q);
 * 2. tones in dictionary order (none, huyền, hỏi, ngã, sắc, nặng), then other accents;
 * 3. case, lower before upper.
 * tests/archive/title-sort.test.ts checks the order against Intl.Collator('vi') over the corpus titles.
 */

const ALPHABET = 'a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z'.split(' ');
const LETTER_WEIGHT = new Map(ALPHABET.map((letter, i) => [letter, i]));
/** Combining marks that are tones, in the order the collation ranks them. */
const TONE_WEIGHT: Record<string, number> = {
  '\u0300': 1, // huyền
  '\u0309': 2, // hỏi
  '\u0303': 3, // ngã
  '\u0301': 4, // sắc
  '\u0323': 5, // nặng
};
/** Marks that make a separate letter of the alphabet rather than an accent. */
const LETTER_MARKS: Record<string, Record<string, string>> = {
  '\u0306': { a: 'ă' },
  '\u0302': { a: 'â', e: 'ê', o: 'ô' },
  '\u031b': { o: 'ơ', u: 'ư' },
};
/** Below every weight, so a key that is a prefix of another sorts first at each level. */
const LEVEL_SEPARATOR = '\u0001';

type Weights = readonly [primary: string, secondary: string, tertiary: string] | null;

function weighCharacter(ch: string): Weights {
  const [base = '', ...marks] = ch.normalize('NFD');
  const lower = base.toLowerCase();
  const tertiary = ch !== ch.toLowerCase() ? '1' : '0';
  if (lower >= '0' && lower <= '9') return [lower, '0', tertiary];
  if (!/[\p{L}\p{N}]/u.test(lower)) return null;
  let letter = lower;
  let tone = 0;
  let accents = '';
  for (const mark of marks) {
    const asLetter = LETTER_MARKS[mark]?.[lower];
    if (asLetter) letter = asLetter;
    else if (TONE_WEIGHT[mark]) tone = TONE_WEIGHT[mark];
    else accents += mark;
  }
  const weight = LETTER_WEIGHT.get(letter);
  const cp = letter.codePointAt(0) ?? 0;
  // Alphabet letters take 0x100.., other letters keep their code point order after them.
  const primary =
    weight !== undefined
      ? String.fromCharCode(0x100 + weight)
      : String.fromCodePoint(cp < 0x1000 ? 0x1000 + cp : cp);
  return [primary, String.fromCharCode(0x30 + tone) + accents, tertiary];
}

const cache = new Map<string, Weights>();

/** The sort key of a title (see the module comment). */
export function titleSortKey(title: string): string {
  let primary = '';
  let secondary = '';
  let tertiary = '';
  for (const ch of title.normalize('NFC')) {
    let w = cache.get(ch);
    if (w === undefined) {
      w = weighCharacter(ch);
      if (cache.size < 10_000) cache.set(ch, w);
    }
    if (!w) continue;
    primary += w[0];
    secondary += w[1];
    tertiary += w[2];
  }
  return primary + LEVEL_SEPARATOR + secondary + LEVEL_SEPARATOR + tertiary;
}
