/**
 * One hostile capture in a process of its own (run by the trust tests with a heap limit, so "bounded
 * memory" is checked by the process surviving): prints one JSON line with the outcome, the time and
 * the peak resident memory. Usage: capture-scenario.ts <scenario[,scenario...]> [size]
 */
import { captureBytes } from '../../src/core/capture/index.js';
import { KhoError } from '../../src/shared/errors.js';

const [scenarios, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg ?? '1');

function input(scenario: string): { bytes: Buffer; name: string } {
  switch (scenario) {
    case 'short-lines': // `size` million one-digit lines (2 MB per million)
      return {
        bytes: Buffer.from(Array.from({ length: size * 1_000_000 }, (_, i) => String(i % 10)).join('\n')),
        name: 'lines.txt',
      };
    case 'nested-quotes': // marked overflowed its stack on this
      return { bytes: Buffer.from(`# Quotes\n\n${'>'.repeat(20_000 * size)} deep words here`), name: 'q.md' };
    case 'quote-staircase': // and exhausted memory on this (at 3,000 steps)
      return {
        bytes: Buffer.from(
          `# Stairs\n\n${Array.from({ length: 1000 * size }, (_, i) => `${'>'.repeat(i)} step ${i}`).join('\n')}`,
        ),
        name: 'stairs.md',
      };
    case 'star-run': // seconds of backtracking, then a stack overflow
      return {
        bytes: Buffer.from(`# Stars\n\n${'*'.repeat(20_000 * size)}x${'*'.repeat(20_000 * size)}`),
        name: 's.md',
      };
    case 'list-staircase':
      return {
        bytes: Buffer.from(
          `# Lists\n\n${Array.from({ length: 1000 * size }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}`,
        ),
        name: 'lists.md',
      };
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

for (const scenario of (scenarios ?? '').split(',')) {
  const { bytes, name } = input(scenario);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  const out: Record<string, unknown> = { scenario, bytes: bytes.length };
  try {
    const r = await captureBytes(bytes, { fileName: name, fetchImages: false });
    out.ok = true;
    out.textLength = r.contentText.length;
    out.paragraphs = r.contentText.split('\n\n').length;
    out.head = r.contentText.slice(0, 40);
    out.tail = r.contentText.slice(-40);
  } catch (err) {
    out.ok = false;
    out.code = err instanceof KhoError ? err.code : 'not a KhoError';
    out.error = (err as Error).message.slice(0, 300);
  }
  clearInterval(sampler);
  out.ms = Date.now() - started;
  out.peakRssMb = Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
