import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCp1258, VI_TEXT } from '../capture/fixture-server.js';
import { tempArchive } from '../helpers/archive.js';

/** import.files: many files whose bytes the client sends (the app's Import dialog, under Electron or kho serve). */
let t: Awaited<ReturnType<typeof tempArchive>>;
beforeAll(async () => {
  t = await tempArchive();
});
afterAll(async () => {
  await t.close();
});

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

describe('import.files', () => {
  it('saves each file as an article, decodes legacy encodings from raw bytes, reports failures and keeps going', async () => {
    const legacy = encodeCp1258(
      `<html><head><meta charset="windows-1258"><title>Bài mã cũ</title></head><body><article><h1>Bài mã cũ</h1><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`,
    );
    const r = await t.call('import.files', {
      files: [
        { name: 'cu/bai-1258.html', text: b64(legacy) },
        {
          name: 'ghi-chu.md',
          text: '# Ghi chú nhập\n\nMột ghi chú Markdown được nhập cùng thư mục.\n',
          encoding: 'utf8',
        },
        { name: 'rong.txt', text: '' },
      ],
      tags: ['nhập'],
    });
    expect(r.imported).toBe(2);
    expect(r.updated).toBe(0);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.file).toBe('rong.txt');
    expect(r.failed[0]!.error).toMatch(/empty/i);

    const list = await t.call('articles.list', { view: 'all', tag: 'nhập', limit: 10 });
    expect(list.items.map((a) => a.title).sort()).toEqual(['Bài mã cũ', 'Ghi chú nhập']);
    const legacyId = list.items.find((a) => a.title === 'Bài mã cũ')!.id;
    const full = await t.call('articles.get', { id: legacyId });
    expect(full.content_text).toContain(VI_TEXT);
    expect(full.content_text).not.toMatch(/\p{M}/u); // NFC: no combining tone marks left
    const hits = await t.call('search.query', { query: 'dan van chinh quyen', limit: 5 });
    expect(hits.hits.map((h) => h.id)).toContain(legacyId);
  });

  it('refuses a call without files with the schema message', async () => {
    await expect(t.call('import.files', { files: [] })).rejects.toThrow(/at least one file/);
  });
});
