import Mustache from 'mustache';
import { KhoError } from '../../../shared/errors.js';

/**
 * The body of each Obsidian note is a Mustache template (https://mustache.github.io/mustache.5.html) that the
 * user can edit; Kho writes the front matter and the marked line itself, so a template cannot break either.
 * `{{name}}` writes a value made safe for Markdown (no HTML tags); `{{{name}}}` writes it as it is.
 */

export const TEMPLATE_SETTING = 'export.obsidian-template';

export const DEFAULT_TEMPLATE = `# {{title}}

{{#source}}Source: [{{site_or_url}}]({{{source}}}){{/source}}{{#author}} · {{author}}{{/author}} · [Open in Kho]({{{kho_link}}})

## Highlights

{{#highlights}}
{{{blockquote}}}
> — #highlight/{{color}}{{#orphan}} · *no longer in the article*{{/orphan}} · [Open in Kho]({{{link}}})

{{#note}}
{{note}}

{{/note}}
{{#tag_line}}
{{tag_line}}

{{/tag_line}}
{{/highlights}}
{{^highlights}}
*No highlights yet.*
{{/highlights}}
`;

/** What a template can use, by where it stands. */
export const ARTICLE_FIELDS = [
  'id', 'title', 'url', 'source', 'site', 'site_or_url', 'author', 'published', 'saved', 'excerpt', 'kho_link',
  'tags', 'tag_line', 'highlights', 'highlight_count',
] as const; // prettier-ignore
export const HIGHLIGHT_FIELDS = [
  'id', 'quote', 'blockquote', 'note', 'color', 'tags', 'tag_line', 'link', 'orphan', 'created', 'updated',
] as const; // prettier-ignore
export const TAG_FIELDS = ['name', 'tag'] as const;

type Token = [string, string, number, number, Token[]?, number?];

function invalid(detail: string): KhoError {
  return new KhoError('INVALID_INPUT', `The Obsidian template is not valid: ${detail}`);
}

function check(tokens: Token[], known: ReadonlySet<string>, source: string): void {
  for (const [type, value, start, , children] of tokens) {
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') throw invalid(`{{> ${value}}} (partials) is not supported.`);
    const head = value === '.' ? '.' : value.split('.')[0]!;
    if (head !== '.' && !known.has(head)) {
      const line = source.slice(0, start).split('\n').length;
      throw invalid(
        `{{${value}}} on line ${line} is not something Kho fills in. It can use: ${[...known].sort().join(', ')}.`,
      );
    }
    if (children) {
      const inner =
        value === 'highlights'
          ? new Set([...known, ...HIGHLIGHT_FIELDS])
          : value === 'tags'
            ? new Set([...known, ...TAG_FIELDS])
            : known;
      check(children, inner, source);
    }
  }
}

/** Throws INVALID_INPUT naming the problem (syntax, an unknown name) and its line. */
export function validateTemplate(template: string): void {
  if (template.trim() === '') throw invalid('it is empty.');
  let tokens: Token[];
  try {
    tokens = Mustache.parse(template) as unknown as Token[];
  } catch (e) {
    throw invalid(`${(e as Error).message}.`.replace(/\.\.$/, '.'));
  }
  check(tokens, new Set(ARTICLE_FIELDS), template);
}

/** Markdown-safe text: no HTML tag or character reference can start inside it. */
export function markdownText(s: string): string {
  return s.replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;').replace(/</g, '&lt;');
}

export function renderTemplate(template: string, view: Record<string, unknown>): string {
  return Mustache.render(template, view, undefined, { escape: (v: unknown) => markdownText(String(v)) });
}
