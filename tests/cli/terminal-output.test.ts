import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { ArticleDetail, ArticleSummary, Tag } from '../../src/shared/schemas.js';
import { runKho, runKhoJson } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';

/**
 * Issue 15: titles, authors, sites, tags and notes carrying terminal escape sequences were printed raw by
 * `list`, `show`, `search`, `tags`, … so a saved page could clear the screen, rename the terminal window or
 * write to the clipboard. Capture now strips them from metadata, but an archive written by an older Kho (or
 * edited by hand) still has them, so the archive here is given them directly in SQLite. Every command's
 * output must show them as visible `\xNN` text instead; `--json` stays JSON of the stored values; the raw
 * outputs (`show --text`, an export) keep their exact bytes in a pipe and are escaped on a terminal.
 */

const CLEAR = '\x1b[2J\x1b[H';
const TITLE_BAR = '\x1b]0;pwned\x07';
const CLIPBOARD = '\x1b]52;c;cm0gLXJmIH4=\x07';
const C1_CSI = '\u009b2J';
const OTHERS = '\x08\r\x7f\x0b';

const HOSTILE_TITLE = `Dân vận ${CLEAR} tiêu đề${TITLE_BAR}`;
const HOSTILE_BYLINE = `Tác giả${CLIPBOARD}`;
const HOSTILE_SITE = `site${C1_CSI}.example`;
const HOSTILE_TAG = `thẻ${TITLE_BAR}`;
const HOSTILE_NOTE = `Ghi chú\ndòng hai${CLEAR}${OTHERS}`;
const HOSTILE_TEXT = `Dân vận là gốc.${CLEAR}\nĐoạn hai${C1_CSI}\tcó tab.${TITLE_BAR}\n`;

