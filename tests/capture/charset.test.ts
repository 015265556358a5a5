import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUrl } from '../../src/core/capture/index.js';
import { charsetFromContentType, charsetFromMeta, decodeBytes } from '../../src/core/capture/charset.js';
import { KhoError } from '../../src/shared/errors.js';
import {
  encodeCp1258,
  startFixtureServer,
  toCp1258Shape,
  VI_TEXT,
  type FixtureServer,
} from './fixture-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

const PRECOMPOSED_E_DOT_CIRCUMFLEX = '\u1ec7'; // ệ
const DECOMPOSED_E_DOT_CIRCUMFLEX = '\u00ea\u0323'; // ê + combining dot below, as windows-1258 writes it

describe('charset decoding', () => {
  it('the windows-1258 fixture really uses combining tone marks', () => {
    const bytes = encodeCp1258(VI_TEXT);
    // Raw decode without normalisation shows the combining form that search would miss.
    const raw = iconv.decode(bytes, 'windows-1258');
    expect(raw).toContain(DECOMPOSED_E_DOT_CIRCUMFLEX);
    expect(raw).not.toBe(VI_TEXT);
    expect(toCp1258Shape(VI_TEXT).normalize('NFC')).toBe(VI_TEXT);
  });

  it('decodes a page declared windows-1258 to NFC text identical to the original', async () => {
    const r = await captureUrl(`${server.url}/vi-1258`);
    expect(r.contentText).toContain(VI_TEXT);
    expect(r.contentText).toContain(PRECOMPOSED_E_DOT_CIRCUMFLEX);
    expect(r.contentText).not.toContain(DECOMPOSED_E_DOT_CIRCUMFLEX);
    expect(r.contentText).not.toMatch(/\p{M}/u);
    expect(Buffer.from(r.contentText.split('\n\n').find((p) => p.startsWith('Lấy')) ?? '', 'utf8')).toEqual(
      Buffer.from(VI_TEXT, 'utf8'),
    );
    expect(r.title).toBe('Tin tức');
    expect(r.lang).toBe('vi');
    expect(r.sourceHtml).toContain(VI_TEXT);
  });

  it('prefers UTF-8 when a page declares iso-8859-1 but its bytes are Vietnamese UTF-8', async () => {
    const r = await captureUrl(`${server.url}/vi-wrong-charset`);
    expect(r.contentText).toContain(VI_TEXT);
    expect(r.contentText).not.toMatch(/Ã|áº/);
  });

  it('detects undeclared windows-1258 bytes', () => {
    const d = decodeBytes(encodeCp1258(VI_TEXT));
    expect(d.charset).toBe('windows-1258');
    expect(d.text).toBe(VI_TEXT);
  });

  it('decodes VISCII when iconv-lite has it', () => {
    expect(iconv.encodingExists('viscii')).toBe(true);
    const text = VI_TEXT.replace(/[“”]/g, '"'); // VISCII has no curly quotes
    const bytes = iconv.encode(text, 'viscii');
    const d = decodeBytes(bytes, { contentType: 'text/html; charset=VISCII' });
    expect(d.charset).toBe('viscii');
    expect(d.text).toBe(text);
    // Undeclared, it is still recognised by its Vietnamese letters.
    expect(decodeBytes(bytes).text).toBe(text);
  });

  it('honours a BOM over a contradicting declaration', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VI_TEXT, 'utf8')]);
    const d = decodeBytes(bytes, { contentType: 'text/html; charset=windows-1252' });
    expect(d.source).toBe('bom');
    expect(d.text).toBe(VI_TEXT);
  });

  it('reads <meta charset> and <meta http-equiv> from the first 4 KB', () => {
    expect(charsetFromMeta(Buffer.from('<html><head><meta charset="Shift_JIS">'))).toBe('shift_jis');
    expect(
      charsetFromMeta(
        Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'),
      ),
    ).toBe('windows-1258');
    expect(charsetFromMeta(Buffer.from(`${' '.repeat(5000)}<meta charset="koi8-r">`))).toBeNull();
    expect(charsetFromContentType('text/html; charset="ISO-8859-1"')).toBe('windows-1252');
    expect(charsetFromContentType('text/html')).toBeNull();
  });

  it('decodes a real windows-1252 page as such', () => {
    const fr = 'Le café est déjà prêt, à côté de la fenêtre.';
    const d = decodeBytes(iconv.encode(`<p>${fr}</p>`, 'windows-1252'), {
      contentType: 'text/html; charset=windows-1252',
    });
    expect(d.text).toBe(`<p>${fr}</p>`);
  });

  it('refuses damaged UTF-8 in strict mode instead of producing U+FFFD', () => {
    const bytes = Buffer.concat([
      Buffer.from(VI_TEXT, 'utf8'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(VI_TEXT, 'utf8'),
    ]);
    expect(() => decodeBytes(bytes, { strict: true, label: 'notes.txt' })).toThrowError(KhoError);
    try {
      decodeBytes(bytes, { strict: true, label: 'notes.txt' });
    } catch (e) {
      expect((e as KhoError).code).toBe('BAD_ENCODING');
      expect((e as KhoError).message).toMatch(/notes\.txt/);
    }
  });
});
