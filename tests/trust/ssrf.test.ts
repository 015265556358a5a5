import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/core/capture/address-guard.js';
import { captureBytes, captureUrl } from '../../src/core/capture/index.js';
import { failure } from '../helpers/failure.js';
import { RED_PNG } from '../capture/fixture-server.js';
import { startPageServer, startTrap, type PageServer, type Trap } from './support.js';

/**
 * Issue 15, item 4: a saved page's <img>, og:image and redirects pointing at 127.0.0.1, 2130706433,
 * 0x7f.1, 0.0.0.0, [::1], 169.254.169.254 and 10.x were all fetched. The page the user saves is on
 * 127.0.0.1 (its host is allowed: the user named it); traps listen on other loopback addresses and
 * ports the page points at, and must see no connection at all.
 */

let page: PageServer;
let trap2: Trap; // 127.0.0.2:<port>
let trap1: Trap; // 127.0.0.1:<another port>: reached through localhost and 0.0.0.0, not through the page's host
let trap6: Trap | null = null; // [::1], when this machine has IPv6 loopback

const PROSE = 'A perfectly ordinary article, with commas, and sentences, long enough for extraction. '.repeat(
  8,
);

beforeAll(async () => {
  trap2 = await startTrap('127.0.0.2');
  trap1 = await startTrap('127.0.0.1');
  try {
    trap6 = await startTrap('::1');
  } catch {
    trap6 = null; // no IPv6 loopback in this container: that spelling is still refused before connecting
  }
  const p2 = trap2.port;
  const p1 = trap1.port;
  const hostile = [
    `http://127.0.0.2:${p2}/a.png`,
    `http://2130706434:${p2}/decimal.png`, // 127.0.0.2 as one number
    `http://0x7f.2:${p2}/hex.png`, // 127.0.0.2 in hex shorthand
    `http://0177.0.0.2:${p2}/octal.png`,
    `http://[::ffff:127.0.0.2]:${p2}/mapped.png`,
    `http://localhost:${p1}/name.png`, // a name that resolves to loopback
    `http://0.0.0.0:${p1}/zero.png`, // reaches the local host on Linux
    `http://[::1]:${trap6?.port ?? p1}/v6.png`,
    'http://169.254.169.254/latest/meta-data/iam.png',
    'http://10.0.0.1/intranet.png',
  ];
  page = await startPageServer({
    '/article': (_q, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><head><title>Pictures</title>
<meta property="og:image" content="http://127.0.0.2:${p2}/og.png"></head>
<body><article><h1>Pictures</h1><p>${PROSE}</p>
<img src="/own.png" alt="own">
${hostile.map((u, i) => `<img src="${u}" alt="hostile ${i}">`).join('\n')}
<img src="/bounce.png" alt="redirected">
<img srcset="http://127.0.0.2:${p2}/set.png 1200w" alt="srcset">
<p>${PROSE}</p></article></body></html>`,
      ),
    '/own.png': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG),
    // The page's own host redirects an image to a private address: refused on that hop.
    '/bounce.png': (_q, res) => res.writeHead(302, { Location: `http://127.0.0.2:${p2}/bounced.png` }).end(),
    '/go': (_q, res) => res.writeHead(302, { Location: `http://127.0.0.2:${p2}/article` }).end(),
    '/go-decimal': (_q, res) => res.writeHead(301, { Location: `http://2130706434:${p2}/` }).end(),
  });
});

afterAll(async () => {
  await page.close();
  await trap2.close();
  await trap1.close();
  await trap6?.close();
});

function trapped(): number {
  return trap2.connections() + trap1.connections() + (trap6?.connections() ?? 0);
}

describe('images and redirects of a saved page never reach local or private addresses', () => {
  it('the traps do count connections (so zero below means none were made)', async () => {
    const before = trapped();
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(trap2.port, '127.0.0.2', () => s.end());
      s.resume();
      s.on('close', () => resolve());
      s.on('error', reject);
    });
    expect(trapped()).toBe(before + 1);
  });

  it('captures the page with its own image and a placeholder for every hostile one', async () => {
    const before = trapped();
    const started = Date.now();
    const r = await captureUrl(`${page.url}/article`);
    expect(trapped()).toBe(before);
    expect(page.hits.get('/own.png')).toBe(1); // the host the user saved is allowed
    expect(page.hits.get('/bounce.png')).toBe(1);
    expect(r.assets).toHaveLength(1);
    expect(r.leadImage).toBeNull(); // og:image pointed at 127.0.0.2
    expect(r.contentHtml.match(/kho-img-missing/g)?.length).toBe(12);
    // Refused before connecting: no waiting on 169.254.169.254 or 10.0.0.1 timeouts.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a page whose own redirect leads to a private address', async () => {
    const before = trapped();
    for (const route of ['/go', '/go-decimal']) {
      const e = await failure(captureUrl(`${page.url}${route}`));
      expect(e.code).toBe('FETCH_FAILED');
      expect(e.message).toMatch(/127\.0\.0\.2.*local or private network address/);
    }
    expect(trapped()).toBe(before);
  });

  it('HTML sent with its address (the browser extension) may use that host only', async () => {
    const before = trapped();
    const html = `<html><head><title>Sent</title></head><body><article><p>${PROSE}</p>
<img src="/own.png" alt="own"><img src="http://127.0.0.2:${trap2.port}/x.png" alt="hostile"></article></body></html>`;
    const r = await captureBytes(Buffer.from(html), { fileName: 'page.html', url: `${page.url}/sent` });
    expect(r.assets).toHaveLength(1);
    expect(trapped()).toBe(before);
    // Without an address, no host is trusted at all.
    const alone = await captureBytes(Buffer.from(html.replace('/own.png', `${page.url}/own.png`)), {
      fileName: 'page.html',
    });
    expect(alone.assets).toHaveLength(0);
    expect(trapped()).toBe(before);
  });

  it('classifies addresses after the URL parser has normalised them', () => {
    for (const raw of [
      '127.0.0.1',
      '2130706433',
      '0x7f.1',
      '0.0.0.0',
      '[::1]',
      '169.254.169.254',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '[fe80::1]',
      '[fc00::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:10.0.0.1]',
    ]) {
      // prettier-ignore
      expect(isPrivateAddress(new URL(`http://${raw}/`).hostname), raw).toBe(true);
    }
    for (const pub of ['93.184.216.34', '8.8.8.8', '[2606:4700::1111]', '[::ffff:8.8.8.8]']) {
      expect(isPrivateAddress(new URL(`http://${pub}/`).hostname), pub).toBe(false);
    }
  });
});
