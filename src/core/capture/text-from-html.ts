import { parseHTML } from 'linkedom';
import { textFromDom, type TextModelNode } from '../../shared/text-model.js';

/**
 * content_text from content_html: parse with linkedom and apply the shared text model, so the
 * renderer (which runs the same model on the browser DOM) gets identical offsets.
 */
export function textFromHtml(html: string): string {
  const { document } = parseHTML(
    `<!doctype html><html><head></head><body>${html.normalize('NFC')}</body></html>`,
  );
  return textFromDom(document.body as unknown as TextModelNode).text.normalize('NFC');
}
