/**
 * Kho stores UTF-16 offsets (what JavaScript strings and DOM ranges use); the W3C TextPositionSelector
 * counts Unicode code points. These convert at the export/import boundary.
 */

export function utf16ToCodePointOffset(text: string, offset: number): number {
  let cp = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Count a surrogate pair once: skip its high half.
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1)))) cp++;
  }
  return cp;
}

export function codePointToUtf16Offset(text: string, offset: number): number {
  let i = 0;
  for (let cp = 0; cp < offset && i < text.length; cp++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
