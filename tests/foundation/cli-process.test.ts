import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { KHO_BIN, kho, khoAsync, khoJson, runKho } from '../helpers/cli.js';
import { makeTempDir, REFERENCE_ARTICLE } from '../helpers/paths.js';
import { KHO_VERSION } from '../../src/core/version.js';
import type { ArticleSummary } from '../../src/shared/schemas.js';

/**
 * The built `kho` as a separate process (node bin/kho.js -> out/cli/kho.js): start-up, standard input, exit
 * status and stderr, another user's permissions, two writers at once. What each command does is covered
 * in-process by cli.test.ts and annotations-cli.test.ts.
 */

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
beforeAll(() => {
  tmp = makeTempDir('kho-cli-process-');
  data = path.join(tmp.dir, 'archive');
});
afterAll(() => tmp.cleanup());

describe('the kho process', () => {
  it('prints its version and its help', () => {
    expect(kho(['--version'])).toEqual({ code: 0, stdout: KHO_VERSION + '\n', stderr: '' });
    const help = kho(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kho add <file|url|->');
    expect(help.stdout).toContain('kho serve [--host H] [--port P] [--token-file F] [--new-token]');
    expect(kho([]).code).toBe(2);
  });

  it('saves a file and finds it by searching without diacritics', () => {
    const saved = khoJson<ArticleSummary>(['add', REFERENCE_ARTICLE, '--data', data]);
    expect(saved.title).toBe('Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận');
    const hits = khoJson<Array<{ id: number }>>(['search', 'cong tac dan van', '--data', data]);
    expect(hits.map((h) => h.id)).toContain(saved.id);
  });

  it('saves a web address: the bundled command loads its HTTP client', async () => {
    const site = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="vi"><head><title>Chợ nổi trên sông</title></head><body><article>
        <h1>Chợ nổi trên sông</h1><p>Người mua đi thuyền đến tận nơi để chọn hàng, và ghe nào cũng treo thứ mình bán lên cây bẹo.</p>
        <p>Từ xa đã biết ghe nào bán gì ở chợ, nên không ai phải hỏi.</p></article></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/cho-noi.html`;
      const r = await khoAsync(['add', url, '--json', '--data', data]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const saved = JSON.parse(r.stdout) as ArticleSummary;
      expect(saved.title).toBe('Chợ nổi trên sông');
      expect(saved.url).toBe(url);
    } finally {
      await new Promise<void>((resolve) => site.close(() => resolve()));
    }
  });

  it('reads an article from standard input (-)', () => {
    const a = khoJson<ArticleSummary>(['add', '-', '--data', data], {
      input: 'Đọc từ đầu vào chuẩn\n\nMột bài viết ngắn được gửi qua đầu vào chuẩn của tiến trình kho.\n',
    });
    expect(a.title).toBe('Đọc từ đầu vào chuẩn');
    expect(a.url).toBeNull();
  });

  it('stops quietly when its output is closed (kho show … | head)', () => {
    const big = path.join(tmp.dir, 'dai.txt');
    const para = 'Một đoạn văn rất dài để đầu ra vượt quá bộ đệm của đường ống giữa hai tiến trình. ';
    writeFileSync(big, `Bài rất dài\n\n${Array.from({ length: 40 }, () => para.repeat(40)).join('\n\n')}\n`);
    const saved = khoJson<ArticleSummary>(['add', big, '--data', data]);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${KHO_BIN}" show ${saved.id} --data "${data}" | head -c 200 >/dev/null; exit \${PIPESTATUS[0]}`,
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails with its exit code and one line on stderr', () => {
    const r = kho(['show', '99999', '--data', data]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kho: .*no article with id 99999/);
    expect(kho(['explode']).code).toBe(2);
  });

  it('reports a read-only data folder', () => {
    const dir = path.join(tmp.dir, 'readonly');
    mkdirSync(dir);
    chmodSync(tmp.dir, 0o755);
    chmodSync(dir, 0o555);
    // As root, permissions don't bind: run the command as nobody so the folder really is read-only to it.
    const asNobody =
      process.getuid?.() === 0
        ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
        : undefined;
    const r = kho(['list', '--data', dir], {
      ...(asNobody ? { prefix: asNobody } : {}),
      env: { HOME: '/tmp' },
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/read-only/);
  });
});

describe('two processes writing to one archive at the same time', () => {
  it('both succeed and every article is saved', async () => {
    const shared = path.join(tmp.dir, 'concurrent');
    const folders = ['a', 'b'].map((name) => {
      const dir = path.join(tmp.dir, `import-${name}`);
      mkdirSync(dir);
      for (let i = 0; i < 25; i++) {
        writeFileSync(
          path.join(dir, `${name}-${i}.txt`),
          `Bài ${name} số ${i}\n\nNội dung bài viết ${name} số ${i}, viết để thử hai tiến trình cùng ghi vào một kho.\n`,
        );
      }
      return dir;
    });
    // Create the archive first so both start from the same schema.
    expect((await runKho(['info', '--data', shared])).code).toBe(0);
    const [r1, r2] = await Promise.all(
      folders.map((f) => khoAsync(['import', f, '--json', '--data', shared])),
    );
    expect(r1!.code, r1!.stderr).toBe(0);
    expect(r2!.code, r2!.stderr).toBe(0);
    const list = JSON.parse((await runKho(['list', '--json', '--data', shared])).stdout) as ArticleSummary[];
    expect(list).toHaveLength(50);
  });
});
