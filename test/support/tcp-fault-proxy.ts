import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What the proxy has seen, so a test can show its fault really reached the service under test. */
export interface ProxyCounts {
  /** Client connections forwarded to the target. */
  forwarded: number;
  /** Open connections reset by a switch to "refuse". */
  cut: number;
  /** New connections reset on arrival while refusing. */
  refused: number;
}

type Command = 'refuse' | 'pass' | 'counts' | 'close';

type WorkerMessage = { listening: number } | { id: number; counts: ProxyCounts };

/**
 * A loopback TCP proxy in front of one server (here: the stack's PostgreSQL), for tests that need the
 * server to vanish for a moment without disturbing anything else that uses it. Services under test
 * connect to the proxy; everything else keeps talking to the server directly.
 *
 * "refuse" resets every open client connection (as a restarting PostgreSQL drops its sessions) and
 * resets each new one on arrival; "pass" forwards again. The listening port stays open throughout, so
 * no other process can take it while the fault lasts and a "pass" always works. The sockets live in a
 * worker thread (tcp-fault-proxy.worker.js) so they keep moving while the test blocks on a
 * synchronous call such as starting a service.
 */
export class TcpFaultProxy {
  private nextId = 0;
  private readonly pending = new Map<number, (counts: ProxyCounts) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly port: number,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      if (!('id' in message)) return;
      this.pending.get(message.id)?.(message.counts);
      this.pending.delete(message.id);
    });
  }

  /** Starts a proxy on 127.0.0.1 (a free port) in front of `target`, forwarding. */
  static async start(target: { host: string; port: number }): Promise<TcpFaultProxy> {
    const worker = new Worker(join(__dirname, 'tcp-fault-proxy.worker.js'), { workerData: target });
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: WorkerMessage) => {
        if ('listening' in message) resolve(message.listening);
      });
    });
    return new TcpFaultProxy(worker, port);
  }

  /** Drops every open connection and resets new ones until `pass()`. */
  refuse(): Promise<ProxyCounts> {
    return this.send('refuse');
  }

  pass(): Promise<ProxyCounts> {
    return this.send('pass');
  }

  counts(): Promise<ProxyCounts> {
    return this.send('counts');
  }

  async close(): Promise<void> {
    await this.send('close');
    await this.worker.terminate();
  }

  private send(command: Command): Promise<ProxyCounts> {
    const id = (this.nextId += 1);
    return new Promise<ProxyCounts>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, command });
    });
  }
}
