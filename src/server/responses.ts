import type { IncomingMessage, ServerResponse } from 'node:http';
import { KhoError, type ErrorCode } from '../shared/errors.js';

/** How `kho serve` answers: status codes for Kho's errors, JSON and HTML replies, bounded request bodies. */

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  BAD_QUERY: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  AMBIGUOUS: 409,
  CANCELLED: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  NOT_AN_ARTICLE: 422,
  UNREADABLE_FILE: 422,
  BAD_ENCODING: 422,
  FETCH_FAILED: 502,
  TIMEOUT: 504,
  ARCHIVE_LOCKED: 503,
  ARCHIVE_READ_ONLY: 503,
  ARCHIVE_CORRUPT: 500,
  INTERNAL: 500,
};

export function statusForError(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** A refusal with its HTTP status; anything else thrown while answering is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: KhoError,
  ) {
    super(error.message);
  }
}

export function refused(status: number, code: ErrorCode, message: string): HttpError {
  return new HttpError(status, new KhoError(code, message));
}

export const SIGN_IN_FIRST =
  'Sign in first: open the address printed by "kho serve" (it carries the token) in this browser.';

export const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kho — sign in</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}
code{background:#f2f2f2;padding:.1em .3em;border-radius:3px}</style></head>
<body><main><h1>Kho</h1>
<p>This archive is private. Open the address that <code>kho serve</code> printed when it started
(it ends with <code>?token=…</code>). This browser then stays signed in for 30 days after your last visit,
until the token changes.</p>
<p lang="vi">Kho này là riêng tư. Hãy mở địa chỉ mà <code>kho serve</code> in ra khi khởi động
(kết thúc bằng <code>?token=…</code>). Trình duyệt này sẽ giữ đăng nhập 30 ngày kể từ lần ghé gần nhất,
cho đến khi mã truy cập thay đổi.</p></main></body></html>`;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(data);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  const data = Buffer.from(html, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('Cache-Control', 'no-store');
  // The login page has its own tiny inline style and nothing else.
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.end(data);
}

/**
 * The request body, refused as soon as it passes `limit` (declared or streamed) with `tooLarge()`
 * (a 413 by default).
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  tooLarge: () => Error = () =>
    refused(413, 'TOO_LARGE', `The request is larger than ${Math.round(limit / (1024 * 1024))} MB.`),
): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}
