import { Logger } from '@nestjs/common';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { BrokerUnreachableError } from './errors/broker-unreachable.error';
import { DEFAULT_RECONNECT_MAX_SECONDS, DEFAULT_RECONNECT_MIN_SECONDS } from '../messaging.constants';

/** Connection settings shared by the module, the Nest transport and the CLI. */
export interface AmqpConnectionOptions {
  /** One URL, or several (a cluster); a comma-separated string is split. */
  readonly urls: string | readonly string[];
  /** Reconnect backoff: first wait in seconds, doubled per failed attempt. @default 1 */
  readonly reconnectMinSeconds?: number;
  /** Upper bound of the reconnect wait. @default 30 */
  readonly reconnectMaxSeconds?: number;
  /** @default 5 */
  readonly heartbeatSeconds?: number;
  /** Runs on every (re)connect before any consumer or publisher channel is used: re-declares the topology. */
  readonly declare?: (channel: ConfirmChannel) => Promise<void>;
  /** Connection name shown in the management UI. */
  readonly name?: string;
}

/** What the health indicator and callers see of the connection. */
export interface AmqpConnectionState {
  readonly connected: boolean;
  readonly blocked: boolean;
  readonly blockedReason?: string;
  readonly lastError?: string;
  readonly url?: string;
}

export type AmqpConnectionEvent = 'connected' | 'disconnected' | 'blocked' | 'unblocked';

/** Splits `amqp://a,amqp://b` or a list into the URLs of a cluster. */
export function amqpUrlList(urls: string | readonly string[]): string[] {
  const list = typeof urls === 'string' ? urls.split(',') : [...urls];
  return list.map((u) => u.trim()).filter(Boolean);
}

/**
 * One managed AMQP connection on amqp-connection-manager: reconnects with exponential backoff across the
 * cluster's URLs, re-runs the topology declaration and every channel's setup (so consumers re-attach),
 * and surfaces blocked/unblocked events.
 */
export class AmqpConnection {
  private readonly logger = new Logger(AmqpConnection.name);
  private readonly manager: AmqpConnectionManager;
  private readonly listeners = new Set<(event: AmqpConnectionEvent, detail?: string) => void>();
  private state: AmqpConnectionState = { connected: false, blocked: false };
  private readonly minWait: number;
  private readonly maxWait: number;
  // One declaration per underlying connection, shared by every channel set up on it.
  private readonly declarations = new WeakMap<object, Promise<void>>();

  constructor(private readonly options: AmqpConnectionOptions) {
    this.minWait = options.reconnectMinSeconds ?? DEFAULT_RECONNECT_MIN_SECONDS;
    this.maxWait = options.reconnectMaxSeconds ?? DEFAULT_RECONNECT_MAX_SECONDS;
    this.manager = amqp.connect(amqpUrlList(options.urls), {
      heartbeatIntervalInSeconds: options.heartbeatSeconds ?? 5,
      reconnectTimeInSeconds: this.minWait,
      connectionOptions: { clientProperties: { connection_name: options.name ?? 'switchyard' } },
    });
    this.manager.on('connect', ({ url }) => {
      this.manager.reconnectTimeInSeconds = this.minWait;
      this.state = {
        connected: true,
        blocked: false,
        url: typeof url === 'string' ? redact(url) : undefined,
      };
      this.emit('connected');
    });
    this.manager.on('disconnect', ({ err }) => {
      this.state = { ...this.state, connected: false, lastError: err?.message };
      this.backoff();
      this.emit('disconnected', err?.message);
    });
    this.manager.on('connectFailed', ({ err, url }) => {
      this.state = { ...this.state, connected: false, lastError: err?.message };
      this.logger.warn(
        `cannot connect to ${typeof url === 'string' ? redact(url) : 'the broker'}: ${err?.message}`,
      );
      this.backoff();
    });
    this.manager.on('blocked', ({ reason }) => {
      this.state = { ...this.state, blocked: true, blockedReason: reason };
      this.logger.warn(`connection blocked by the broker: ${reason}`);
      this.emit('blocked', reason);
    });
    this.manager.on('unblocked', () => {
      this.state = { ...this.state, blocked: false, blockedReason: undefined };
      this.emit('unblocked');
    });
  }

  get current(): AmqpConnectionState {
    return this.state;
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  /** Subscribes to connection events; returns the unsubscribe function. */
  onEvent(listener: (event: AmqpConnectionEvent, detail?: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once connected (the first time), rejects after `timeoutMs`. */
  async waitConnected(timeoutMs = 30_000): Promise<void> {
    // Not manager.connect(): it waits for the NEXT connect event, forever when already connected.
    if (this.manager.isConnected()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(
          new BrokerUnreachableError(
            amqpUrlList(this.options.urls).map(redact),
            timeoutMs,
            this.state.lastError,
          ),
        );
      }, timeoutMs);
      const off = this.onEvent((event) => {
        if (event !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve();
      });
      if (this.manager.isConnected()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }

  /**
   * A confirm channel that survives reconnects: `setup` runs on every new channel, after the topology
   * has been re-declared on that connection.
   */
  createChannel(
    name: string,
    setup?: (channel: ConfirmChannel) => Promise<void>,
    publishTimeoutMs?: number,
  ): ChannelWrapper {
    const wrapper = this.manager.createChannel({
      name,
      confirm: true,
      json: false,
      publishTimeout: publishTimeoutMs,
      setup: async (channel: ConfirmChannel) => {
        await this.declareOn(channel);
        if (setup) await setup(channel);
      },
    });
    // A failed setup (topology conflict, missing queue) is retried on the next reconnect; say why.
    wrapper.on('error', (err: Error) => this.logger.error(`channel ${name}: ${err.message}`));
    return wrapper;
  }

  async close(): Promise<void> {
    await this.manager.close();
  }

  private declareOn(channel: ConfirmChannel): Promise<void> {
    const declare = this.options.declare;
    if (!declare) return Promise.resolve();
    const connection = (channel as unknown as { connection: object }).connection;
    let run = this.declarations.get(connection);
    if (!run) {
      run = declare(channel);
      this.declarations.set(connection, run);
      run.catch(() => this.declarations.delete(connection));
    }
    return run;
  }

  private backoff(): void {
    this.manager.reconnectTimeInSeconds = Math.min(
      this.maxWait,
      Math.max(this.minWait, this.manager.reconnectTimeInSeconds * 2),
    );
  }

  private emit(event: AmqpConnectionEvent, detail?: string): void {
    for (const l of this.listeners) l(event, detail);
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    u.password = u.password ? '***' : '';
    return u.toString();
  } catch {
    return 'amqp://?';
  }
}
