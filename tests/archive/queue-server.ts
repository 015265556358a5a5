import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage } from '../capture/fixture-server.js';

/**
 * Real HTTP servers on 127.0.0.1 for the fetch queue's tests. Each server has its own port, so to the
 * queue each is another host (pacing is per host:port). Every request is logged with when it arrived and
 * ended, and the servers count how many requests are in flight at once, across all of them.
 */
export interface Hit {
  host: string;
  path: string;
  at: number;
  end: number;
}

export interface Answer {
  status: number;
  body: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** What a path answers to its `hit`-th request (1-based). */
export type Route = (hit: number) => Answer;

export class QueueServers {
  readonly hits: Hit[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly servers: http.Server[] = [];
  private readonly routes = new Map<string, Route>();
  private readonly counts = new Map<string, number>();

  /** A page with enough prose to be an article, whose body says "<title> — the article body." */
  static article(title: string, delayMs = 0): Answer {
    return { status: 200, body: articlePage(title, `<p>${title} — the article body.</p>`), delayMs };
  }

  static page(title: string, delayMs = 0): Route {
    return () => QueueServers.article(title, delayMs);
  }

  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** Starts `n` servers; returns their base URLs (http://127.0.0.1:port). */
  async start(n: number): Promise<string[]> {
    const bases: string[] = [];
    for (let i = 0; i < n; i++) {
      const server = http.createServer((req, res) => this.handle(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
      bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    return bases;
  }

  hitsOf(path: string): Hit[] {
    return this.hits.filter((h) => h.path === path);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const hit: Hit = { host: req.headers.host ?? '', path, at: Date.now(), end: 0 };
    this.hits.push(hit);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const n = (this.counts.get(path) ?? 0) + 1;
    this.counts.set(path, n);
    const route = this.routes.get(path);
    const answer = route
      ? route(n)
      : { status: 404, body: '<!doctype html><title>Not found</title><p>No such page.</p>' };
    const send = (): void => {
      this.inFlight--;
      hit.end = Date.now();
      res.writeHead(answer.status, {
        'Content-Type': answer.type ?? 'text/html; charset=utf-8',
        ...answer.headers,
      });
      res.end(answer.body);
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs);
    else send();
  }
}
