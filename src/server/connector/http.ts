import type { IncomingMessage, ServerResponse } from 'node:http';
import { KhoError } from '../../shared/errors.js';
import { readBody } from '../responses.js';
import { BASE_HEADERS } from '../security.js';
import { statusForError } from '../server.js';

/** Small HTTP helpers of the connector: JSON bodies with a size cap, JSON answers, CORS for a caller. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: KhoError,
  ) {
    super(error.message);
  }

  static of(err: unknown): HttpError {
    if (err instanceof HttpError) return err;
    const e = KhoError.from(err);
    return new HttpError(statusForError(e.code), e);
  }
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Reads a JSON body of at most `limit` bytes; says what was wrong in words. */
export async function readJson(req: IncomingMessage, limit: number, tooLargeHint = ''): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(
      415,
      new KhoError('UNSUPPORTED_TYPE', 'Send the request as JSON ("Content-Type: application/json").'),
    );
  }
  const tooLarge = () =>
    new HttpError(413, new KhoError('TOO_LARGE', `The request is larger than ${mb(limit)}.${tooLargeHint}`));
  const raw = await readBody(req, limit, tooLarge);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new HttpError(
      400,
      new KhoError('INVALID_INPUT', `The request body is not valid JSON: ${(err as Error).message}`),
    );
  }
}

/** CORS for an allowed caller only; web origins never get these headers. */
export function allowOrigin(res: ServerResponse, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  for (const [k, v] of Object.entries(BASE_HEADERS)) res.setHeader(k, v);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(data);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = HttpError.of(err);
  sendJson(res, e.status, { ok: false, error: e.error.toJSON() });
}
