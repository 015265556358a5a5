import http from 'node:http';

/** Raw HTTP to the connector with any headers (Node may set Origin and Host, which browsers never let pages do). */
export interface RawAnswer {
  /** null: the connector closed the connection without answering. */
  status: number | null;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | null;
}

export function request(
  port: number,
  opts: {
    method?: string;
    path: string;
    origin?: string;
    host?: string;
    token?: string;
    contentType?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
  },
): Promise<RawAnswer> {
  const headers: Record<string, string> = { Host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers };
  if (opts.origin) headers.Origin = opts.origin;
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: RawAnswer['json'] = null;
          try {
            json = JSON.parse(body) as RawAnswer['json'];
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
        resolve({ status: null, headers: {}, body: '', json: null });
      else reject(err);
    });
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}
