// A hostile local process for tests/server/flood.test.ts: opens COUNT idle TCP connections to 127.0.0.1:PORT
// (never sending a byte), keeps as many open as it can, opens a new one for each the server closes, and
// prints a JSON line of its counts every 200 ms until stdin closes.
import { connect } from 'node:net';
import { setImmediate } from 'node:timers';

const [port, count] = process.argv.slice(2).map(Number);
const counts = { attempted: 0, connected: 0, open: 0, closedByServer: 0, failed: 0 };
let stopping = false;
let inFlight = 0;
const sockets = new Set();

function openOne() {
  counts.attempted++;
  inFlight++;
  const socket = connect(port, '127.0.0.1');
  let connected = false;
  socket.on('connect', () => {
    connected = true;
    inFlight--;
    counts.connected++;
    counts.open++;
    sockets.add(socket);
    setImmediate(fill);
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    if (connected) {
      counts.open--;
      sockets.delete(socket);
      if (!stopping) counts.closedByServer++;
    } else {
      inFlight--;
      counts.failed++;
    }
    // Keep the pressure on: replace every connection the server drops.
    if (!stopping) setImmediate(fill);
  });
}

/** Up to 500 connects in flight at a time, until COUNT have been attempted, then one per drop. */
function fill() {
  while (!stopping && inFlight < 500 && (counts.attempted < count || counts.open + inFlight < count))
    openOne();
}

const report = setInterval(() => process.stdout.write(JSON.stringify(counts) + '\n'), 200);
fill();
process.stdin.resume();
process.stdin.on('end', () => {
  stopping = true;
  clearInterval(report);
  for (const s of sockets) s.destroy();
  process.stdout.write(JSON.stringify(counts) + '\n');
  process.exit(0);
});
