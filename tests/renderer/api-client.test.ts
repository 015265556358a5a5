import { describe, expect, it } from 'vitest';
import { bridgeTransport, createApiWith, httpTransport, type Envelope } from '../../src/renderer/api.js';
import { operationNames } from '../../src/shared/contract.js';
import { KhoError } from '../../src/shared/errors.js';

describe('renderer API client', () => {
  it('has one function per operation of the contract', () => {
    const api = createApiWith(async () => null);
    for (const name of operationNames) expect(typeof api[name]).toBe('function');
  });

  it('unwraps Electron envelopes and rebuilds KhoError', async () => {
    const calls: Array<[string, unknown]> = [];
    const bridge = {
      platform: 'electron' as const,
      invoke: async (name: string, input: unknown): Promise<Envelope> => {
        calls.push([name, input]);
        return name === 'tags.list'
          ? { ok: true, value: { items: [] } }
          : { ok: false, error: { code: 'NOT_FOUND', message: 'No article with id 9.' } };
      },
    };
    const api = createApiWith(bridgeTransport(bridge));
    expect(await api['tags.list']({})).toEqual({ items: [] });
    const err = await api['articles.get']({ id: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KhoError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'No article with id 9.' });
    expect(calls).toEqual([
      ['tags.list', {}],
      ['articles.get', { id: 9 }],
    ]);
  });

  it('POSTs JSON to /api/<operation> with same-origin credentials', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(
        JSON.stringify({ ok: false, error: { code: 'BAD_QUERY', message: 'Unclosed quote.' } }),
        {
          status: 400,
        },
      );
    }) as unknown as typeof fetch;
    const api = createApiWith(httpTransport('', fakeFetch));
    const err = await api['search.query']({ query: '"open' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_QUERY', message: 'Unclosed quote.' });
    expect(seen[0]?.url).toBe('/api/search.query');
    expect(seen[0]?.init.method).toBe('POST');
    expect(seen[0]?.init.credentials).toBe('same-origin');
    expect(seen[0]?.init.body).toBe('{"query":"\\"open"}');
  });

  it('explains an unreachable server', async () => {
    const api = createApiWith(
      httpTransport('', (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch),
    );
    await expect(api['app.info']({})).rejects.toThrow(/kho serve/);
  });
});
