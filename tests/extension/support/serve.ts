import type { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/run.js';

/**
 * `kho serve` run in this process through runCli, as the real command runs it: the test reads its URL
 * (first stdout line) and its terminal lines, calls the web app's API with the token, and stops it.
 */
export interface InProcessServe {
  url: string;
  origin: string;
  token: string;
  /** The connector's port, from its "saves into Kho through …" line (null when it did not start). */
  connectorPort: number | null;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Waits for a stderr line matching `pattern`. */
  waitForLine(pattern: RegExp, ms?: number): Promise<string>;
  /** A contract operation over the web app's API, as the renderer calls it; throws the error's message. */
  api<T = unknown>(op: string, input: unknown): Promise<T>;
  /** Stops it (as Ctrl+C does) and returns the exit code. */
  stop(): Promise<number>;
}

export async function serveInProcess(
  dataDir: string,
  extraArgs: string[],
  stdin: Readable | string = '',
): Promise<InProcessServe> {
  let stdout = '';
  let stderr = '';
  let stopNow!: () => void;
  const stopped = new Promise<void>((resolve) => (stopNow = resolve));
  const exit = runCli(['serve', '--data', dataDir, '--port', '0', ...extraArgs], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin,
    env: { ...process.env, NO_COLOR: '1' },
    cwd: process.cwd(),
    untilStopped: () => stopped,
  });
  const waitFor = async (check: () => RegExpMatchArray | null, what: string, ms = 20_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const m = check();
      if (m) return m;
      if (Date.now() > end) throw new Error(`kho serve: no ${what} within ${ms} ms. stderr:\n${stderr}`);
      const done = await Promise.race([exit, new Promise((r) => setTimeout(r, 20)).then(() => null)]);
      if (done !== null) throw new Error(`kho serve exited with ${String(done)}. stderr:\n${stderr}`);
    }
  };
  const url = (await waitFor(() => stdout.match(/^(http:\/\/\S+\?token=\S+)\n/), 'URL'))[1]!;
  // The connector says whether it started right after the URL (or nothing with --no-connector).
  const connectorLine = extraArgs.includes('--no-connector')
    ? null
    : (
        await waitFor(
          () => stderr.match(/^The browser extension (saves into Kho through|cannot).*$/m),
          'connector line',
        )
      )[0];
  const connectorPort = connectorLine
    ? Number(/127\.0\.0\.1:(\d+)\.$/.exec(connectorLine)?.[1] ?? NaN)
    : null;
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  return {
    url,
    origin,
    token,
    connectorPort: Number.isFinite(connectorPort) ? connectorPort : null,
    stderr: () => stderr,
    waitForLine: async (pattern, ms) =>
      (await waitFor(() => stderr.match(new RegExp(`^.*${pattern.source}.*$`, 'm')), String(pattern), ms))[0],
    async api<T>(op: string, input: unknown): Promise<T> {
      const res = await fetch(`${origin}/api/${op}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const json = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!json.ok) throw new Error(json.error?.message ?? `${op} failed`);
      return json.value as T;
    },
    async stop() {
      stopNow();
      return exit;
    },
  };
}
