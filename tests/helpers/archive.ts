import { openArchive, type Archive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';
import type { OperationName, OperationOutput } from '../../src/shared/contract.js';
import { makeTempDir } from './paths.js';

/** A real archive in a temp dir, called through the contract exactly as the transports do. */
export async function tempArchive(): Promise<{
  archive: Archive;
  dir: string;
  call<N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>>;
  close(): Promise<void>;
}> {
  const tmp = makeTempDir();
  const archive = await openArchive(tmp.dir);
  return {
    archive,
    dir: tmp.dir,
    call: (name, input) => callOperation(archive.handlers, name, input),
    async close() {
      await archive.close();
      tmp.cleanup();
    },
  };
}

export function textArticle(title: string, body: string): string {
  return `${title}\n\n${body}\n`;
}
