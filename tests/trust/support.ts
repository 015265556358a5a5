import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

/** Shared pieces of the trust tests: hostile servers, byte surgery on archives, a private tmpfs. */

/** How many times the long-run loops repeat: `npm run stress` sets KHO_STRESS. */
export const STRESS = process.env.KHO_STRESS === '1';
export function rounds(ci: number, stress: number): number {
  return STRESS ? stress : ci;
}

/** A TCP listener that only counts who connects: the address a page must never make Kho reach. */
export interface Trap {
  host: string;
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

export async function startTrap(host: string, port = 0): Promise<Trap> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.end('HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface PageServer {
  url: string;
  hits: Map<string, number>;
  close: () => Promise<void>;
}

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 with the given routes; requests are counted per path. */
export async function startPageServer(routes: Record<string, Route>): Promise<PageServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const route =
      routes[p] ?? Object.entries(routes).find(([k]) => k.endsWith('*') && p.startsWith(k.slice(0, -1)))?.[1];
    if (route) route(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Damages the middle third of an SQLite file the way failing storage does: the header bytes of
 * every page there are overwritten, so SQLite's own checks see malformed pages (flipping bytes
 * inside text would go unnoticed by any check).
 */
export function damageMiddle(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const header = Buffer.alloc(2);
    readSync(fd, header, 0, 2, 16);
    const pageSize = header.readUInt16BE(0) === 1 ? 65536 : header.readUInt16BE(0);
    const pages = Math.floor(size / pageSize);
    const junk = Buffer.from([0x55, 0xaa, 0xff, 0x00, 0xff, 0xff, 0x13, 0x37]);
    for (let p = Math.floor(pages / 3); p < Math.ceil((2 * pages) / 3); p++) {
      writeSync(fd, junk, 0, junk.length, p * pageSize);
    }
  } finally {
    closeSync(fd);
  }
}

/** A small tmpfs mounted at `dir` (needs root); null with the reason when mounting is not possible. */
export function mountTmpfs(
  dir: string,
  sizeKb: number,
): { unmount(): void; remountReadOnly(): void } | string {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (err) {
    return `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})`;
  }
  return {
    unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' }),
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
  };
}

/** Runs a TypeScript scenario in its own Node process (tsx), with a heap limit; returns its JSON lines. */
export function runScenario(
  script: string,
  args: string[],
  opts: { maxHeapMb?: number; timeoutMs?: number } = {},
): Promise<{
  code: number | null;
  json: Record<string, unknown> | null;
  all: Record<string, unknown>[];
  stderr: string;
}> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...(opts.maxHeapMb ? [`--max-old-space-size=${opts.maxHeapMb}`] : []),
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'tests', 'trust', script),
        ...args,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const all: Record<string, unknown>[] = [];
      for (const line of out.trim().split('\n')) {
        try {
          all.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not one of the scenario's lines
        }
      }
      resolve({ code, json: all[all.length - 1] ?? null, all, stderr: err });
    });
  });
}
