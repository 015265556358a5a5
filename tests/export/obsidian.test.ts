import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/core/export/obsidian/note.js';
import { DEFAULT_TEMPLATE, TEMPLATE_SETTING } from '../../src/core/export/obsidian/template.js';
import type { OperationOutput } from '../../src/shared/contract.js';
import { parseArchiveLink } from '../../src/shared/links.js';
import { failure } from '../helpers/failure.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildFixture, EN_TITLE, VI_TITLE, type Fixture } from './support.js';

const FRONT = /^---\n([\s\S]*?)\n---\n/;
const frontMatter = (text: string) => YAML.parse(FRONT.exec(text)![1]!) as Record<string, unknown>;
const LINK = /kho:\/\/article\/(\d+)\/highlight\/(\d+)/g;

const VI_FILE = `${VI_TITLE}.md`;
const EN_FILE = "The Quiet Return of the River Ferries Float, don't sit & more.md";

type FolderResult = Extract<OperationOutput<'export.run'>, { kind: 'folder' }>;

let f: Fixture;
let tmp: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  f = await buildFixture();
  tmp = makeTempDir('kho-obsidian-');
}, 60_000);
afterAll(async () => {
  await f.t.close();
  tmp.cleanup();
});

async function exportTo(folder: string, extra: Record<string, unknown> = {}): Promise<FolderResult> {
  const r = await f.t.call('export.run', { format: 'obsidian', folder, ...extra });
  expect(r.kind).toBe('folder');
  return r as FolderResult;
}