/** Control characters a terminal would act on; newlines and tabs are text. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** The colour codes Kho itself writes (src/cli/style.ts). */
// eslint-disable-next-line no-control-regex
const OUR_SGR = /\x1b\[(?:1|2|22|31|32|33|35|36|39)m/g;

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
let articleId: number;
const d = () => ['--data', data];

beforeAll(async () => {
  tmp = makeTempDir('kho-cli-escapes-');
  data = path.join(tmp.dir, 'archive');
  const a = await runKhoJson<ArticleSummary>(['add', '-', '--name', 'a.txt', ...d()], {
    input: 'Dân vận\n\nDân vận là gốc.\n\nĐoạn hai có tab.\n',
  });
  articleId = a.id;
  await runKhoJson(['tag', String(a.id), 'thẻ', ...d()]);
  await runKhoJson(['annotate', String(a.id), '--quote', 'Dân vận là gốc', '--note', 'x', ...d()]);
  // What an older Kho, a hand edit or an importer could have stored.
  const db = new Database(path.join(data, 'kho.sqlite'));
  try {
    db.prepare('UPDATE articles SET title = ?, byline = ?, site_name = ?, content_text = ? WHERE id = ?').run(
      HOSTILE_TITLE,
      HOSTILE_BYLINE,
      HOSTILE_SITE,
      HOSTILE_TEXT,
      a.id,
    );
    db.prepare('UPDATE tags SET name = ?').run(HOSTILE_TAG);
    db.prepare('UPDATE annotations SET note = ?, exact = ?').run(HOSTILE_NOTE, `Dân vận${CLEAR}`);
    // A page of an import that failed to fetch: its address and the server's reason are archive text too.
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO fetch_queue (article_id, kind, url, host, state, attempts, next_attempt_at, last_error,
         created_at, updated_at) VALUES (?, 'page', ?, 'x.example', 'failed', 3, 0, ?, ?, ?)`,
    ).run(a.id, `https://x.example/${TITLE_BAR}`, `HTTP 500${CLEAR}`, now, now);
  } finally {
    db.close();
  }
});
afterAll(() => tmp.cleanup());

/** Runs `kho` in-process with stdout as a colour terminal. */
async function onTerminal(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  delete env.KHO_DATA_DIR;
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: true },
    stderr: { write: (t: string) => (stderr += t), isTTY: true },
    stdin: '',
    env,
    cwd: process.cwd(),
    untilStopped: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

const HUMAN: string[][] = [
  ['list'],
  ['show', '1'],
  ['search', 'dân vận'],
  ['tags'],
  ['annotations'],
  ['annotations', '1'],
  ['archive', '1'],
  ['archive', '1', '--undo'],
  ['jobs'],
];

describe('human output shows control characters instead of obeying them', () => {
  it.each(HUMAN)('kho %s … in a pipe', async (...args) => {
    const r = await runKho([...args, ...d()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ACTIVE);
    expect(r.stderr).not.toMatch(ACTIVE);
  });

  it.each(HUMAN)('kho %s … on a colour terminal: only Kho’s own colours', async (...args) => {
    const r = await onTerminal([...args, ...d()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(OUR_SGR);
    expect(r.stdout.replace(OUR_SGR, '')).not.toMatch(ACTIVE);
  });

  it('the escaped sequences stay readable where the text was', async () => {
    const shown = (await runKho(['show', String(articleId), ...d()])).stdout;
    expect(shown).toContain('Dân vận \\x1b[2J\\x1b[H tiêu đề\\x1b]0;pwned\\x07');
    expect(shown).toContain('Tác giả\\x1b]52;c;cm0gLXJmIH4=\\x07');
    expect(shown).toContain('site\\x9b2J.example');
    expect(shown).toContain('thẻ\\x1b]0;pwned\\x07');
    // Multi-line text keeps its line breaks and tabs.
    expect(shown).toContain('Dân vận là gốc.\\x1b[2J\\x1b[H\nĐoạn hai\\x9b2J\tcó tab.');
    const notes = (await runKho(['annotations', ...d()])).stdout;
    expect(notes).toContain('dòng hai\\x1b[2J\\x1b[H\\x08\\x0d\\x7f\\x0b');
    expect((await runKho(['tags', ...d()])).stdout).toContain('thẻ\\x1b]0;pwned\\x07');
    const jobs = (await runKho(['jobs', ...d()])).stdout;
    expect(jobs).toContain('tiêu đề\\x1b]0;pwned\\x07 — https://x.example/\\x1b]0;pwned\\x07');
    expect(jobs).toContain('HTTP 500\\x1b[2J\\x1b[H (3 attempts)');
  });

  it('search marks matches in the title without shifting them off the escaped text', async () => {
    const r = await onTerminal(['search', 'tiêu', ...d()]);
    expect(r.stdout.replace(OUR_SGR, '')).toContain('Dân vận \\x1b[2J\\x1b[H tiêu đề');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).toMatch(/\x1b\[33m\x1b\[1mtiêu\x1b\[22m\x1b\[39m/);
  });

  it('an error message that quotes archive text is escaped too', async () => {
    const r = await runKho(['tags', 'rename', HOSTILE_TAG, 'x/../..', ...d()]);
    expect(r.stderr).not.toMatch(ACTIVE);
  });
});

describe('--json stays the stored values, and safe to show', () => {
  it('list, show, tags and search', async () => {
    for (const args of [['list'], ['show', '1'], ['tags'], ['search', 'dân vận'], ['annotations']]) {
      const r = await runKho([...args, '--json', ...d()]);
      expect(r.code).toBe(0);
      // JSON.stringify escapes C0; DEL and C1 are escaped as \u007f and \u009b as well.
      expect(r.stdout, args.join(' ')).not.toMatch(ACTIVE);
      JSON.parse(r.stdout);
    }
    const a = await runKhoJson<ArticleDetail>(['show', '1', ...d()]);
    expect([a.title, a.byline, a.site, a.content_text]).toEqual([
      HOSTILE_TITLE,
      HOSTILE_BYLINE,
      HOSTILE_SITE,
      HOSTILE_TEXT,
    ]);
    expect((await runKhoJson<Tag[]>(['tags', ...d()])).map((t) => t.name)).toEqual([HOSTILE_TAG]);
  });

  it('search --batch lines', async () => {
    const r = await runKho(['search', '--batch', ...d()], { input: 'dân vận\n' });
    expect(r.stdout).not.toMatch(ACTIVE);
    expect(JSON.parse(r.stdout.trim()).results[0].title).toBe(HOSTILE_TITLE);
  });
});

describe('raw outputs: exact in a pipe, escaped on a terminal', () => {
  it('show --text', async () => {
    expect((await runKho(['show', '1', '--text', ...d()])).stdout).toBe(HOSTILE_TEXT);
    const shown = (await onTerminal(['show', '1', '--text', ...d()])).stdout;
    expect(shown).not.toMatch(ACTIVE);
    expect(shown).toBe('Dân vận là gốc.\\x1b[2J\\x1b[H\nĐoạn hai\\x9b2J\tcó tab.\\x1b]0;pwned\\x07\n');
  });

  it('the Markdown export', async () => {
    const piped = (await runKho(['export', '--format', 'markdown', ...d()])).stdout;
    expect(piped).toMatch(ACTIVE);
    const shown = (await onTerminal(['export', '--format', 'markdown', ...d()])).stdout;
    expect(shown).not.toMatch(ACTIVE);
    expect(shown).toContain('\\x1b]0;pwned\\x07');
  });
});

describe('ids and numbers are plain decimal', () => {
  it.each(['0x1', '1e0', ' 1', '1 ', '1.0', '+1', '0b1', '0o1', '1_0', '0', '', '9007199254740993'])(
    'kho show "%s" is refused, never read as another number',
    async (raw) => {
      const r = await runKho(['show', raw, ...d()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/is not a valid article id \(ids are whole numbers like 12\)/);
    },
  );

  it('the same for highlight ids, several ids and --article', async () => {
    expect((await runKho(['rm', '1', '0x1', ...d()])).code).toBe(2);
    expect((await runKho(['unannotate', '1e0', ...d()])).stderr).toMatch(/not a valid annotation id/);
    expect((await runKho(['export', '--article', '0x1', ...d()])).code).toBe(2);
    // Nothing was removed by the refused commands.
    expect((await runKhoJson<ArticleSummary[]>(['list', ...d()])).map((x) => x.id)).toEqual([articleId]);
    expect((await runKhoJson<unknown[]>(['annotations', ...d()])).length).toBe(1);
  });

  it('--limit, --offset and --port take decimal digits only', async () => {
    for (const args of [
      ['list', '--limit', '1e3'],
      ['list', '--limit', '0x10'],
      ['search', 'dân', '--limit', '2.5'],
      ['search', 'dân', '--offset', '1e1'],
      ['serve', '--port', '0x1f'],
      ['serve', '--port', '70000'],
    ]) {
      const r = await runKho([...args, ...d()]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/takes a whole number from \d+ to \d+/);
    }
    expect((await runKhoJson<unknown[]>(['list', '--limit', '01', ...d()])).length).toBe(1);
  });
});
