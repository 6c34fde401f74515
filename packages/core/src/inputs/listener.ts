import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { TlsOptions } from 'node:tls';
import { ConfigError } from '@asimkit/sdk';
import { DEFAULT_MAX_MESSAGE, SyslogFramer } from '../framing/syslog-frames.js';

/** One `--udp`, `--tcp` or `--tls` endpoint. */
export interface ListenSpec {
  readonly protocol: 'udp' | 'tcp' | 'tls';
  readonly host: string;
  /** 0: any free port (the bound one is in `Listener.address`). */
  readonly port: number;
  /** `--tls`: the server's certificate and key (PEM); with `ca`, clients must present a certificate it signed. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly ca?: Buffer };
}

/** Nothing listens beyond loopback unless asked: `PORT` alone binds 127.0.0.1. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

/** `HOST:PORT`, `[V6]:PORT` or `PORT` → host and port; a usage error otherwise. */
export function parseEndpoint(value: string, flag: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value.trim()) ?? /^()()(\d+)$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65535) throw new ConfigError('bad-flag', `${flag} must be HOST:PORT (e.g. 127.0.0.1:5514, [::1]:5514, 0.0.0.0:514), not "${value}"`);
  return { host: m[1] || m[2] || DEFAULT_LISTEN_HOST, port };
}

/** What a listener hands the run: a message, or bytes that were no message (too long, a broken frame). */
export type Received =
  | { readonly text: string; readonly peer: string; readonly receivedAt: string; readonly listener: Listener }
  | { readonly reason: string; readonly detail: string; readonly raw: string; readonly peer: string; readonly receivedAt: string; readonly listener: Listener };

/**
 * The bounded queue between the listeners and the run (16,384 messages or 64 Mi characters, whichever
 * comes first). TCP and TLS connections are paused while it is full and resumed once it has drained to half (their senders then wait: TCP's own flow control);
 * a UDP datagram that finds it full cannot be held back, so it is dropped and counted.
 */
export class MessageQueue {
  private items: Received[] = [];
  /** Characters queued (messages are held as strings): the queue is bounded in size, not only in count. */
  private chars = 0;
  private waiting: (() => void) | undefined;
  private readonly paused = new Set<Socket>();
  private closed = false;
  /** UDP datagrams that found the queue full. */
  dropped = 0;

  constructor(
    readonly capacity = 16384,
    readonly maxChars = 64 << 20,
  ) {}

  get length(): number {
    return this.items.length;
  }

  private get full(): boolean {
    return this.items.length >= this.capacity || this.chars >= this.maxChars;
  }

  /** Queues from a stream: always taken; the stream is paused while the queue is full. */
  pushFromStream(item: Received, socket: Socket): void {
    this.add(item);
    if (this.full && !this.paused.has(socket)) {
      this.paused.add(socket);
      socket.pause();
    }
  }

  /** Queues a datagram; false (and counted as dropped) when the queue is full. */
  pushDatagram(item: Received): boolean {
    if (this.full) {
      this.dropped++;
      return false;
    }
    this.add(item);
    return true;
  }

