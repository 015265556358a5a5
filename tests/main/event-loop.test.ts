import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mock } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { named, startedHost } from './support.js';
import { registerIpc } from '../../src/main/ipc.js';
import { APP_INDEX_URL, isAppUrl } from '../../src/main/app-url.js';
import { ipcChannel } from '../../src/shared/operations.js';
import { openArchive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/**
 * The main process stays responsive while the archive works: the real IPC routing and the real archive
 * host process capture a 5 MB page and import 1,000 files while this thread (which plays the main process)
 * is sampled. The same work run in-process, as before the host existed, must exceed the bound, so the
 * test can fail.
 *
 * What is measured: `monitorEventLoopDelay` gives how late the event loop ran, but on a loaded machine
 * (load average ~10 on 2 cores while this was written) that includes time the OS gave the cores to other
 * processes: idle ticks here arrive 25-160 ms late with 0.1 ms of our CPU spent. So the bound applies to
 * how long this thread was kept busy: every 5 ms tick charges the CPU time this process used since the
 * previous tick, capped by the wall time between the ticks (V8's parallel GC threads can add CPU time
 * that never held this thread). Archive work on this thread shows up in full (the in-process run:
 * seconds); waiting for a core does not. Both figures are printed.
 */

/**
 * This thread may be kept busy this long at most (measured 7-34 ms here, also during a full `npm test`
 * at load average ~14: GC of the large messages and IPC). The in-process run measures 4.5-5.8 s.
 */
const MAX_BUSY_MS = 50;

const tmp = makeTempDir('kho-loop-');
afterAll(() => {
  mock.killChildren();
  tmp.cleanup();
});

const SENTENCE =
  'Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận, và chính quyền ở Hà Nội có nhiều đổi mới. ';

/** A 5 MB article page (many paragraphs), as raw bytes in base64 the way the window sends files. */
function bigPage(): { text: string; bytes: number } {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const p = `<p>Đoạn ${i}. ${SENTENCE.repeat(6)}</p>\n`;
    paragraphs.push(p);
    size += Buffer.byteLength(p);
  }
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Một trang rất dài</title></head><body><article><h1>Một trang rất dài</h1>${paragraphs.join('')}</article></body></html>`;
  const buf = Buffer.from(html, 'utf8');
  return { text: buf.toString('base64'), bytes: buf.length };
}

function smallFiles(count: number, from = 0): Array<{ name: string; text: string; encoding: 'base64' }> {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const md = `# Ghi chép số ${i}\n\n${SENTENCE}Bài ${i} nói về dân vận ở bộ phận ${i % 17}.\n`;
    return { name: `ghi-chep-${i}.md`, text: Buffer.from(md, 'utf8').toString('base64'), encoding: 'base64' };
  });
}

interface Stalls {
  /** The longest stretch this thread was kept busy (CPU time between two 5 ms ticks, at most their gap). */
  busiestMs: number;
  /** monitorEventLoopDelay's worst delay, which also counts waiting for a core. */
  worstDelayMs: number;
}

/** Runs `work` while sampling this thread. */
async function stallsDuring(work: () => Promise<void>): Promise<Stalls> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let busiest = 0;
  let last = process.cpuUsage();
  let lastAt = performance.now();
  const tick = setInterval(() => {
    const used = process.cpuUsage(last);
    const now = performance.now();
    busiest = Math.max(busiest, Math.min((used.user + used.system) / 1000, now - lastAt));
    last = process.cpuUsage();
    lastAt = now;
  }, 5);
  histogram.enable();
  try {
    // The histogram's timer starts on the next turn of the loop; work started before that goes unseen.
    await new Promise((r) => setTimeout(r, 20));
    await work();
    // Let a tick that is overdue because of the last piece of work fire and be counted.
    await new Promise((r) => setTimeout(r, 30));
  } finally {
    clearInterval(tick);
    histogram.disable();
  }
  return { busiestMs: busiest, worstDelayMs: histogram.max / 1e6 };
}

function report(label: string, s: Stalls): void {
  console.log(
    `${label}: busiest ${s.busiestMs.toFixed(1)} ms, worst event-loop delay ${s.worstDelayMs.toFixed(1)} ms`,
  );
}

describe('the main process is never blocked by archive work', () => {
  const page = bigPage();
  const batches = [smallFiles(500, 0), smallFiles(500, 500)];

  it(`captures a ${Math.round(page.bytes / 1e6)} MB page and imports 1,000 files keeping the main thread busy < ${MAX_BUSY_MS} ms at a time`, async () => {
    const { host, events } = startedHost(path.join(tmp.dir, 'hosted'));
    await host.start();
    registerIpc(host, (url) => isAppUrl(url));
    const invoke = async (name: 'articles.add' | 'import.files', input: unknown) => {
      const reply = (await mock.invoke(ipcChannel(name), APP_INDEX_URL, input)) as {
        ok: boolean;
        error?: { message: string };
      };
      if (!reply.ok) throw new Error(reply.error?.message);
      return reply;
    };

    const stalls = await stallsDuring(async () => {
      await invoke('articles.add', { source: 'text', text: page.text, encoding: 'base64', name: 'dai.html' });
      for (const [i, files] of batches.entries())
        await invoke('import.files', { files, job_id: `loop-import-${i}` });
    });
    report('main thread, archive in the host process', stalls);

    const info = (await host.call('app.info', {})) as { article_count: number };
    expect(info.article_count).toBe(1001);
    // The window heard about the import as it went, not only at the end.
    const progress = named(events, 'job.progress').filter((j) => j.job_id === 'loop-import-0');
    expect(
      progress.filter((j) => j.state === 'running' && j.done > 0 && j.done < 500).length,
    ).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: 500, total: 500 });
    expect(stalls.busiestMs).toBeLessThan(MAX_BUSY_MS);
    await host.close();
  }, 240_000);

  it('the same work in-process stalls the thread far beyond that bound (so the check above can fail)', async () => {
    const archive = await openArchive(path.join(tmp.dir, 'in-process'), { searchInWorker: true });
    const stalls = await stallsDuring(async () => {
      await callOperation(archive.handlers, 'articles.add', {
        source: 'text',
        text: page.text,
        encoding: 'base64',
        name: 'dai.html',
      });
      for (const files of batches) await callOperation(archive.handlers, 'import.files', { files });
    });
    report('archive in-process', stalls);
    expect((await archive.handlers['app.info']({})).article_count).toBe(1001);
    expect(stalls.busiestMs).toBeGreaterThan(MAX_BUSY_MS * 4);
    expect(stalls.worstDelayMs).toBeGreaterThan(MAX_BUSY_MS * 4);
    await archive.close();
  }, 240_000);
});
