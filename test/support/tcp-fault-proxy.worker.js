/**
 * The sockets of TcpFaultProxy (tcp-fault-proxy.ts), in a worker thread of their own: the tests start
 * services with a synchronous call (hubServices.up waits until the service is ready), and a proxy on
 * the test's own event loop would stand still meanwhile, so the service could never reach its
 * database through it. Plain CommonJS because a worker thread loads JavaScript, not TypeScript.
 *
 * Messages in: { id, command: 'refuse' | 'pass' | 'counts' | 'close' }; out: { id, counts } after
 * each, and { listening: port } once at start.
 */
const { createServer, connect } = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');

const { host, port } = workerData;
let mode = 'pass';
const pairs = new Set();
const counts = { forwarded: 0, cut: 0, refused: 0 };

function drop(pair) {
  if (!pairs.delete(pair)) return;
  // A reset rather than a polite FIN: the client sees ECONNRESET at once, as from a server that went away.
  if (!pair.client.destroyed) pair.client.resetAndDestroy();
  pair.upstream.destroy();
}

const server = createServer((client) => {
  if (mode === 'refuse') {
    counts.refused += 1;
    client.resetAndDestroy();
    return;
  }
  counts.forwarded += 1;
  const upstream = connect({ host, port });
  const pair = { client, upstream };
  pairs.add(pair);
  client.pipe(upstream);
  upstream.pipe(client);
  // Whichever side ends or fails, the other goes too, as on a direct connection.
  for (const socket of [client, upstream]) {
    socket.on('error', () => drop(pair));
    socket.on('close', () => drop(pair));
  }
});

parentPort.on('message', ({ id, command }) => {
  if (command === 'refuse') {
    mode = 'refuse';
    for (const pair of [...pairs]) {
      counts.cut += 1;
      drop(pair);
    }
  } else if (command === 'pass') {
    mode = 'pass';
  } else if (command === 'close') {
    for (const pair of [...pairs]) drop(pair);
    server.close(() => {
      parentPort.postMessage({ id, counts });
      parentPort.close();
    });
    return;
  }
  parentPort.postMessage({ id, counts });
});

// Loopback only, on a free port; it stays open through a "refuse" so nothing else can take it.
server.listen({ host: '127.0.0.1', port: 0 }, () =>
  parentPort.postMessage({ listening: server.address().port }),
);