  /** The queued items (at most `max`), waiting for one; undefined once closed and drained. */
  async take(max = 256): Promise<Received[] | undefined> {
    while (this.items.length === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const batch = this.items.length <= max ? this.items : this.items.slice(0, max);
    this.items = batch === this.items ? [] : this.items.slice(max);
    for (const item of batch) this.chars -= size(item);
    if (this.paused.size && this.items.length <= this.capacity >> 1 && this.chars <= this.maxChars >> 1) {
      for (const s of this.paused) s.resume();
      this.paused.clear();
    }
    return batch;
  }

  forget(socket: Socket): void {
    this.paused.delete(socket);
  }

  /** No more items will come: `take` returns what is left, then undefined. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private add(item: Received): void {
    this.items.push(item);
    this.chars += size(item);
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}

function size(item: Received): number {
  return 'text' in item ? item.text.length : item.raw.length;
}

/**
 * Stopping first reads what senders had already sent (in the kernel's buffers, acknowledged to TCP
 * senders): an endpoint is closed once nothing has arrived for DRAIN_QUIET_MS and no connection is
 * held back by the full queue, or after DRAIN_MAX_MS, so a device that never pauses cannot hold a stop.
 */
const DRAIN_QUIET_MS = 100;
const DRAIN_MAX_MS = 5000;

/** A bound endpoint: its name for messages and rejects (`tcp 127.0.0.1:6514`), and how to stop it. */
export class Listener {
  /** Open connections, each with what ends it (frames what was read). */
  private readonly sockets = new Map<Socket, () => void>();
  private server: Server | undefined;
  private udp: UdpSocket | undefined;
  /** `udp|tcp|tls HOST:PORT`, with the port actually bound. */
  name = '';
  /** When a datagram or bytes on a connection last arrived (ms). */
  private lastArrival = 0;
  private stopping: Promise<void> | undefined;
  private cutDrain = false;

  private constructor(
    readonly spec: ListenSpec,
    private readonly queue: MessageQueue,
    private readonly maxMessage: number,
  ) {}

  /** Binds the endpoint (a port in use or an address not on this machine is a usage error). */
  static async start(spec: ListenSpec, queue: MessageQueue, maxMessage = DEFAULT_MAX_MESSAGE): Promise<Listener> {
    const l = new Listener(spec, queue, maxMessage);
    try {
      if (spec.protocol === 'udp') await l.bindUdp();
      else await l.bindStream();
    } catch (err) {
      throw new ConfigError('cannot-listen', `cannot listen on ${spec.protocol} ${hostPort(spec.host, spec.port)}: ${(err as Error).message}`);
    }
    return l;
  }

  private async bindUdp(): Promise<void> {
    const { host, port } = this.spec;
    const udp = (this.udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 8 << 20 }));
    udp.on('message', (msg, rinfo) => {
      this.lastArrival = Date.now();
      const peer = peerAddress(rinfo.address);
      const receivedAt = new Date().toISOString();
      if (msg.length > this.maxMessage) {
        this.queue.pushDatagram({ reason: 'message-too-long', detail: `the datagram is ${msg.length} bytes, longer than ${this.maxMessage} (--max-message)`, raw: msg.toString('utf8', 0, 256), peer, receivedAt, listener: this });
        return;
      }
      let end = msg.length;
      while (end > 0 && (msg[end - 1] === 10 || msg[end - 1] === 13 || msg[end - 1] === 0)) end--; // a trailer some senders add
      if (end > 0) this.queue.pushDatagram({ text: msg.toString('utf8', 0, end), peer, receivedAt, listener: this });
    });
    udp.bind(port, host);
    await Promise.race([once(udp, 'listening'), once(udp, 'error').then(([e]) => Promise.reject(e as Error))]);
    try {
      udp.setRecvBufferSize(8 << 20);
    } catch {
      // the kernel's limit stands; overflow shows as drops
    }
    this.name = `udp ${hostPort(host, udp.address().port)}`;
  }

  private async bindStream(): Promise<void> {
    const { host, port, tls } = this.spec;
    const onConnection = (socket: Socket) => this.connection(socket);
    let server: Server;
    if (this.spec.protocol === 'tls') {
      const options: TlsOptions = { cert: tls!.cert, key: tls!.key, ...(tls!.ca ? { ca: tls!.ca, requestCert: true, rejectUnauthorized: true } : {}) };
      // loaded here: node:tls costs every other command ~4 ms of start-up
      const { createServer: createTlsServer } = await import('node:tls');
      server = createTlsServer(options, onConnection);
    } else server = createServer(onConnection);
    this.server = server;
    server.listen(port, host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
    server.on('error', () => {}); // after binding, per-connection errors are the sockets'
    const address = server.address();
    this.name = `${this.spec.protocol} ${hostPort(host, typeof address === 'object' && address ? address.port : port)}`;
  }

  private connection(socket: Socket): void {
    const peer = peerAddress(socket.remoteAddress ?? '');
    let receivedAt = '';
    const framer = new SyslogFramer(
      {
        message: (text) => this.queue.pushFromStream({ text, peer, receivedAt, listener: this }, socket),
        rejected: (reason, detail, raw) => this.queue.pushFromStream({ reason, detail, raw, peer, receivedAt, listener: this }, socket),
      },
      this.maxMessage,
    );
    socket.on('data', (chunk: Buffer) => {
      this.lastArrival = Date.now();
      receivedAt = new Date().toISOString();
      framer.push(chunk);
    });
    const done = () => {
      if (!this.sockets.delete(socket)) return;
      receivedAt = new Date().toISOString();
      framer.end();
      this.queue.forget(socket);
    };
    this.sockets.set(socket, done);
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', () => {}); // a reset by the peer ends the connection: 'close' follows
  }

  /** Open connections (TCP, TLS). */
  get connections(): number {
    return this.sockets.size;
  }

  /**
   * UDP datagrams the kernel dropped before they were read (its receive buffer was full), from
   * /proc/net/udp on Linux; 0 where the kernel does not say. Kept once the socket is closed.
   */
  kernelDrops(fresh = false): number {
    if (this.udp && (fresh || Date.now() - this.dropsReadAt >= 500)) {
      this.lastKernelDrops = udpDrops(this.udp.address().port);
      this.dropsReadAt = Date.now();
    }
    return this.lastKernelDrops;
  }

  private lastKernelDrops = 0;
  private dropsReadAt = 0;

  /**
   * Stops listening and ends open connections; what they sent before is queued. With `drain`, what
   * senders had already sent is read first (see DRAIN_QUIET_MS); a later call without it cuts that short.
   */
  stop(drain = false): Promise<void> {
    if (!drain) this.cutDrain = true;
    return (this.stopping ??= this.close(drain));
  }

  private async close(drain: boolean): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server && new Promise<void>((resolve) => server.close(() => resolve())); // takes no new connections
    if (drain) await this.drained();
    if (this.udp) {
      this.kernelDrops(true);
      const udp = this.udp;
      this.udp = undefined;
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    }
    for (const [socket, done] of [...this.sockets]) {
      done(); // frames what was read (a last line without its LF)
      socket.destroy();
    }
    await closed;
  }

