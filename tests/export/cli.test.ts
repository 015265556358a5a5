import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../src/core/export/obsidian/template.js';
import { runKho, runKhoJson } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildFixture, EN_TITLE, VI_TITLE, type Fixture } from './support.js';

/** `kho export` and `kho export-template`, run in-process on the fixture archive. */

let f: Fixture;
let tmp: ReturnType<typeof makeTempDir>;
let d: string[];
let cwd: string;
beforeAll(async () => {
  f = await buildFixture();
  tmp = makeTempDir('kho-export-cli-');
  d = ['--data', f.t.dir];
  cwd = tmp.dir;
}, 60_000);
afterAll(async () => {
  await f.t.close();
  tmp.cleanup();
});

const kho = (...args: string[]) => runKho([...args, ...d], { cwd });

describe('kho export', () => {
  it('prints text formats, chosen by tag', async () => {
    const r = await kho('export', '--format', 'readwise-csv', '--tag', 'transport');
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout, { columns: true }) as Array<{ Title: string }>;
    expect(rows.length).toBe(2);
    expect(new Set(rows.map((row) => row.Title))).toEqual(new Set([EN_TITLE]));
  });

  it('chooses by search query and by several --article', async () => {
    const byQuery = await kho('export', '--format', 'md', '--query', 'dan van');
    expect(byQuery.stdout).toContain(`title: "${VI_TITLE}"`);
    expect(byQuery.stdout).not.toContain('River Ferries');
    const both = await runKhoJson<{ articles: number }>(
      ['export', '--format', 'jsonld', '--article', String(f.vi.id), '--article', String(f.en.id), ...d],
      { cwd },
    );
    expect(both.articles).toBe(2);
  });

  it('writes an Obsidian folder with --out, and updates it on the next run', async () => {
    const first = await kho('export', '--format', 'obsidian', '--out', 'vault');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged');
    expect(readdirSync(path.join(cwd, 'vault'))).toHaveLength(2);
    const again = await kho('export', '--format', 'obsidian', '--out', 'vault');
    expect(again.stdout).toContain('0 created, 0 updated, 2 unchanged');
  });

  it('writes binary formats to a file, never to the terminal', async () => {
    const r = await kho('export', '--format', 'epub', '--article', String(f.vi.id));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const file = path.join(cwd, `${VI_TITLE}.epub`);
    expect(r.stderr).toContain(`Wrote ${file}`);
    const zip = unzipSync(readFileSync(file));
    expect(strFromU8(zip.mimetype!)).toBe('application/epub+zip');
    // --out naming an existing folder puts the file in it, under its own name.
    mkdirSync(path.join(cwd, 'digests'));
    const html = await kho('export', '--format', 'html', '--out', 'digests');
    expect(html.code).toBe(0);
    const [name] = readdirSync(path.join(cwd, 'digests'));
    expect(name).toMatch(/^kho-notes-\d{4}-\d\d-\d\d\.html$/);
    expect(readFileSync(path.join(cwd, 'digests', name!), 'utf8')).toContain('<h1>Notes from Kho</h1>');
  });

  it('takes a template file for one export, and refuses a broken one before writing', async () => {
    writeFileSync(path.join(cwd, 'mine.md'), '# {{title}} — {{highlight_count}}\n');
    const r = await kho('export', '--format', 'obsidian', '--template', 'mine.md', '--out', 'templated');
    expect(r.code).toBe(0);
    const files = readdirSync(path.join(cwd, 'templated'));
    const vi = readFileSync(
      path.join(
        cwd,
        'templated',
        files.find((n) => n.startsWith('Lấy'))!,
      ),
      'utf8',
    );
    expect(vi).toContain(`# ${VI_TITLE} — 2\n`);
    writeFileSync(path.join(cwd, 'broken.md'), '{{#highlights}}never closed');
    const bad = await kho('export', '--format', 'obsidian', '--template', 'broken.md', '--out', 'nowhere');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Unclosed section "highlights"');
    expect(existsSync(path.join(cwd, 'nowhere'))).toBe(false);
  });

  it('refuses an unknown format, naming the ones it knows', async () => {
    const r = await kho('export', '--format', 'docx');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/readwise-csv/);
  });
});

describe('kho export-template', () => {
  it('shows, saves (checked) and resets the Obsidian template', async () => {
    expect((await kho('export-template')).stdout).toBe(DEFAULT_TEMPLATE);
    writeFileSync(path.join(cwd, 'saved.md'), '## {{title}}\n');
    expect((await kho('export-template', '--set', 'saved.md')).code).toBe(0);
    expect((await kho('export-template')).stdout).toBe('## {{title}}\n');
    writeFileSync(path.join(cwd, 'typo.md'), '## {{titel}}\n');
    const typo = await kho('export-template', '--set', 'typo.md');
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('{{titel}} on line 1');
    expect((await kho('export-template')).stdout).toBe('## {{title}}\n');
    await kho('export-template', '--reset');
    expect((await kho('export-template')).stdout).toBe(DEFAULT_TEMPLATE);
  });
});
