import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runKho, runKhoJson, type KhoOptions } from '../helpers/cli.js';
import { makeTempDir, REFERENCE_ARTICLE, REPO_ROOT } from '../helpers/paths.js';
import type { ArticleDetail, ArticleSummary, Tag } from '../../src/shared/schemas.js';

/**
 * The `kho` commands, run in-process through runCli (what bin/kho.js runs). The real process — start-up,
 * stdin, exit status, another user, concurrent writers — is covered by cli-process.test.ts.
 */

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
beforeAll(() => {
  tmp = makeTempDir('kho-cli-');
  data = path.join(tmp.dir, 'archive');
});
afterAll(() => tmp.cleanup());

const d = () => ['--data', data];
const ids = (list: ArticleSummary[]) => list.map((x) => x.id);

describe('kho add / show / list on the reference Vietnamese article', () => {
  let saved: ArticleSummary;
  beforeAll(async () => {
    saved = await runKhoJson<ArticleSummary>(['add', REFERENCE_ARTICLE, '--tag', 'Dân vận', ...d()]);
  });

  it('extracts title, date, site and language from the plain text', () => {
    expect(saved.title).toBe('Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận');
    expect(saved.published_at?.slice(0, 10)).toBe('2022-01-28');
    expect(saved.site).toBe('nhandan.com.vn');
    expect(saved.lang).toBe('vi');
    expect(saved.url).toBe(pathToFileURL(REFERENCE_ARTICLE).href);
    expect(saved.status).toBe('unread');
    expect(saved.tags).toEqual(['Dân vận']);
    expect(saved.word_count).toBeGreaterThan(400);
    expect(Date.parse(saved.saved_at)).not.toBeNaN();
  });

  it('keeps the caption as a caption and drops the footer boilerplate and metadata lines', async () => {
    const a = await runKhoJson<ArticleDetail>(['show', String(saved.id), ...d()]);
    expect(a.content_html).toMatch(
      /<(figcaption|p class="caption")[^>]*>\s*Đồng chí Trương Thị Mai phát biểu chỉ đạo tại buổi làm việc/,
    );
    for (const junk of [
      'Gửi cho bạn bè',
      'Phản hồi',
      'Thông tin người gửi phản hồi',
      '(nhandan.com.vn)',
      'Thứ Sáu, 28/1/2022',
    ]) {
      expect(a.content_text).not.toContain(junk);
    }
    expect(a.content_text).toContain('xây dựng chính quyền của dân, do dân, vì dân./.');
    expect(a.content_text).toBe(a.content_text.normalize('NFC'));
  });

  it('show --text prints exactly content_text', async () => {
    const a = await runKhoJson<ArticleDetail>(['show', String(saved.id), ...d()]);
    const r = await runKho(['show', String(saved.id), '--text', ...d()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(a.content_text);
  });

  it('list --json returns the article with the documented fields', async () => {
    const list = await runKhoJson<ArticleSummary[]>(['list', ...d()]);
    const item = list.find((x) => x.id === saved.id)!;
    for (const f of [
      'id',
      'title',
      'url',
      'site',
      'lang',
      'published_at',
      'saved_at',
      'status',
      'tags',
      'word_count',
    ]) {
      expect(item).toHaveProperty(f);
    }
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', '--tag', 'dân vận', ...d()]))).toContain(saved.id);
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', '--status', 'archived', ...d()]))).not.toContain(
      saved.id,
    );
  });

  it('list --sort title follows Vietnamese order (Dàn before Dublin, Đ after D, quote marks ignored)', async () => {
    const own = makeTempDir('kho-cli-sort-');
    try {
      const at = ['--data', path.join(own.dir, 'archive')];
      for (const title of ['“Quoted”', 'Đà Nẵng', 'Dublin', 'Dàn nhạc'])
        await runKhoJson(['add', '-', '--name', `${title}.txt`, ...at], {
          input: `${title}\n\nMột bài ngắn để thử thứ tự theo tên trong dòng lệnh kho.\n`,
        });
      const listed = await runKhoJson<ArticleSummary[]>(['list', '--sort', 'title', ...at]);
      expect(listed.map((a) => a.title)).toEqual(['Dàn nhạc', 'Dublin', 'Đà Nẵng', '“Quoted”']);
      const human = await runKho(['list', '--sort', 'title', ...at]);
      expect(human.stdout.indexOf('Dàn nhạc')).toBeLessThan(human.stdout.indexOf('Dublin'));
      expect(human.stdout.indexOf('Dublin')).toBeLessThan(human.stdout.indexOf('Đà Nẵng'));
    } finally {
      own.cleanup();
    }
  });

  it('human output is readable and uncoloured when not a terminal', async () => {
    const r = await runKho(['list', ...d()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Lấy sự hài lòng');
    expect(r.stdout).not.toContain('\x1b[');
  });
});

describe('kho add from stdin, markdown and html', () => {
  it('reads an article from standard input', async () => {
    const text =
      'Reading offline\n\nPublished: March 3, 2024\n\nThis is an English article about reading offline with enough words to count as an article for the test.\n\nSource: example.org\n';
    const a = await runKhoJson<ArticleSummary>(['add', '-', ...d()], { input: text });
    expect(a.title).toBe('Reading offline');
    expect(a.lang).toBe('en');
    expect(a.url).toBeNull();
    expect(a.published_at?.slice(0, 10)).toBe('2024-03-03');
  });

  it('saves .md and .html files', async () => {
    const md = path.join(tmp.dir, 'note.md');
    writeFileSync(
      md,
      '# Ghi chú về Hà Nội\n\nHà Nội là thủ đô của Việt Nam, với **nhiều** hồ nước và phố cổ.\n',
    );
    const a = await runKhoJson<ArticleSummary>(['add', md, ...d()]);
    expect(a.title).toBe('Ghi chú về Hà Nội');
    expect((await runKhoJson<ArticleDetail>(['show', String(a.id), ...d()])).content_html).toContain(
      '<strong>nhiều</strong>',
    );

    const html = path.join(tmp.dir, 'page.html');
    writeFileSync(
      html,
      '<!doctype html><html lang="en"><head><title>A saved page</title></head><body><article><h1>A saved page</h1><p>' +
        'Paragraph one has plenty of words so that readability sees an article here. '.repeat(8) +
        '</p><p>' +
        'Paragraph two adds more words to the article body for extraction. '.repeat(8) +
        '</p><script>alert(1)</script></article></body></html>',
    );
    const added = await runKhoJson<ArticleSummary>(['add', html, ...d()]);
    const h = await runKhoJson<ArticleDetail>(['show', String(added.id), ...d()]);
    expect(h.title).toBe('A saved page');
    expect(h.content_html).not.toContain('<script');
  });

  it('resolves relative paths against the working folder', async () => {
    const folder = path.join(tmp.dir, 'relative');
    mkdirSync(folder);
    writeFileSync(
      path.join(folder, 'ghi-chu.md'),
      '# Ghi chú tương đối\n\nMột tệp được gọi bằng đường dẫn tương đối.\n',
    );
    const a = await runKhoJson<ArticleSummary>(['add', 'ghi-chu.md', '--data', 'archive'], { cwd: folder });
    expect(a.title).toBe('Ghi chú tương đối');
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', '--data', path.join(folder, 'archive')]))).toEqual(
      [a.id],
    );
  });
});

describe('tags, trash and restore from the command line', () => {
  it('tags, untags, lists tags, trashes and restores', async () => {
    const a = await runKhoJson<ArticleSummary>(['add', '-', ...d()], {
      input: 'Bài thử\n\nMột bài viết ngắn để thử gắn thẻ, xoá và khôi phục trong Kho.\n',
    });
    const tagged = await runKhoJson<ArticleSummary>([
      'tag',
      String(a.id),
      'chính trị/địa phương',
      'Thử',
      ...d(),
    ]);
    expect(tagged.tags).toEqual(['chính trị/địa phương', 'Thử']);
    expect((await runKhoJson<ArticleSummary>(['untag', String(a.id), 'thử', ...d()])).tags).toEqual([
      'chính trị/địa phương',
    ]);
    const tags = await runKhoJson<Tag[]>(['tags', ...d()]);
    expect(tags.find((x) => x.name === 'chính trị/địa phương')?.count).toBe(1);

    expect((await runKho(['rm', String(a.id), ...d()])).code).toBe(0);
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', ...d()]))).not.toContain(a.id);
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', '--view', 'trash', ...d()]))).toContain(a.id);
    expect((await runKho(['restore-trash', String(a.id), ...d()])).code).toBe(0);
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', ...d()]))).toContain(a.id);
  });

  it('empties the trash with purge --all, leaving every other article', async () => {
    const add = (title: string) =>
      runKhoJson<ArticleSummary>(['add', '-', '--json', ...d()], {
        input: `${title}\n\nMột bài viết ngắn để thử dọn sạch thùng rác trong Kho.\n`,
      });
    const keep = await add('Bài giữ lại');
    const gone = [await add('Bài bỏ đi một'), await add('Bài bỏ đi hai')];
    expect((await runKho(['rm', ...gone.map((g) => String(g.id)), ...d()])).code).toBe(0);
    expect((await runKho(['purge', '--all', String(keep.id), ...d()])).code).toBe(2);
    const r = await runKhoJson<{ count: number }>(['purge', '--all', '--json', ...d()]);
    expect(r.count).toBe(2);
    expect(await runKhoJson<ArticleSummary[]>(['list', '--view', 'trash', ...d()])).toEqual([]);
    expect(ids(await runKhoJson<ArticleSummary[]>(['list', ...d()]))).toContain(keep.id);
    expect((await runKho(['show', String(gone[0]!.id), ...d()])).code).toBe(3);
  });
});

describe('bad input gets one specific line and a non-zero exit, and loses nothing', () => {
  const countArticles = async () => (await runKhoJson<ArticleSummary[]>(['list', ...d()])).length;

  async function expectError(args: string[], pattern: RegExp, opts: KhoOptions = {}) {
    const before = await countArticles();
    const r = await runKho(args, opts);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(await countArticles()).toBe(before);
    return r;
  }

  it('unknown id', async () => {
    expect((await expectError(['show', '99999', ...d()], /no article with id 99999/)).code).toBe(3);
  });
  it('a file that does not exist', async () => {
    await expectError(['add', path.join(tmp.dir, 'missing.txt'), ...d()], /missing\.txt/);
  });
  it('an empty file', async () => {
    const f = path.join(tmp.dir, 'empty.txt');
    writeFileSync(f, '');
    await expectError(['add', f, ...d()], /empty/i);
  });
  it('a binary file named .txt', async () => {
    const f = path.join(tmp.dir, 'binary.txt');
    writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    await expectError(['add', f, ...d()], /binary|not text|not an article/i);
  });
  it('a 500 MB file is refused without being read', async () => {
    const f = path.join(tmp.dir, 'huge.txt');
    writeFileSync(f, '');
    truncateSync(f, 500 * 1024 * 1024); // sparse: nothing is written to disk
    await expectError(['add', f, ...d()], /500 MB.*over 50 MB/);
  });
  it('invalid UTF-8 is decoded as a legacy encoding or refused, never saved as garbage', async () => {
    const f = path.join(tmp.dir, 'latin.txt');
    // "Café crème" in windows-1252 followed by enough text to be an article.
    writeFileSync(
      f,
      Buffer.concat([
        Buffer.from('Caf\xe9 cr\xe8me\n\n', 'latin1'),
        Buffer.from('A short note about coffee and cream, long enough to be saved.\n'),
      ]),
    );
    const r = await runKho(['add', f, '--json', ...d()]);
    if (r.code === 0) {
      const a = JSON.parse(r.stdout) as ArticleSummary;
      expect(a.title).toBe('Café crème');
    } else {
      expect(r.stderr).toMatch(/encoding|UTF-8/i);
    }
  });
  it('a database file that is not SQLite', async () => {
    const dir = path.join(tmp.dir, 'notdb');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'kho.sqlite'), 'hello, I am not a database'.repeat(10));
    const r = await runKho(['list', '--data', dir]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/not an SQLite database/);
    expect(readFileSync(path.join(dir, 'kho.sqlite'), 'utf8')).toMatch(/^hello, I am not a database/);
  });
  it('an unknown command and a bad option', async () => {
    expect((await runKho(['explode'])).code).toBe(2);
    const r = await runKho(['list', '--colour', ...d()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/colour/);
  });
});

const ESC = '\u001b';

describe('progress on a terminal', () => {
  it("draws the import's progress bar from the archive's job events and clears it at the end", async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const folder = path.join(dir, 'notes');
      mkdirSync(folder);
      for (let i = 0; i < 6; i++)
        writeFileSync(path.join(folder, `n${i}.md`), `# Ghi chú ${i}\n\nVăn bản số ${i} ở Hà Nội.\n`);
      const r = await runKho(['import', folder, '--data', path.join(dir, 'data')], { ttyStderr: true });
      expect(r.code, r.stderr).toBe(0);
      // Each redraw starts by clearing the line; the bar counts the folder's 6 files as the job reports them,
      // and the last write clears it so the summary stands alone.
      expect(r.stderr).toMatch(new RegExp(String.raw`\r${ESC}\[2KImporting: \[[#-]+\] \d/6 \d+%`));
      expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
      const piped = await runKho(['import', folder, '--data', path.join(dir, 'data2')]);
      expect(piped.stderr).not.toContain('\x1b[2K');
    } finally {
      cleanup();
    }
  });
});

describe('the command line does not poll', () => {
  it('asks no job for its progress: progress comes from job.progress events', () => {
    const output = readFileSync(path.join(REPO_ROOT, 'src', 'cli', 'output.ts'), 'utf8');
    expect(output).toContain('showProgress');
    expect(output).not.toMatch(/\bsetInterval\s*\(|\[\s*['"]jobs\.get['"]\s*\]/);
  });
});