  /** Resolves once the endpoint is quiet: its connections have ended, or nothing arrives and none is paused. */
  private async drained(): Promise<void> {
    const deadline = Date.now() + DRAIN_MAX_MS;
    const quiet = () =>
      (this.sockets.size === 0 && !this.udp) ||
      (Date.now() - this.lastArrival >= DRAIN_QUIET_MS && ![...this.sockets.keys()].some((s) => s.isPaused()));
    while (!this.cutDrain && Date.now() < deadline) {
      if (quiet()) {
        // a timer can run before the I/O that became ready while the loop was busy: let one poll pass
        await new Promise((resolve) => setImmediate(resolve));
        if (quiet()) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** What to listen on. */
export interface ListenRequest {
  readonly listeners: readonly ListenSpec[];
  /** Longest message taken, in bytes (default 64 KiB); longer ones are rejected with their reason. */
  readonly maxMessage?: number;
  /** Messages queued between the listeners and the run (default 16,384). */
  readonly queueSize?: number;
}

/**
 * Binds every endpoint and hands what they receive to `take`, a batch of up to `batchSize` at a
 * time with the datagrams dropped so far (refused by the full queue, or by the kernel before they
 * were read), until the signal. Stopping closes the endpoints once what senders had sent is read
 * (Listener.stop), frames what the open connections had sent and drains the queue: everything
 * received is handed over. Resolves with the final dropped count. A port that cannot be bound is a
 * usage error, thrown before anything is taken.
 */
export async function receive(
  live: ListenRequest,
  signal: AbortSignal,
  batchSize: number,
  take: (batch: Received[], dropped: () => number) => Promise<void>,
  onListening?: (listeners: readonly Listener[]) => void,
): Promise<number> {
  const queue = new MessageQueue(live.queueSize);
  const listeners: Listener[] = [];
  const dropped = () => queue.dropped + listeners.reduce((n, l) => n + l.kernelDrops(), 0);
  const stop = async (drain = false) => {
    await Promise.all(listeners.map((l) => l.stop(drain)));
    queue.close();
  };
  try {
    for (const spec of live.listeners) listeners.push(await Listener.start(spec, queue, live.maxMessage));
  } catch (err) {
    await stop();
    throw err;
  }
  onListening?.(listeners);
  const onAbort = () => void stop(true);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (let batch = await queue.take(batchSize); batch; batch = await queue.take(batchSize)) await take(batch, dropped);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await stop();
  }
  return dropped();
}

/** The `drops` column of the sockets bound to `port` in /proc/net/udp and udp6. */
function udpDrops(port: number): number {
  let drops = 0;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length >= 13 && cols[1]!.endsWith(`:${hexPort}`)) drops += Number(cols[cols.length - 1]) || 0;
    }
  }
  return drops;
}

function hostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The sender's address, as Sentinel's agent records it (IPv4 without its IPv6-mapped prefix). */
function peerAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
