import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contract,
  localPathOf,
  operationNames,
  type OperationName,
  type ParsedInput,
} from '../../src/shared/contract.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { KhoError } from '../../src/shared/errors.js';
import { ipcChannel, isOperationName, OPERATION_NAMES } from '../../src/shared/operations.js';
import { NOT_A_WEB_ADDRESS } from '../../src/shared/web-address.js';
import { tempArchive } from '../helpers/archive.js';
import { failure } from '../helpers/failure.js';
import { makeTempDir } from '../helpers/paths.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
beforeAll(async () => (t = await tempArchive()));
afterAll(async () => t.close());

describe('the contract', () => {
  it('has a handler for every operation and no handler outside it', () => {
    expect(Object.keys(t.archive.handlers).sort()).toEqual([...operationNames].sort());
    for (const name of operationNames) expect(contract[name].summary.length).toBeGreaterThan(10);
  });

  it('rejects invalid input with INVALID_INPUT naming the field', async () => {
    const e = await failure(t.call('articles.get', { id: 'seven' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/articles\.get \(id\)/);
    expect(e.issues?.[0]?.path).toBe('id');
  });

  it('rejects what is not a web address in plain words, and takes a bare host as https', async () => {
    for (const url of [
      'file:///etc/passwd',
      'htp:/broken',
      'broken',
      'http:/broken',
      'mailto:a@b.vn',
      'a b.com',
    ]) {
      const e = await failure(t.call('articles.add', { source: 'url', url }));
      expect(e.code, url).toBe('INVALID_INPUT');
      expect(e.issues?.[0]?.message, url).toBe(NOT_A_WEB_ADDRESS);
    }
    const input = (url: string) =>
      contract['articles.add'].input.parse({ source: 'url', url }) as { url: string };
    expect(input('example.com/article').url).toBe('https://example.com/article');
    expect(input('  nhandan.vn/bai-viet?id=1 ').url).toBe('https://nhandan.vn/bai-viet?id=1');
    expect(input('localhost:8080/a').url).toBe('https://localhost:8080/a');
    expect(input('http://127.0.0.1:9/x').url).toBe('http://127.0.0.1:9/x');
  });

  it('rejects an unknown operation', async () => {
    const e = await failure(t.call('articles.explode' as 'articles.get', {}));
    expect(e.code).toBe('NOT_FOUND');
  });

  it('reports an unknown id as NOT_FOUND with the id', async () => {
    const e = await failure(t.call('articles.get', { id: 424242 }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('424242');
  });

  it('survives the trip through JSON (how IPC and HTTP carry errors)', async () => {
    const e = await failure(t.call('tags.attach', { ids: [], tags: ['x'] }));
    const back = KhoError.from(JSON.parse(JSON.stringify(e)));
    expect(back.code).toBe('INVALID_INPUT');
    expect(back.message).toBe(e.message);
  });
});

/** Validates `raw` as the operation's input, as callOperation does before any guard or handler sees it. */
function parsed<N extends OperationName>(name: N, raw: unknown): ParsedInput<N> {
  return contract[name].input.parse(raw) as ParsedInput<N>;
}

describe('operation names without zod', () => {
  it('lists exactly the contract operations, in its order', () => {
    expect([...OPERATION_NAMES]).toEqual(Object.keys(contract));
    expect(operationNames).toEqual(OPERATION_NAMES);
  });

  it('recognises names and derives IPC channels from them', () => {
    for (const name of OPERATION_NAMES) {
      expect(isOperationName(name)).toBe(true);
      expect(ipcChannel(name)).toBe(`kho:${name}`);
    }
    for (const other of ['articles.explode', 'toString', '__proto__', '', 42, undefined]) {
      expect(isOperationName(other), String(other)).toBe(false);
    }
  });
});

describe('per-operation facts on the contract', () => {
  it('marks the operations that carry whole files as large-body, and only those', () => {
    const large = operationNames.filter((n) => contract[n].largeBody).sort();
    expect(large).toEqual(['articles.add', 'articles.replaceContent', 'import.bytes', 'import.files']);
  });

  it('names the local path an input would read, per input variant', () => {
    expect(localPathOf('articles.add', parsed('articles.add', { source: 'file', path: '/tmp/a.html' }))).toBe(
      '/tmp/a.html',
    );
    expect(localPathOf('articles.add', parsed('articles.add', { source: 'text', text: 'Xin chào' }))).toBe(
      undefined,
    );
    expect(
      localPathOf('articles.add', parsed('articles.add', { source: 'url', url: 'https://example.com/a' })),
    ).toBe(undefined);
    expect(
      localPathOf('articles.replaceContent', parsed('articles.replaceContent', { id: 1, path: '/tmp/b.md' })),
    ).toBe('/tmp/b.md');
    expect(
      localPathOf('articles.replaceContent', parsed('articles.replaceContent', { id: 1, text: 'mới' })),
    ).toBe(undefined);
    expect(localPathOf('import.folder', parsed('import.folder', { path: '/tmp/folder' }))).toBe(
      '/tmp/folder',
    );
    expect(
      localPathOf('import.files', parsed('import.files', { files: [{ name: 'a.txt', text: 'YQ==' }] })),
    ).toBe(undefined);
    expect(localPathOf('import.file', parsed('import.file', { path: '/tmp/pocket.csv' }))).toBe(
      '/tmp/pocket.csv',
    );
    expect(
      localPathOf('export.run', parsed('export.run', { format: 'obsidian', folder: '/tmp/vault' })),
    ).toBe('/tmp/vault');
    expect(localPathOf('export.run', parsed('export.run', { format: 'obsidian' }))).toBe(undefined);
    const withPaths = operationNames.filter((n) => 'localPath' in contract[n]).sort();
    expect(withPaths).toEqual([
      'articles.add',
      'articles.replaceContent',
      'export.run',
      'import.file',
      'import.folder',
    ]);
  });

  it('lets a transport refuse local paths before the handler runs, leaving the archive untouched', async () => {
    const tmp = makeTempDir('kho-guard-');
    try {
      mkdirSync(path.join(tmp.dir, 'notes'));
      writeFileSync(path.join(tmp.dir, 'notes', 'bai.txt'), 'Bài viết\n\nNội dung của bài viết ở Hà Nội.\n');
      const refused: string[] = [];
      const guard = <N extends OperationName>(name: N, input: ParsedInput<N>) => {
        const p = localPathOf(name, input);
        if (p !== undefined) {
          refused.push(p);
          throw new KhoError('INVALID_INPUT', `No local files here (${p}).`);
        }
      };
      const before = await t.call('app.info', {});
      const e = await failure(
        callOperation(t.archive.handlers, 'import.folder', { path: tmp.dir }, { guard }),
      );
      expect(e.code).toBe('INVALID_INPUT');
      expect(refused).toEqual([tmp.dir]);
      expect((await t.call('app.info', {})).article_count).toBe(before.article_count);
      // The same guard lets content that travels in the call through.
      const added = await callOperation(
        t.archive.handlers,
        'articles.add',
        { source: 'text', text: 'Bài viết\n\nNội dung của bài viết ở Hà Nội.\n', name: 'bai.txt' },
        { guard },
      );
      expect(added.created).toBe(true);
      expect((await t.call('app.info', {})).article_count).toBe(before.article_count + 1);
    } finally {
      tmp.cleanup();
    }
  });
});
