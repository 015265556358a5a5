import { request } from 'node:http';

/** What a browser holds after signing in to `kho serve`, taken from the server's real sign-in reply. */
export interface SignedIn {
  /** `kho_session_<port>=…`, ready for a Cookie header. */
  cookie: string;
  /** The whole Set-Cookie header. */
  setCookie: string;
  apiKey: string;
  addressKey: string;
  /** The redirect's Location, fragment included. */
  location: string;
}

/** Opens `/?token=…` on 127.0.0.1:`port` (as `host`) the way a browser does, and keeps what it is given. */
export function signIn(
  port: number,
  token: string,
  host = `127.0.0.1:${port}`,
  path = '/',
): Promise<SignedIn> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`,
        headers: { Host: host },
      },
      (res) => {
        res.resume();
        const setCookie = String(res.headers['set-cookie'] ?? '');
        const location = String(res.headers.location ?? '');
        const keys = /#kho-keys=([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(location);
        if (res.statusCode !== 303 || !keys || !setCookie) {
          reject(new Error(`sign-in failed: ${res.statusCode} ${location} ${setCookie}`));
          return;
        }
        resolve({
          cookie: setCookie.split(';')[0]!,
          setCookie,
          apiKey: keys[1]!,
          addressKey: keys[2]!,
          location,
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
