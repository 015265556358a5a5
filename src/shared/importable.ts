/** File types Kho saves as articles: one list for `kho import`, the app's Import dialog and its file pickers. */
export const IMPORTABLE_EXTENSIONS: readonly string[] = [
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.xhtml',
  '.mhtml',
  '.mht',
];

/** Capture's limit for one article file (checked before reading). */
export const MAX_ARTICLE_FILE_BYTES = 50 * 1024 * 1024;

export function isImportableName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMPORTABLE_EXTENSIONS.includes(name.slice(dot).toLowerCase());
}
