/**
 * Characters that must not reach a label (title, site, tag name) as written: control characters (a
 * terminal runs escape sequences; a UI shows boxes), bidirectional overrides and isolates (they
 * reorder the text that follows, so a label can read differently from what it is) and characters
 * that take no space (a tag made only of them looks empty). No Node, no DOM: the contract, capture
 * and the renderer share these.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** Characters with no visible width: soft hyphen, zero-width space/joiners, marks, word joiner, BOM... */
export const INVISIBLE_CHARS =
  // eslint-disable-next-line no-misleading-character-class -- each mark is listed on its own, on purpose
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;

export function hasControlChars(s: string): boolean {
  return new RegExp(CONTROL_CHARS.source).test(s);
}

export function hasBidiControls(s: string): boolean {
  return new RegExp(BIDI_CONTROLS.source).test(s);
}

/** True when `s` shows nothing: only whitespace and invisible characters. */
export function isInvisible(s: string): boolean {
  return s.replace(INVISIBLE_CHARS, '').trim() === '';
}

/**
 * A one-line label as it may be stored and shown: control characters become spaces, bidi controls go,
 * whitespace runs become one space, trimmed, NFC.
 */
export function cleanLabel(s: string): string {
  return s
    .replace(CONTROL_CHARS, ' ')
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}
