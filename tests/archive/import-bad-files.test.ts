import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Uploads } from '../../src/core/import-store/uploads.js';
import { tempArchive } from '../helpers/archive.js';
import { failure } from '../helpers/failure.js';
import { fixtureBytes, fixturePath } from '../importers/support.js';
import { makeZip } from '../importers/zip-writer.js';
import { allArticles, type TempArchive } from './import-support.js';

/**
 * Bad export files meet the archive: the good entries of a file still import and the bad ones are named
 * in the report; a file that cannot be read at all saves nothing. The app's chunked upload (import.bytes)
 * and cancelling a long import.
 */
let t: TempArchive;
beforeEach(async () => {
  t = await tempArchive();
});
afterEach(async () => {
  await t.close();
});

const META = fixtureBytes('omnivore/export/metadata_0_to_20.json');
const SLUGS = (JSON.parse(META.toString('utf8')) as { slug: string }[]).map((i) => i.slug);

function write(name: string, data: Buffer | string): string {
  const file = path.join(t.dir, name);
  writeFileSync(file, data);
  return file;
}

describe('bad files', () => {
  it('a CSV with malformed rows: the good rows import, the bad ones are named by row', async () => {
    const lines = fixtureBytes('wallabag/pocket.csv').toString('utf8').split('\n');
    const file = write(
      'pocket.csv',
      [
        ...lines.slice(0, 3),
        '"Broken" title,https://broken.example/,1600000000,,unread',
        'Too few,https://short.example/',
        ...lines.slice(3),
      ].join('\n'),
    );
    const r = await t.call('import.file', { path: file });
    expect(r).toMatchObject({ entries: 7, imported: 7, queued: 7 });
    expect(r.problems).toEqual([
      { where: 'row 4', message: 'Line 4: a quoted value has text after its closing quote; skipped.' },
      { where: 'row 5', message: 'Line 5: has 2 values where the header has 5 columns; skipped.' },
    ]);
    const urls = (await allArticles(t)).map((a) => a.url);
    expect(urls).toHaveLength(7);
    expect(urls).not.toContain('https://broken.example/');
    expect(urls).not.toContain('https://short.example/');
  });

  it('a zip with a bomb and names climbing out with ../: those members are named, the export imports', async () => {
    const zip = makeZip([
      { name: 'metadata_0_to_20.json', data: META },
      { name: '../outside.html', data: '<p>x</p>' }, // hostile input, not a path
      { name: `content/${SLUGS[0]}.html`, data: Buffer.alloc(64 * 1024 * 1024) },
      { name: `content/${SLUGS[1]}.html`, data: '<p>Un contenu qui reste, écrit pour le test de Kho.</p>' },
    ]);
    const r = await t.call('import.file', { path: write('omnivore.zip', zip) });
    expect(r).toMatchObject({ entries: 20, imported: 20, queued: 19 });
    expect(r.problems.map((p) => p.where)).toEqual([
      'entry ../outside.html',
      `entry content/${SLUGS[0]}.html`,
    ]);
    const withContent = (await allArticles(t)).filter((a) => a.fetch_state === null);
    expect(withContent).toHaveLength(1);
    expect((await t.call('articles.get', { id: withContent[0]!.id })).content_text).toBe(
      'Un contenu qui reste, écrit pour le test de Kho.',
    );
  });

  it('a truncated zip, a file in the wrong format, a missing file: a clear error and nothing saved', async () => {
    const zip = fixtureBytes('omnivore/omnivore-export.zip');
    const cut = await failure(
      t.call('import.file', { path: write('cut.zip', zip.subarray(0, zip.length >> 1)) }),
    );
    expect(cut.code).toBe('UNREADABLE_FILE');
    expect(cut.message).toMatch(/^cut\.zip is not a readable zip file: it is damaged or incomplete/);
    const wrong = await failure(
      t.call('import.file', { path: fixturePath('wallabag/wallabag-v2-read.json'), format: 'pocket' }),
    );
    expect(wrong.code).toBe('UNSUPPORTED_TYPE');
    expect(wrong.message).toMatch(/^wallabag-v2-read\.json is not a Pocket export/);
    const missing = await failure(t.call('import.file', { path: path.join(t.dir, 'nope.csv') }));
    expect(missing.code).toBe('UNREADABLE_FILE');
    const notExport = await failure(t.call('import.file', { path: write('notes.txt', 'Just notes.\n') }));
    expect(notExport.code).toBe('UNSUPPORTED_TYPE');
    expect(await allArticles(t)).toEqual([]);
    expect(await t.call('queue.status', {})).toMatchObject({ queued: 0, done: 0 });
  });
});

