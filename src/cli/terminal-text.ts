/**
 * Text from the archive made safe to print. A saved page is hostile input: a title, author, tag or note
 * carrying ESC/BEL/CSI sequences would otherwise clear the screen, rename the terminal window, hide text
 * or write to the clipboard when `kho list` prints it. Control characters are shown as visible `\xNN`
 * escapes instead: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F, which some terminals obey as CSI/OSC).
 */

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const INLINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Multi-line text keeps its line breaks and tabs; a carriage return could still overwrite a line. */
// eslint-disable-next-line no-control-regex
const BLOCK_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const JSON_UNESCAPED_CONTROLS = /[\u007f-\u009f]/g;

function visible(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** One-line fields (titles, sites, authors, tags, paths): every control character escaped. */
export function inlineText(text: string): string {
  return text.replace(INLINE_CONTROLS, visible);
}

/** Multi-line text (article text, notes, messages): line breaks and tabs kept, other controls escaped. */
export function blockText(text: string): string {
  return text.replace(BLOCK_CONTROLS, visible);
}

/**
 * JSON for --json: JSON.stringify already escapes C0; DEL and C1 are escaped too (`\u009b`), so the output
 * is the same JSON value and never drives a terminal it is shown on.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNESCAPED_CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
