import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps floods of idle or slow connections from locking real users out. Without this, 20 000 sockets opened
 * by one local process use up the server's file descriptors, and every real call fails with ECONNRESET until
 * the flood times out.
 *
 * - At most `max` connections: when a new one arrives over the cap, the connection idle the longest (no
 *   request in progress: it never sent one, or its keep-alive wait is on) is closed. A real request is
 *   answered as soon as its headers arrive, so it is never the oldest idle connection for long; a flood
 *   only ever evicts itself. Connections busy with a request (including event streams, which need a
 *   credential) are never evicted; if all are busy, the newcomer is refused.
 * - A connection that has not sent complete request headers within `headersTimeoutMs` of opening (or of
 *   its previous response) is closed. Node has `headersTimeout` for this, but its periodic check misses
 *   slow connections when several are open at once (Node 20), so the sweep here does it.
 */

/**
 * Connections the kernel queues before the server accepts them. A flood that fills the queue makes the
 * kernel drop new connection attempts, and a dropped one is retried only after a second; a deep queue
 * (Linux caps it at net.core.somaxconn, 4096 on current kernels) absorbs the bursts.
 */
export const LISTEN_BACKLOG = 2048;

/**
 * Well under common descriptor limits (Node raises its soft limit to the hard one), and above the listen
 * backlog: all the connections one accept batch brings in cannot push out a real request that arrived in
 * the same batch.
 */
export const MAX_CONNECTIONS = 4096;

export interface ConnectionStats {
  /** Connections open now. */
  open: number;
  /** Idle connections closed to make room for new ones since the server started. */
  evicted: number;
  /** Connections closed for not sending their request headers in time. */
  timedOut: number;
}

export interface ConnectionLimits {
  max: number;
  headersTimeoutMs: number;
}

export function guardConnections(
  server: Server,
  { max, headersTimeoutMs }: ConnectionLimits,
): () => ConnectionStats {
  // Insertion order is idle age: the first entry is the connection idle the longest, with the time it went idle.
  const idle = new Map<Socket, number>();
  const stats: ConnectionStats = { open: 0, evicted: 0, timedOut: 0 };

  server.on('connection', (socket: Socket) => {
    stats.open++;
    idle.set(socket, Date.now());
    socket.once('close', () => {
      stats.open--;
      idle.delete(socket);
    });
    if (stats.open <= max) return;
    const oldest = idle.keys().next().value;
    if (oldest) {
      idle.delete(oldest);
      stats.evicted++;
      oldest.destroy();
    } else socket.destroy();
  });

  server.on('request', (req, res) => {
    const socket = req.socket;
    idle.delete(socket);
    res.once('close', () => {
      if (!socket.destroyed) idle.set(socket, Date.now());
    });
  });

  const sweep = setInterval(
    () => {
      const deadline = Date.now() - headersTimeoutMs;
      for (const [socket, since] of idle) {
        if (since > deadline) break;
        idle.delete(socket);
        stats.timedOut++;
        socket.destroy();
      }
    },
    Math.max(50, Math.min(1000, headersTimeoutMs / 4)),
  );
  sweep.unref();
  server.once('close', () => clearInterval(sweep));

  return () => ({ ...stats });
}
