import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import { KhoError } from '../../shared/errors.js';

/**
 * Bytes -> text. Order: BOM, HTTP Content-Type charset, <meta> in the first 4 KB, then detection.
 * A declared legacy charset loses to UTF-8 when the bytes validate as UTF-8 and contain multibyte
 * sequences (servers that say iso-8859-1 for UTF-8 Vietnamese pages are common). Output is NFC:
 * windows-1258 writes tones as combining marks, and search/anchoring need precomposed letters.
 */

export type CharsetSource = 'bom' | 'http' | 'meta' | 'utf8' | 'detected' | 'fallback';

export interface DecodedText {
  text: string;
  charset: string;
  source: CharsetSource;
}

/** WHATWG label aliases that iconv-lite would otherwise decode differently from browsers. */
const LABEL_ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'x-sjis': 'shift_jis',
  'ks_c_5601-1987': 'euc-kr',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-viet-vps': 'windows-1258',
  'x-viscii': 'viscii',
};

/** Normalises a charset label; null when iconv-lite can't decode it. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!l) return null;
  const name = LABEL_ALIASES[l] ?? l;
  return iconv.encodingExists(name) ? name : null;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return m ? normalizeCharset(m[2]) : null;
}

export function bomCharset(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** <meta charset> / <meta http-equiv=Content-Type content="...charset=..."> in the first 4 KB. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(tag);
    if (direct && /\bcharset\s*=/i.test(tag)) {
      const cs = normalizeCharset(direct[1]);
      // A page in UTF-16 can't declare itself in ASCII; browsers treat that as UTF-8.
      if (cs) return cs.startsWith('utf-16') ? 'utf-8' : cs;
    }
  }
  return null;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Does the whole buffer validate as UTF-8, and does it use any multibyte sequence? */
export function utf8Status(bytes: Uint8Array): { valid: boolean; multibyte: boolean } {
  let multibyte = false;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) >= 0x80) {
      multibyte = true;
      break;
    }
  }
  if (!multibyte) return { valid: true, multibyte };
  try {
    fatalUtf8.decode(bytes);
    return { valid: true, multibyte };
  } catch {
    return { valid: false, multibyte };
  }
}

/** Letters that only Vietnamese uses (after NFC): tone-marked vowels U+1EA0-U+1EF9, ă đ ĩ ũ ơ ư. */
const VI_LETTER = /[\u1ea0-\u1ef9ăĂđĐĩĨũŨơƠưƯ]/gu;
const ANY_LETTER = /\p{L}/gu;

/** Share of letters that are Vietnamese-specific: ~0.15-0.25 for Vietnamese prose, ~0 otherwise. */
export function vietnameseScore(text: string): number {
  const letters = text.match(ANY_LETTER)?.length ?? 0;
  if (letters === 0) return 0;
  return (text.match(VI_LETTER)?.length ?? 0) / letters;
}

/** Share of characters that are control characters or U+FFFD: high means the wrong charset. */
export function garbageRatio(text: string): number {
  if (text.length === 0) return 0;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  const bad = text.match(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/g)?.length ?? 0;
  return bad / text.length;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset).normalize('NFC');
}

/**
 * Guesses the charset of bytes that are not valid UTF-8. Vietnamese legacy charsets first (jschardet
 * knows neither windows-1258 nor VISCII and calls them windows-1252), then jschardet.
 */
export function detectLegacyCharset(bytes: Uint8Array): { charset: string; text: string } | null {
  const candidates: { charset: string; text: string; score: number }[] = [];
  for (const charset of ['windows-1258', 'viscii']) {
    if (!iconv.encodingExists(charset)) continue;
    const text = decodeWith(bytes, charset);
    if (garbageRatio(text) > 0.01) continue;
    candidates.push({ charset, text, score: vietnameseScore(text) });
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (best && best.score >= 0.05) return { charset: best.charset, text: best.text };

  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (const guess of jschardet.detectAll(buf)) {
    const charset = normalizeCharset(guess.encoding);
    if (!charset || charset === 'utf-8' || guess.confidence < 0.2) continue;
    const text = decodeWith(bytes, charset);
    if (garbageRatio(text) <= 0.01) return { charset, text };
  }
  const text = decodeWith(bytes, 'windows-1252');
  return garbageRatio(text) <= 0.01 ? { charset: 'windows-1252', text } : null;
}

export interface DecodeOptions {
  contentType?: string | null;
  /** Look for <meta charset> (HTML only). */
  html?: boolean;
  /** Refuse (BAD_ENCODING) rather than decode lossily; used for files the user gave us. */
  strict?: boolean;
  /** For error messages. */
  label?: string;
}

export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const label = opts.label ?? 'The document';
  const bom = bomCharset(bytes);
  if (bom) {
    const text = decodeWith(bytes.subarray(bom.length), bom.charset);
    return { text, charset: bom.charset, source: 'bom' };
  }
  const utf8 = utf8Status(bytes);
  const declared: { charset: string; source: CharsetSource } | null = (() => {
    const http = charsetFromContentType(opts.contentType);
    if (http) return { charset: http, source: 'http' as const };
    const meta = opts.html ? charsetFromMeta(bytes) : null;
    return meta ? { charset: meta, source: 'meta' as const } : null;
  })();

  if (declared && declared.charset !== 'utf-8') {
    // Valid multibyte UTF-8 is almost never legacy text by accident: trust the bytes over the label.
    if (utf8.valid && utf8.multibyte)
      return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'utf8' };
    return { text: decodeWith(bytes, declared.charset), charset: declared.charset, source: declared.source };
  }
  if (utf8.valid) {
    return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: declared?.source ?? 'utf8' };
  }
  // Mostly-valid UTF-8 with a few broken sequences is damaged UTF-8, not a legacy charset.
  const lossy = decodeWith(bytes, 'utf-8');
  const broken = lossy.match(/\ufffd/g)?.length ?? 0;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  const wide = lossy.match(/[^\u0000-\u007f\ufffd]/g)?.length ?? 0;
  if (wide > 0 && broken / (wide + broken) < 0.05) {
    if (opts.strict) {
      throw new KhoError(
        'BAD_ENCODING',
        `${label} is UTF-8 with ${broken} damaged byte sequence${broken === 1 ? '' : 's'}; repair or re-save it as UTF-8 and try again.`,
      );
    }
    return { text: lossy, charset: 'utf-8', source: 'fallback' };
  }
  const legacy = detectLegacyCharset(bytes);
  if (legacy) return { text: legacy.text, charset: legacy.charset, source: 'detected' };
  if (opts.strict) {
    throw new KhoError(
      'BAD_ENCODING',
      `${label} is not valid UTF-8 and its encoding could not be recognised; save it as UTF-8 and try again.`,
    );
  }
  return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'fallback' };
}