describe('Obsidian export into a folder', () => {
  it('writes one note per article whose front matter parses back to the article', async () => {
    const folder = path.join(tmp.dir, 'vault', 'Kho'); // created, parents too
    const r = await exportTo(folder);
    expect(r.path).toBe(folder);
    expect(r.files.map((x) => [x.name, x.action])).toEqual([
      [EN_FILE, 'created'],
      [VI_FILE, 'created'],
    ]);
    expect(readdirSync(folder).sort()).toEqual([EN_FILE, VI_FILE].sort());

    const vi = readFileSync(path.join(folder, VI_FILE), 'utf8');
    expect(frontMatter(vi)).toEqual({
      title: VI_TITLE,
      url: f.vi.url,
      site: 'nhandan.vn',
      author: 'Thu Hằng',
      published: f.vi.published_at,
      saved: f.vi.saved_at,
      tags: ['chính-trị/địa-phương', 'dân-vận'],
      kho_id: f.vi.id,
    });
    const en = readFileSync(path.join(folder, EN_FILE), 'utf8');
    // Quotes, colon, ampersand and angle brackets survive YAML quoting exactly; no author, so no key.
    expect(frontMatter(en)).toEqual({
      title: EN_TITLE,
      url: f.en.url,
      site: 'example.com',
      saved: f.en.saved_at,
      tags: ['_2024', 'transport'], // a tag of digits only is not an Obsidian tag
      kho_id: f.en.id,
    });
    for (const text of [vi, en]) {
      expect(text).toBe(text.normalize('NFC'));
      expect(text.split('\n').filter((l) => l === MARKER)).toHaveLength(1);
      expect(text.trimEnd().endsWith(MARKER)).toBe(true);
    }
  });

  it('quotes every highlight with its colour, note, tags and a well-formed kho:// link to it', async () => {
    const folder = path.join(tmp.dir, 'links');
    await exportTo(folder);
    const texts = {
      [f.vi.id]: readFileSync(path.join(folder, VI_FILE), 'utf8'),
      [f.en.id]: readFileSync(path.join(folder, EN_FILE), 'utf8'),
    };
    for (const h of f.highlights) {
      const text = texts[h.article_id]!;
      const link = `kho://article/${h.article_id}/highlight/${h.id}`;
      const block = text.slice(text.indexOf(`> ${h.exact}`), text.indexOf(link) + link.length + 1);
      expect(block.startsWith(`> ${h.exact}\n> — #highlight/${h.color}`)).toBe(true);
      expect(block).toContain(`[Open in Kho](${link})`);
    }
    for (const [id, text] of Object.entries(texts)) {
      const links = [...text.matchAll(LINK)].map((m) => [Number(m[1]), Number(m[2])] as const);
      const expected = f.highlights.filter((h) => h.article_id === Number(id));
      // The app opens each link at its highlight (src/shared/links.ts is what it parses links with).
      for (const m of text.matchAll(LINK))
        expect(parseArchiveLink(m[0])).toEqual({ target: 'highlight', id: Number(m[2]) });
      expect(links.map(([, h]) => h).sort()).toEqual(expected.map((h) => h.id).sort());
      for (const [a] of links) expect(a).toBe(Number(id));
    }
    const vi = texts[f.vi.id]!;
    expect(vi).toContain('Ý chính: **dân vận** là trọng tâm.');
    expect(vi).toContain('#quan-trọng #ghi-chú');
    // HTML typed into a note cannot become markup in Obsidian.
    expect(vi).toContain('&lt;script>alert("x")&lt;/script>');
    expect(vi).not.toContain('<script');
    expect(texts[f.en.id]).toContain(
      '# The Quiet Return of the River Ferries: "Float, don\'t sit" & &lt;more>',
    );
    // The source link's parentheses cannot end the Markdown link early.
    expect(texts[f.en.id]).toContain('(https://example.com/news/ferries?route=north&day=%28mon%29)');
  });

  it('re-exports into the same folder: Kho updates its part, the user keeps theirs, nothing is duplicated', async () => {
    const folder = path.join(tmp.dir, 'again');
    await exportTo(folder);
    const viPath = path.join(folder, VI_FILE);
    const mine = '\n## Suy nghĩ của tôi\nGhi chú riêng — không được mất.\n\n- [ ] đọc lại\n';
    const original = readFileSync(viPath, 'utf8');
    writeFileSync(
      viPath,
      original.replace('\nkho_id:', '\nrating: 5 # my own score\nkho_id:') + mine.slice(1),
    );
    const userFile = path.join(folder, 'Của tôi.md');
    writeFileSync(userFile, '# Của tôi\nkho_id: 1 is not front matter here\n');

    const [first, second] = f.highlights.filter((h) => h.article_id === f.vi.id);
    await f.t.call('annotations.update', { id: first!.id, note: 'Ghi chú đã sửa' });
    await f.t.call('annotations.delete', { id: second!.id });
    const text = (await f.t.call('articles.get', { id: f.vi.id })).content_text;
    const at = text.indexOf('nông thôn mới');
    const added = await f.t.call('annotations.create', {
      article_id: f.vi.id,
      start: at,
      end: at + 13,
      color: 'pink',
    });
    const renamed = 'Bến Tre: lấy sự hài lòng của dân làm thước đo';
    await f.t.call('articles.update', { ids: [f.vi.id], title: renamed });

    const r = await exportTo(folder);
    expect(r.files.map((x) => [x.name, x.action])).toEqual([
      [EN_FILE, 'unchanged'],
      [VI_FILE, 'updated'], // the renamed article keeps its file
    ]);
    expect(readdirSync(folder).sort()).toEqual([EN_FILE, VI_FILE, 'Của tôi.md'].sort());
    const vi = readFileSync(viPath, 'utf8');
    expect(vi.slice(vi.indexOf(MARKER) + MARKER.length + 1)).toBe(mine.slice(1));
    expect(frontMatter(vi)).toMatchObject({ title: renamed, rating: 5, kho_id: f.vi.id });
    expect(vi).toContain('rating: 5 # my own score');
    expect(vi).toContain(`# ${renamed}`);
    expect(vi).toContain('Ghi chú đã sửa');
    expect(vi).not.toContain('Ý chính');
    expect(vi).not.toContain(`/highlight/${second!.id})`);
    expect(vi).toContain(
      `> nông thôn mới\n> — #highlight/pink · [Open in Kho](kho://article/${f.vi.id}/highlight/${added.id})`,
    );
    expect(readFileSync(userFile, 'utf8')).toBe('# Của tôi\nkho_id: 1 is not front matter here\n');

    const again = await exportTo(folder);
    expect(again.files.map((x) => x.action)).toEqual(['unchanged', 'unchanged']);
    expect(readFileSync(viPath, 'utf8')).toBe(vi);
  });

  it('leaves a note whose marked line is gone untouched, and says why', async () => {
    const folder = path.join(tmp.dir, 'no-marker');
    await exportTo(folder);
    const enPath = path.join(folder, EN_FILE);
    const edited = readFileSync(enPath, 'utf8').replace(MARKER, 'I rewrote everything here.');
    writeFileSync(enPath, edited);
    await f.t.call('annotations.update', { id: f.highlights[2]!.id, note: 'changed after the edit' });
    const r = await exportTo(folder);
    const en = r.files.find((x) => x.article_id === f.en.id)!;
    expect(en.action).toBe('skipped');
    expect(en.reason).toContain('is gone');
    expect(readFileSync(enPath, 'utf8')).toBe(edited);
    expect(readdirSync(folder)).toHaveLength(2);
  });

  it('refuses a folder path that is a file', async () => {
    const file = path.join(tmp.dir, 'a-file.md');
    writeFileSync(file, 'x');
    const e = await failure(f.t.call('export.run', { format: 'obsidian', folder: file }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('is a file, not a folder');
  });
});

describe('Obsidian template', () => {
  it('uses the default until one is saved, then the saved one', async () => {
    expect(await f.t.call('export.getTemplate', {})).toEqual({
      template: DEFAULT_TEMPLATE,
      default_template: DEFAULT_TEMPLATE,
      custom: false,
    });
    const mine =
      '## {{title}} ({{highlight_count}})\n\n{{#highlights}}\n- {{quote}} [{{color}}]({{{link}}}){{#tags}} #{{name}}{{/tags}}\n{{/highlights}}\n';
    expect(await f.t.call('export.setTemplate', { template: mine })).toMatchObject({
      template: mine,
      custom: true,
    });
    const folder = path.join(tmp.dir, 'templated');
    await exportTo(folder);
    const en = readFileSync(path.join(folder, EN_FILE), 'utf8');
    const hs = (await f.t.call('annotations.list', { article_id: f.en.id })).items;
    const body = [
      `## The Quiet Return of the River Ferries: "Float, don't sit" & &lt;more> (${hs.length})`,
      '',
      ...hs.map(
        (h) =>
          `- ${h.exact} [${h.color}](kho://article/${f.en.id}/highlight/${h.id})${h.tags.map((t) => ` #${t}`).join('')}`,
      ),
    ].join('\n');
    expect(en.slice(en.indexOf('\n---\n') + 5)).toBe(`\n${body}\n\n${MARKER}\n`);
    await f.t.call('export.setTemplate', { template: null });
    expect((await f.t.call('export.getTemplate', {})).custom).toBe(false);
  });

  it('refuses a broken template with a clear message and keeps the saved one', async () => {
    const saved = '# {{title}}\n';
    await f.t.call('export.setTemplate', { template: saved });
    const cases: Array<[string, RegExp]> = [
      ['{{#highlights}}\n> {{quote}}\n', /not valid: Unclosed section "highlights"/],
      ['# {{title}}\n\n{{titel}}\n', /\{\{titel\}\} on line 3 is not something Kho fills in/],
      ['{{> header}}', /partials/],
      ['   \n', /it is empty/],
    ];
    for (const [template, message] of cases) {
      const e = await failure(f.t.call('export.setTemplate', { template }));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(message);
      expect((await f.t.call('export.getTemplate', {})).template).toBe(saved);
    }
    const folder = path.join(tmp.dir, 'never-written');
    const e = await failure(
      f.t.call('export.run', { format: 'obsidian', folder, template: '{{/highlights}}' }),
    );
    expect(e.message).toMatch(/Obsidian template is not valid: Unopened section "highlights"/);
    expect(existsSync(folder)).toBe(false);
    // A template saved around the check (settings.set) is caught when used.
    await f.t.call('settings.set', { key: TEMPLATE_SETTING, value: 42 });
    const bad = await failure(f.t.call('export.run', { format: 'obsidian' }));
    expect(bad.message).toContain(`setting "${TEMPLATE_SETTING}"`);
    await f.t.call('export.setTemplate', { template: null });
  });

  it('a template applies to the Obsidian format only', async () => {
    const e = await failure(f.t.call('export.run', { format: 'md', template: '# {{title}}' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('Obsidian format only');
  });
});

describe('Obsidian export without a folder', () => {
  it('comes as a zip of the same notes (for kho serve and the app)', async () => {
    const r = await f.t.call('export.run', { format: 'obsidian' });
    if (r.kind !== 'file') throw new Error('expected a file');
    expect(r.mime).toBe('application/zip');
    expect(r.encoding).toBe('base64');
    const zip = unzipSync(Buffer.from(r.content, 'base64'));
    const dir = r.filename.replace(/\.zip$/, '');
    const folder = path.join(tmp.dir, 'fresh');
    await exportTo(folder);
    expect(Object.keys(zip).sort()).toEqual(
      readdirSync(folder)
        .map((n) => `${dir}/${n}`)
        .sort(),
    );
    for (const name of readdirSync(folder)) {
      expect(strFromU8(zip[`${dir}/${name}`]!)).toBe(readFileSync(path.join(folder, name), 'utf8'));
    }
  });
});
