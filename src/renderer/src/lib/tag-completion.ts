/**
 * Tag-name completion in the search field. While the caret is in a `tag:` value (bare, or opened with a
 * quote), the archive's tag names that match what is typed are offered; choosing one writes it quoted
 * when it holds a space or a quote (`tag:du lịch` would search for the tag "du" and the word "lịch").
 */

/** Where the `tag:` value being typed is: [start, end) of the value, and its text without the quote. */
export interface TagToken {
  start: number;
  end: number;
  typed: string;
}

const TAG_VALUE_BEFORE_CARET = /(?:^|\s)-?tag:("[^"]*|[^\s"]*)$/iu;

/** The tag: value the caret is in, or null. */
export function tagTokenAt(text: string, caret: number): TagToken | null {
  const m = TAG_VALUE_BEFORE_CARET.exec(text.slice(0, caret));
  if (!m) return null;
  const value = m[1]!;
  const start = caret - value.length;
  let end = caret;
  if (value.startsWith('"')) {
    // the rest of a quoted name up to its closing quote ("du l|ịch"), not a later phrase's quote
    const close = text.indexOf('"', caret);
    if (close >= 0 && !/\s/u.test(text.slice(caret, close))) end = close + 1;
  } else while (end < text.length && !/[\s"]/u.test(text[end]!)) end++;
  return { start, end, typed: value.replace(/^"/, '') };
}

/** Lowercase without diacritics (đ -> d): "Du Lịch" and "du lich" match. */
function fold(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

/** Tag names matching what is typed: those starting with it first, then those containing it. */
export function tagSuggestions(names: readonly string[], typed: string, limit = 8): string[] {
  const q = fold(typed.trim());
  const starts: string[] = [];
  const contains: string[] = [];
  for (const name of names) {
    const f = fold(name);
    if (f === q && typed.trim() === name) continue; // already typed in full
    if (f.startsWith(q)) starts.push(name);
    else if (q && f.includes(q)) contains.push(name);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** The field's text with the token replaced by the chosen name, and where the caret goes. */
export function applyTag(text: string, token: TagToken, name: string): { text: string; caret: number } {
  const value = /[\s"]/u.test(name) ? `"${name.replace(/"/g, '')}"` : name;
  const rest = text.slice(token.end);
  const before = text.slice(0, token.start) + value;
  // one space after the name, and the caret after it
  const after = rest.startsWith(' ') ? rest : ` ${rest}`;
  return { text: before + after, caret: before.length + 1 };
}
