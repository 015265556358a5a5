import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { safeLinkUrl } from '../../capture/sanitize.js';
import { labelsFor, type Labels } from '../labels.js';
import { noteHtml } from '../note-html.js';
import { safeFileStem } from '../obsidian/file-names.js';
import { dayStamp, type ExportDoc, type ExportFile } from '../types.js';
import { appendHtml } from './xhtml.js';
import {
  CONTAINER_NS,
  DC_NS,
  EPUB_NS,
  OPF_NS,
  XHTML_NS,
  createXmlDocument,
  el,
  serializeXml,
  type XmlDocument,
  type XmlElement,
} from './xml.js';

/**
 * EPUB 3 of the selected articles for e-readers: `mimetype` first and stored, META-INF/container.xml, a
 * package document (unique identifier, title, languages, dcterms:modified, a manifest listing every file,
 * spine in export order), a navigation document, one XHTML page per article with its archived images and,
 * at its end, its highlights and notes. Written to what EPUBCheck checks (tests/export/epub.test.ts).
 */

export interface EpubDoc extends ExportDoc {
  html: string;
}

export interface EpubSources {
  asset(sha256: string): { mime: string; bytes: Buffer } | null;
}

/** EPUB 3 core media types for images; others (AVIF, BMP) would need fallbacks, so they travel as their alt text. */
const IMAGE_EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const STYLE = `body { font-family: serif; line-height: 1.5; }
h1 { font-size: 1.5em; line-height: 1.25; }
.kho-meta { font-size: .85em; color: #555; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
.kho-notes { margin-top: 2em; border-top: 1px solid #999; }
.kho-hl { margin: 1em 0 .25em; padding-left: .75em; border-left: .3em solid #999; }
.kho-yellow { border-color: #e3b341; } .kho-green { border-color: #3fb950; } .kho-blue { border-color: #4493f8; }
.kho-pink { border-color: #db61a2; } .kho-purple { border-color: #a371f7; }
.kho-hl-meta { font-size: .8em; color: #555; }
.kho-img-missing { font-style: italic; }
`;

const LANG_RE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
const langOf = (lang: string | null): string | null => (lang && LANG_RE.test(lang) ? lang : null);

/** A stable urn:uuid for the same selection of articles (name-based, RFC 4122 layout over SHA-256). */
function bookId(docs: EpubDoc[]): string {
  const h = createHash('sha256')
    .update('kho-epub:' + docs.map((d) => d.article.id).join(','))
    .digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function xhtmlPage(title: string, lang: string | null, head: (doc: XmlDocument) => XmlElement[]) {
  const doc = createXmlDocument(XHTML_NS, 'html', true);
  const html = doc.documentElement!;
  html.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:epub', EPUB_NS);
  if (lang) {
    html.setAttribute('lang', lang);
    html.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang);
  }
  html.appendChild(
    el(doc, 'head', {}, [el(doc, 'meta', { charset: 'utf-8' }), el(doc, 'title', {}, [title]), ...head(doc)]),
  );
  const body = el(doc, 'body');
  html.appendChild(body);
  return { doc, body };
}

function chapter(d: EpubDoc, l: Labels, image: (sha: string) => string | null): string {
  const { article, annotations } = d;
  const lang = langOf(article.lang);
  const { doc, body } = xhtmlPage(article.title, lang, (x) => [
    el(x, 'link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' }),
  ]);
  const section = el(doc, 'article');
  body.appendChild(section);
  section.appendChild(el(doc, 'h1', {}, [article.title]));
  const meta = [article.byline, article.site, article.published_at?.slice(0, 10)].filter(
    (v): v is string => !!v,
  );
  const source = safeLinkUrl(article.url, null);
  if (meta.length || source) {
    const p = el(doc, 'p', { class: 'kho-meta' }, [meta.join(' · ')]);
    if (source) {
      if (meta.length) p.appendChild(doc.createTextNode(' · '));
      p.appendChild(el(doc, 'a', { href: source }, [source]));
    }
    section.appendChild(p);
  }
  const content = el(doc, 'div', { class: 'kho-content' });
  appendHtml(doc, content, d.html, { image });
  section.appendChild(content);

  if (annotations.length) {
    const notes = el(doc, 'section', { class: 'kho-notes', 'epub:type': 'appendix' }, [
      el(doc, 'h2', {}, [l.highlightsAndNotes]),
    ]);
    for (const a of annotations) {
      const quote = el(
        doc,
        'blockquote',
        { class: `kho-hl kho-${a.color}` },
        a.exact.split(/\n{2,}/).map((p) => el(doc, 'p', {}, [p])),
      );
      if (a.status === 'orphan') quote.appendChild(el(doc, 'p', {}, [el(doc, 'em', {}, [l.orphan])]));
      notes.appendChild(quote);
      // No kho:// link here: e-readers cannot open it (EPUBCheck warns of an unregistered scheme, HTM-025).
      const tags = a.tags.map((t) => '#' + t).join(' ');
      notes.appendChild(
        el(doc, 'p', { class: 'kho-hl-meta' }, [[l.colors[a.color], tags].filter(Boolean).join(' · ')]),
      );
      if (a.note?.trim()) {
        const note = el(doc, 'div', { class: 'kho-note' });
        appendHtml(doc, note, noteHtml(a.note), { image: () => null });
        notes.appendChild(note);
      }
    }
    section.appendChild(notes);
  }
  return serializeXml(doc);
}

