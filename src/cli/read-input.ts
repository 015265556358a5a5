import { KhoError } from '../shared/errors.js';
import { MAX_ARTICLE_FILE_BYTES } from '../shared/importable.js';
import type { CliStdin } from './io.js';

/** Reads stdin up to the file size limit, stopping (not buffering on) as soon as it is exceeded. */
export async function readStdin(stdin: CliStdin, limit = MAX_ARTICLE_FILE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of typeof stdin === 'string' || Buffer.isBuffer(stdin) ? [stdin] : stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limit) {
      throw new KhoError(
        'TOO_LARGE',
        `Standard input is larger than ${Math.round(limit / 1024 / 1024)} MB, Kho's limit for one article.`,
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
