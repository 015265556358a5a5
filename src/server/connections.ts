import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps a flood of idle connections from locking real users out. Without a cap, 20 000 sockets opened by one
 * local process use up the server's file descriptors, and every real call then fails with ECONNRESET until
 * the flood times out. With it, the server holds at most `max` connections: when a new one arrives over the
 * cap, the connection idle the longest (no request in progress: never sent one, or a finished keep-alive)
 * is closed. A real request is answered as soon as its headers arrive, so it is never the oldest idle
 * connection for long; a flood only ever evicts itself. Connections busy with a request (including event
 * streams, which need the token) are never evicted; if all are busy, the newcomer is refused.
 */

/**
 * Well under common descriptor limits, and above the listen backlog (511): all the connections one
 * accept batch can bring in cannot push out a real request that arrived in the same batch.
 */
export const MAX_CONNECTIONS = 1024;

export interface ConnectionStats {
  /** Connections open now. */
  open: number;
  /** Idle connections closed to make room since the server started. */
  evicted: number;
}

export function capConnections(server: Server, max = MAX_CONNECTIONS): () => ConnectionStats {
  // Insertion order is idle age: the first key is the connection idle the longest.
  const idle = new Map<Socket, true>();
  let open = 0;
  let evicted = 0;

  server.on('connection', (socket: Socket) => {
    open++;
    idle.set(socket, true);
    socket.once('close', () => {
      open--;
      idle.delete(socket);
    });
    if (open <= max) return;
    const oldest = idle.keys().next().value;
    if (oldest) {
      idle.delete(oldest);
      evicted++;
      oldest.destroy();
    } else socket.destroy();
  });

  server.on('request', (req, res) => {
    const socket = req.socket;
    idle.delete(socket);
    res.once('close', () => {
      if (!socket.destroyed) idle.set(socket, true);
    });
  });

  return () => ({ open, evicted });
}