function nav(docs: EpubDoc[], l: Labels, lang: string, href: (d: EpubDoc) => string): string {
  const { doc, body } = xhtmlPage(l.contents, lang, () => []);
  body.appendChild(
    el(doc, 'nav', { 'epub:type': 'toc', id: 'toc' }, [
      el(doc, 'h1', {}, [l.contents]),
      el(
        doc,
        'ol',
        {},
        docs.map((d) => el(doc, 'li', {}, [el(doc, 'a', { href: href(d) }, [d.article.title])])),
      ),
    ]),
  );
  return serializeXml(doc);
}

function container(): string {
  const doc = createXmlDocument(CONTAINER_NS, 'container');
  const root = doc.documentElement!;
  root.setAttribute('version', '1.0');
  root.appendChild(
    el(doc, 'rootfiles', {}, [
      el(doc, 'rootfile', {
        'full-path': 'OEBPS/content.opf',
        'media-type': 'application/oebps-package+xml',
      }),
    ]),
  );
  return serializeXml(doc);
}

interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

function packageDocument(opts: {
  identifier: string;
  title: string;
  languages: string[];
  creators: string[];
  modified: string;
  items: ManifestItem[];
  spine: string[];
}): string {
  const doc = createXmlDocument(OPF_NS, 'package');
  const pkg = doc.documentElement!;
  pkg.setAttribute('version', '3.0');
  pkg.setAttribute('unique-identifier', 'book-id');
  pkg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:dc', DC_NS);
  const dc = (name: string, text: string, attrs: Record<string, string> = {}) =>
    el(doc, `dc:${name}`, attrs, [text], DC_NS);
  pkg.appendChild(
    el(doc, 'metadata', {}, [
      dc('identifier', opts.identifier, { id: 'book-id' }),
      dc('title', opts.title),
      ...opts.languages.map((lang) => dc('language', lang)),
      ...opts.creators.map((c) => dc('creator', c)),
      el(doc, 'meta', { property: 'dcterms:modified' }, [opts.modified]),
    ]),
  );
  pkg.appendChild(
    el(
      doc,
      'manifest',
      {},
      opts.items.map((i) =>
        el(doc, 'item', { id: i.id, href: i.href, 'media-type': i.mediaType, properties: i.properties }),
      ),
    ),
  );
  pkg.appendChild(
    el(
      doc,
      'spine',
      {},
      opts.spine.map((id) => el(doc, 'itemref', { idref: id })),
    ),
  );
  return serializeXml(doc);
}

export function buildEpub(docs: EpubDoc[], sources: EpubSources, now = new Date()): ExportFile {
  const languages = [...new Set(docs.map((d) => langOf(d.article.lang)).filter((l): l is string => !!l))];
  const l = labelsFor(docs.map((d) => d.article.lang));
  const files: Zippable = {};
  // The OCF rules: `mimetype` is the first entry, stored (not compressed), with no extra field.
  files['mimetype'] = [strToU8('application/epub+zip'), { level: 0 }];
  files['META-INF/container.xml'] = strToU8(container());

  const items: ManifestItem[] = [
    { id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'style', href: 'style.css', mediaType: 'text/css' },
  ];
  const images = new Map<string, string | null>();
  const image = (sha: string): string | null => {
    if (!images.has(sha)) {
      const asset = sources.asset(sha);
      const ext = asset ? IMAGE_EXT[asset.mime] : undefined;
      if (!asset || !ext) {
        images.set(sha, null);
      } else {
        const href = `images/${sha}.${ext}`;
        images.set(sha, href);
        items.push({ id: `img-${sha.slice(0, 16)}`, href, mediaType: asset.mime });
        // Already compressed formats are stored as they are.
        files[`OEBPS/${href}`] = [new Uint8Array(asset.bytes), { level: 0 }];
      }
    }
    return images.get(sha) ?? null;
  };

  // Pages sit beside nav.xhtml and style.css, so every reference is a plain relative path.
  const pageHref = (d: EpubDoc) => `article-${d.article.id}.xhtml`;
  const spine: string[] = [];
  for (const d of docs) {
    const id = `article-${d.article.id}`;
    files[`OEBPS/${pageHref(d)}`] = strToU8(chapter(d, labelsFor([d.article.lang]), image));
    items.push({ id, href: pageHref(d), mediaType: 'application/xhtml+xml' });
    spine.push(id);
  }
  files['OEBPS/nav.xhtml'] = strToU8(nav(docs, l, languages[0] ?? l.lang, pageHref));
  files['OEBPS/style.css'] = strToU8(STYLE);
  const single = docs.length === 1 ? docs[0]!.article : null;
  files['OEBPS/content.opf'] = strToU8(
    packageDocument({
      identifier: bookId(docs),
      title: single ? single.title : `${l.manyArticles(docs.length)} · ${dayStamp(now)}`,
      languages: languages.length ? languages : [l.lang],
      creators: single?.byline ? [single.byline] : [],
      // CCYY-MM-DDThh:mm:ssZ exactly: no fraction of a second.
      modified: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      items,
      spine,
    }),
  );
  const zip = zipSync(files, { level: 6, mtime: now });
  return {
    filename: `${single ? safeFileStem(single.title) : `kho-articles-${dayStamp(now)}`}.epub`,
    mime: 'application/epub+zip',
    encoding: 'base64',
    content: Buffer.from(zip).toString('base64'),
  };
}
