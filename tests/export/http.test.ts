import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { makeTempDir } from '../helpers/paths.js';
import { textArticle } from '../helpers/archive.js';

/** Exports over `kho serve` (real HTTP on 127.0.0.1): files come back; writing a server-side folder is refused. */

const TOKEN = 'export-test-token-0123456789abcdef';
let archive: Archive;
let server: RunningServer;
let tmp: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  tmp = makeTempDir('kho-export-http-');
  const renderer = path.join(tmp.dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Kho</title>');
  archive = await openArchive(path.join(tmp.dir, 'data'));
  server = await startServer({ archive, rendererDir: renderer, token: TOKEN });
  await fetch(`http://127.0.0.1:${server.port}/api/articles.add`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      source: 'text',
      name: 'a.txt',
      text: textArticle('Bến Tre', 'Công tác dân vận ở Bến Tre.'),
    }),
  });
});
afterAll(async () => {
  await server.close();
  await archive.close();
  tmp.cleanup();
});

const post = (op: string, body: unknown) =>
  fetch(`http://127.0.0.1:${server.port}/api/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });

describe('export over kho serve', () => {
  it('refuses to write an Obsidian folder on the server', async () => {
    const folder = path.join(tmp.dir, 'server-side-vault');
    const r = await post('export.run', { format: 'obsidian', folder });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(
      /not allowed over HTTP/,
    );
    expect(existsSync(folder)).toBe(false);
  });

  it('sends the Obsidian notes as a zip, and binary files as base64', async () => {
    const r = await post('export.run', { format: 'obsidian' });
    expect(r.status).toBe(200);
    const { value } = (await r.json()) as { value: { kind: string; encoding: string; content: string } };
    expect(value).toMatchObject({ kind: 'file', encoding: 'base64' });
    const files = unzipSync(Buffer.from(value.content, 'base64'));
    expect(Object.keys(files)).toHaveLength(1);
    expect(strFromU8(Object.values(files)[0]!)).toContain('title: Bến Tre');
  });
});
