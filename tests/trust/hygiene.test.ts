import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { failure } from '../helpers/failure.js';
import { tempArchive } from '../helpers/archive.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildArchive } from './archive-setup.js';

/**
 * Issue 15, item 10: a javascript: address was accepted for an article over the API and became its
 * "Original" link; the Markdown export wrote article text containing <script> as live HTML; archive
 * files were created readable by other users (0644/0755).
 */

const PROSE = 'An ordinary paragraph of an article, with commas, and words enough to be one. '.repeat(5);

describe('addresses an article can link to', () => {
  let t: Awaited<ReturnType<typeof tempArchive>>;
  beforeAll(async () => (t = await tempArchive()));
  afterAll(() => t.close());

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(document.cookie)',
    'data:text/html,<script>x</script>',
    'file:///etc/passwd',
    'vbscript:msgbox(1)',
  ])('refuses %s at the contract, for pasted text and for links', async (url) => {
    for (const input of [
      { source: 'text', text: `Title\n\n${PROSE}`, url },
      { source: 'url', url },
    ]) {
      const e = await failure(t.call('articles.add', input));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(/url/);
    }
    expect((await t.call('articles.list', {})).total).toBe(0);
  });

  it('keeps an http(s) address given with pasted text as the original link', async () => {
    const { article } = await t.call('articles.add', {
      source: 'text',
      text: `Title\n\n${PROSE}`,
      url: 'https://example.com/a',
    });
    expect(article.url).toBe('https://example.com/a');
  });
});

describe('the Markdown export', () => {
  it('writes article text containing HTML as text, never as live HTML', async () => {
    const t = await tempArchive();
    try {
      const hostile = '<script>alert("x")</script> and <img src=x onerror=alert(1)> in the text';
      const { article } = await t.call('articles.add', {
        source: 'text',
        name: 'hostile.txt',
        text: `A <b>title</b> with tags\n\n${PROSE}\n\nThe page said ${hostile}, quoted.\n\n${PROSE}`,
      });
      await t.call('annotations.create', { article_id: article.id, quote: hostile });
      const { content } = await t.call('export.annotations', { format: 'markdown' });
      const body = content.slice(content.indexOf('\n---\n') + 5); // after the YAML front matter
      expect(body).not.toMatch(/<script|<img|<b>/i);
      expect(content).toContain(
        '&lt;script&gt;alert("x")&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;',
      );
      expect(content).toContain('title: "A <b>title</b> with tags"'); // YAML front matter is not HTML
      expect(content).toContain('# A &lt;b&gt;title&lt;/b&gt; with tags');
    } finally {
      await t.close();
    }
  });
});

describe('archive files are private to their owner', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => (tmp = makeTempDir('kho-modes-')));
  afterAll(() => tmp.cleanup());
  const mode = (p: string): number => statSync(p).mode & 0o777;

  it('a new archive: folder 0700, database and its WAL files 0600', async () => {
    const data = path.join(tmp.dir, 'new', 'archive');
    const archive = await openArchive(data);
    try {
      await callOperation(archive.handlers, 'articles.add', { source: 'text', text: `T\n\n${PROSE}` });
      expect(mode(data)).toBe(0o700);
      for (const f of ['', '-wal', '-shm']) expect(mode(`${archiveFile(data)}${f}`), f).toBe(0o600);
      const backup = await archive.backup();
      expect(mode(path.dirname(backup.path))).toBe(0o700);
      expect(mode(backup.path)).toBe(0o600);
    } finally {
      await archive.close();
    }
  });

  it('an archive made by an older Kho (0644 files) is tightened when opened', async () => {
    const data = path.join(tmp.dir, 'old');
    mkdirSync(data);
    await buildArchive(data, 1, 1, false);
    chmodSync(archiveFile(data), 0o644);
    const archive = await openArchive(data);
    await archive.close();
    expect(mode(archiveFile(data))).toBe(0o600);
    // A folder the user chose and Kho did not create keeps its own permissions.
    expect(mode(data)).toBe(0o755 & ~process.umask());
  });
});
