import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, operationNames } from '../../src/shared/contract.js';
import { KhoError } from '../../src/shared/errors.js';
import { tempArchive } from '../helpers/archive.js';
import { failure } from '../helpers/failure.js';

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

  it('rejects a non-http URL with a specific message', async () => {
    const e = await failure(t.call('articles.add', { source: 'url', url: 'file:///etc/passwd' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/Only http and https/);
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
