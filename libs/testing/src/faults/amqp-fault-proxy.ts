import { EventEmitter } from 'node:events';
import net from 'node:net';
import { AMQP_METHODS, AmqpFrameReader, isMethod } from './amqp-frames';

export interface AmqpFaultProxyOptions {
  /** The broker to forward to. @default 127.0.0.1:5672 */
  readonly target?: { readonly host: string; readonly port: number };
  /** How long a held `Connection.OpenOk` waits for the broker's `Connection.Close`. @default 15 000 */
  readonly holdTimeoutMs?: number;
}

/** One client connection through the proxy. */
export interface ProxiedConnection {
  readonly id: number;
  /** The name the broker (and its management API) gives this connection: `127.0.0.1:<port> -> <target>`. */
  readonly brokerName: string;
  readonly openedAt: number;
}

interface Link extends ProxiedConnection {
  readonly client: net.Socket;
  readonly upstream: net.Socket;
  hold?: { reader: AmqpFrameReader; held: Buffer[]; timer?: NodeJS.Timeout };
}

/**
 * A loopback TCP proxy in front of RabbitMQ that produces broker faults on demand, for tests that must
 * not stop the broker:
 * - {@link holdOpenOkUntilClose}: the broker's `Connection.OpenOk` and its `Connection.Close` reach the
 *   client in ONE write (what `rabbitmqctl stop_app` does by accident: amqplib handles the close before
 *   it hands the connection to its caller);
 * - {@link drop}: every connection cut at once;
 * - {@link delay}: latency added to every chunk, both ways;
 * - {@link blackhole}: bytes silently discarded both ways while the sockets stay open;
 * - {@link refuse}: new connections closed as soon as they arrive.
 *
 * Events: `connection` (a {@link ProxiedConnection}), `open-ok-held`, `open-ok-released` (with how it was
 * released: `'with-close'` or `'timeout'`).
 */
export class AmqpFaultProxy extends EventEmitter {
  private readonly links = new Set<Link>();
  private nextId = 1;
  private holdsArmed = 0;
  private delayMs = 0;
  private blackholed = false;
  private refusing = false;
  private readonly lastDue = new WeakMap<net.Socket, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
    private readonly holdTimeoutMs: number,
  ) {
    super();
    server.on('connection', (client) => this.accept(client));
  }

  static async start(options: AmqpFaultProxyOptions = {}): Promise<AmqpFaultProxy> {
    const server = net.createServer();
    const proxy = new AmqpFaultProxy(
      server,
      { ...(options.target ?? { host: '127.0.0.1', port: 5672 }) },
      options.holdTimeoutMs ?? 15_000,
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `amqpUrl` with its host and port replaced by the proxy's (credentials and vhost kept). */
  url(amqpUrl: string): string {
    const u = new URL(amqpUrl);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** The connections open through the proxy now (those that reached the broker), oldest first. */
  connections(): ProxiedConnection[] {
    return [...this.links].filter((l) => l.brokerName !== '').map((l) => this.publicView(l));
  }

  /** The next `count` connections get their `Connection.OpenOk` held until the broker closes them. */
  holdOpenOkUntilClose(count = 1): void {
    this.holdsArmed += count;
  }

  /** Cuts every connection now (both sockets destroyed). */
  drop(): void {
    for (const link of this.links) this.destroy(link);
  }

  /** Adds `ms` of latency to every chunk in both directions (0 turns it off). */
  delay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  /** While on, bytes in both directions are discarded; the sockets stay open. */
  blackhole(on: boolean): void {
    this.blackholed = on;
  }

  /** While on, new connections are closed as soon as they arrive. */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  async close(): Promise<void> {
    this.drop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.removeAllListeners();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    const hold = this.holdsArmed > 0 ? { reader: new AmqpFrameReader(), held: [] } : undefined;
    if (hold) this.holdsArmed--;
    const link: Link = {
      id: this.nextId++,
      brokerName: '',
      openedAt: Date.now(),
      client,
      upstream,
      hold,
    };
    this.links.add(link);
    upstream.once('connect', () => {
      (link as { brokerName: string }).brokerName =
        `127.0.0.1:${upstream.localPort} -> ${this.target.host}:${this.target.port}`;
      this.emit('connection', this.publicView(link));
    });
    client.on('data', (chunk: Buffer) => this.send(upstream, chunk));
    upstream.on('data', (chunk: Buffer) => this.fromBroker(link, chunk));
    for (const s of [client, upstream]) {
      s.on('error', () => this.destroy(link));
      s.on('close', () => this.destroy(link));
    }
  }

  private fromBroker(link: Link, chunk: Buffer): void {
    const hold = link.hold;
    if (!hold) return this.send(link.client, chunk);
    for (const frame of hold.reader.push(chunk)) {
      if (hold.held.length === 0 && !isMethod(frame, AMQP_METHODS.connectionOpenOk)) {
        this.send(link.client, frame.bytes);
        continue;
      }
      hold.held.push(Buffer.from(frame.bytes));
      if (hold.held.length === 1) {
        hold.timer = setTimeout(() => this.release(link, 'timeout'), this.holdTimeoutMs);
        this.emit('open-ok-held', this.publicView(link));
      } else if (isMethod(frame, AMQP_METHODS.connectionClose)) {
        this.release(link, 'with-close');
        return;
      }
    }
  }

  private release(link: Link, how: 'with-close' | 'timeout'): void {
    const hold = link.hold;
    if (!hold) return;
    clearTimeout(hold.timer);
    link.hold = undefined;
    this.send(link.client, Buffer.concat([...hold.held, hold.reader.rest()])); // one write
    this.emit('open-ok-released', this.publicView(link), how);
  }

  private send(to: net.Socket, bytes: Buffer): void {
    if (this.blackholed || to.destroyed) return;
    const now = Date.now();
    // Never before a chunk delayed earlier (the delay may have been lowered since): order is kept, and
    // timers due at the same time fire in the order they were set.
    const due = Math.max(now + this.delayMs, this.lastDue.get(to) ?? 0);
    if (due <= now) {
      to.write(bytes);
      return;
    }
    this.lastDue.set(to, due);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!to.destroyed) to.write(bytes);
    }, due - now);
    this.timers.add(timer);
  }

  private destroy(link: Link): void {
    if (!this.links.delete(link)) return;
    clearTimeout(link.hold?.timer);
    link.client.destroy();
    link.upstream.destroy();
  }

  private publicView(link: Link): ProxiedConnection {
    return { id: link.id, brokerName: link.brokerName, openedAt: link.openedAt };
  }
}