describe('import.bytes (the app sends the file in chunks)', () => {
  it('a file sent in three chunks imports like the file itself', async () => {
    const bytes = fixtureBytes('omnivore/omnivore-export.zip');
    const cuts = [0, 3000, 7000, bytes.length];
    let last: Awaited<ReturnType<typeof t.call<'import.bytes'>>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await t.call('import.bytes', {
        upload_id: 'upload-omnivore',
        name: 'omnivore-export.zip',
        offset: cuts[i],
        data: bytes.subarray(cuts[i], cuts[i + 1]).toString('base64'),
        last: i === 2,
        tags: ['Omnivore'],
      });
      expect(last.received).toBe(cuts[i + 1]);
      if (i < 2) expect(last.report).toBeNull();
    }
    expect(last!.report).toMatchObject({
      format: 'omnivore',
      entries: 20,
      imported: 20,
      highlights_added: 4,
    });
    const items = await allArticles(t);
    expect(items.every((a) => a.tags.includes('Omnivore'))).toBe(true);
    // The same file from disk now adds nothing.
    expect(await t.call('import.file', { path: fixturePath('omnivore/omnivore-export.zip') })).toMatchObject({
      imported: 0,
      skipped_existing: 20,
    });
  });

  it('a chunk for the wrong offset is refused, and the upload must start over', async () => {
    const data = Buffer.from('title,url,time_added,tags,status\n').toString('base64');
    const chunk = { upload_id: 'upload-gap', name: 'p.csv', data, last: false };
    await t.call('import.bytes', { ...chunk, offset: 0 });
    const gap = await failure(t.call('import.bytes', { ...chunk, offset: 999 }));
    expect(gap.code).toBe('CONFLICT');
    expect(gap.message).toBe(
      'A chunk of p.csv arrived for byte 999, but 33 bytes had been received; send the file again.',
    );
    const gone = await failure(t.call('import.bytes', { ...chunk, offset: 33 }));
    expect(gone.message).toMatch(/^Upload upload-gap of p\.csv is not open/);
    expect((await t.call('import.bytes', { ...chunk, offset: 0 })).received).toBe(33);
  });

  it('an upload larger than the import limit is refused as soon as it is', () => {
    const uploads = new Uploads(100);
    uploads.add('u-1', 'big.csv', 0, Buffer.alloc(60).toString('base64'), false);
    expect(() => uploads.add('u-1', 'big.csv', 60, Buffer.alloc(60).toString('base64'), false)).toThrow(
      /^big\.csv is larger than 0 MB, the largest export Kho imports/,
    );
  });
});

describe('cancelling', () => {
  it('keeps the batches already saved; importing again adds the rest and nothing twice', async () => {
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `Bài ${i},https://site${i % 7}.example/bai-${i},${1_600_000_000 + i},,unread`,
    );
    const file = write('pocket.csv', `title,url,time_added,tags,status\n${rows.join('\n')}\n`);
    const running = t.call('import.file', { path: file, job_id: 'import-cancel' });
    for (let i = 0; i < 500; i++) {
      const job = await t.call('jobs.get', { job_id: 'import-cancel' });
      if (job.done >= 200) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await t.call('jobs.cancel', { job_id: 'import-cancel' });
    const err = await failure(running);
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toMatch(/^Import cancelled after \d+ of 1000 entries; those stay saved/);
    const saved = (await t.call('app.info', {})).article_count;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(1000);
    expect(saved % 200).toBe(0); // whole batches, nothing half-saved
    const rest = await t.call('import.file', { path: file });
    expect(rest).toMatchObject({ imported: 1000 - saved, skipped_existing: saved, queued: 1000 - saved });
    expect((await t.call('app.info', {})).article_count).toBe(1000);
    expect((await t.call('queue.status', {})).queued).toBe(1000);
  });
});
