import { amqpUrlList, redactUrls } from '@switchyard/config';
import { Logger } from '@nestjs/common';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import {
  CHANNEL_REOPEN_MAX_MS,
  CHANNEL_REOPEN_MIN_MS,
  DEFAULT_CHANNEL_WATCHDOG_MS,
  DEFAULT_RECONNECT_MAX_SECONDS,
  DEFAULT_RECONNECT_MIN_SECONDS,
} from '../messaging.constants';
import { isDeadOnArrival, reopenChannel, tearDown, type ChannelModel } from './amqplib-internals';
import { BrokerUnreachableError } from './errors/broker-unreachable.error';
import { channelCloseOf, TrackedChannel, type ChannelClose, type ChannelState } from './tracked-channel';

export type { ChannelClose, ChannelState } from './tracked-channel';

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
  /**
   * A connection called connected whose channel has had no usable channel this long is torn down and
   * reconnected, in ms. @default DEFAULT_CHANNEL_WATCHDOG_MS (5 s)
   */
  readonly watchdogMs?: number;
}

/** What the health indicator and callers see of the connection. */
export interface AmqpConnectionState {
  readonly connected: boolean;
  readonly blocked: boolean;
  readonly blockedReason?: string;
  readonly lastError?: string;
  readonly url?: string;
  /** Connected, and every channel (publisher, consumers) open with its setup done. */
  readonly channelsUsable: boolean;
  /** Names of the channels that are not usable now. */
  readonly unusableChannels: readonly string[];
}

export type AmqpConnectionEvent = 'connected' | 'disconnected' | 'blocked' | 'unblocked';

/**
 * One managed AMQP connection on amqp-connection-manager: reconnects with exponential backoff across the
 * cluster's URLs, re-runs the topology declaration and every channel's setup (so consumers re-attach),
 * and surfaces blocked/unblocked events. It also repairs what the manager leaves broken:
 * - a connection handed over already closed (the `stop_app` race: `Connection.OpenOk` and
 *   `Connection.Close` in one read) is torn down and reconnected instead of being kept as connected;
 * - a channel the broker closes (404 on a missing exchange, 403, 406) closes only that channel: the error
 *   is logged with the broker's reply code and text, and the channel is re-opened on the same connection;
 * - a watchdog tears the connection down when the manager calls it connected but a channel has had no
 *   usable channel for `watchdogMs`.
 */
export class AmqpConnection {
  private readonly logger = new Logger(AmqpConnection.name);
  private readonly manager: AmqpConnectionManager;
  private readonly listeners = new Set<(event: AmqpConnectionEvent, detail?: string) => void>();
  private state: Omit<AmqpConnectionState, 'channelsUsable' | 'unusableChannels'> = {
    connected: false,
    blocked: false,
  };
  private readonly minWait: number;
  private readonly maxWait: number;
  private readonly watchdogMs: number;
  private readonly watchdog: NodeJS.Timeout;
  private readonly channels = new Set<TrackedChannel>();
  private closing = false;
  // One declaration per underlying connection, shared by every channel set up on it.
  private readonly declarations = new WeakMap<object, Promise<void>>();

  constructor(private readonly options: AmqpConnectionOptions) {
    this.minWait = options.reconnectMinSeconds ?? DEFAULT_RECONNECT_MIN_SECONDS;
    this.maxWait = options.reconnectMaxSeconds ?? DEFAULT_RECONNECT_MAX_SECONDS;
    this.watchdogMs = options.watchdogMs ?? DEFAULT_CHANNEL_WATCHDOG_MS;
    this.manager = amqp.connect(amqpUrlList(options.urls), {
      heartbeatIntervalInSeconds: options.heartbeatSeconds ?? 5,
      reconnectTimeInSeconds: this.minWait,
      connectionOptions: { clientProperties: { connection_name: options.name ?? 'switchyard' } },
    });
    this.manager.on('connect', ({ connection, url }) => this.onConnect(connection, url));
    this.manager.on('disconnect', ({ err }) => {
      this.state = { ...this.state, connected: false, lastError: err?.message };
      for (const c of this.channels) c.lost();
      this.backoff();
      if (!this.closing)
        this.logger.warn(
          `disconnected from the broker (${err?.message ?? 'no reason given'}); reconnecting in ${this.manager.reconnectTimeInSeconds}s`,
        );
      this.emit('disconnected', err?.message);
    });
    this.manager.on('connectFailed', ({ err, url }) => {
      this.state = { ...this.state, connected: false, lastError: err?.message };
      this.logger.warn(
        `cannot connect to ${typeof url === 'string' ? redactUrls(url) : 'the broker'}: ${err?.message}`,
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
    this.watchdog = setInterval(() => this.watch(), Math.max(50, Math.min(1000, this.watchdogMs / 2)));
    this.watchdog.unref();
  }

  /** The connection as health checks see it: connected, and whether every channel is usable. */
  get current(): AmqpConnectionState {
    const unusable = [...this.channels].filter((c) => !c.closed && !c.current).map((c) => c.name);
    return {
      ...this.state,
      channelsUsable: this.state.connected && unusable.length === 0,
      unusableChannels: unusable,
    };
  }

  /** Every channel of this connection and whether it is usable. */
  get channelStates(): ChannelState[] {
    return [...this.channels].filter((c) => !c.closed).map((c) => c.state);
  }

  /** Connected to a broker on a connection that is really open (not only in the manager's view). */
  isConnected(): boolean {
    return this.state.connected && this.manager.isConnected();
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
    if (this.isConnected()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(
          new BrokerUnreachableError(
            amqpUrlList(this.options.urls).map(redactUrls),
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
      if (this.isConnected()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }

  /**
   * A confirm channel that survives reconnects and server-side channel closes: `setup` runs on every new
   * channel, after the topology has been re-declared on that connection.
   */
  createChannel(
    name: string,
    setup?: (channel: ConfirmChannel) => Promise<void>,
    publishTimeoutMs?: number,
  ): ChannelWrapper {
    const tracked = new TrackedChannel(name);
    this.channels.add(tracked);
    const wrapper = this.manager.createChannel({
      name,
      confirm: true,
      json: false,
      publishTimeout: publishTimeoutMs,
      setup: async (channel: ConfirmChannel) => {
        let ended = false;
        // Without an 'error' listener amqplib rethrows a channel error as a frame error, which closes
        // the whole connection and every consumer on it.
        channel.on('error', (err: unknown) => this.onChannelError(tracked, err));
        channel.once('close', () => {
          ended = true;
          this.onChannelClose(tracked, channel);
        });
        await this.declareOn(channel);
        if (setup) await setup(channel);
        if (!ended) tracked.up(channel);
      },
    });
    tracked.wrapper = wrapper;
    // A failed setup (topology conflict, missing queue) is retried: re-opened when the broker closed the
    // channel over it, on the next reconnect otherwise; say why.
    wrapper.on('error', (err: Error) => {
      tracked.lost();
      if (!this.closing) this.logger.error(`channel ${name}: ${err.message}`);
    });
    wrapper.once('close', () => {
      tracked.closed = true;
      clearTimeout(tracked.reopenTimer);
      this.channels.delete(tracked);
    });
    return wrapper;
  }

  /** How the broker last closed `wrapper`'s channel (reply code and text), if it did. */
  lastChannelClose(wrapper: ChannelWrapper): ChannelClose | undefined {
    for (const c of this.channels) if (c.wrapper === wrapper) return c.lastClose;
    return undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watchdog);
    for (const c of this.channels) clearTimeout(c.reopenTimer);
    await this.manager.close();
  }

  private onConnect(connection: ChannelModel, url: unknown): void {
    const where = typeof url === 'string' ? redactUrls(url) : 'the broker';
    if (isDeadOnArrival(connection)) {
      const reason = new Error(`connection to ${where} was closed by the broker while it opened`);
      this.state = { ...this.state, connected: false, lastError: reason.message };
      this.logger.warn(`${reason.message}; reconnecting`);
      // After the manager's other 'connect' listeners (the channels) have run on the dead connection.
      setImmediate(() => tearDown(connection, reason));
      return;
    }
    this.manager.reconnectTimeInSeconds = this.minWait;
    this.state = { connected: true, blocked: false, url: where === 'the broker' ? undefined : where };
    this.emit('connected');
  }

  private onChannelError(tracked: TrackedChannel, err: unknown): void {
    const close = channelCloseOf(err);
    tracked.lastClose = close;
    this.logger.warn(
      `channel ${tracked.name} closed by the broker: ${close.replyCode ?? '?'} ${close.replyText ?? ''}`,
    );
  }

  private onChannelClose(tracked: TrackedChannel, channel: ConfirmChannel): void {
    const wasServerClose = tracked.lastClose !== undefined && Date.now() - tracked.lastClose.at < 1000;
    tracked.down(channel);
    const connection = this.manager.connection;
    if (!wasServerClose || tracked.closed || this.closing || !connection) return;
    // A connection loss closes its channels too; only a channel the broker closed on a live connection is
    // re-opened here (the reconnect sets up the others).
    const wait = Math.min(CHANNEL_REOPEN_MAX_MS, CHANNEL_REOPEN_MIN_MS * 2 ** tracked.reopenFailures++);
    clearTimeout(tracked.reopenTimer);
    tracked.reopenTimer = setTimeout(() => {
      if (tracked.closed || this.closing || tracked.current || !tracked.wrapper) return;
      if (this.manager.connection !== connection || !this.isConnected()) return;
      reopenChannel(tracked.wrapper, connection).catch((e: unknown) =>
        this.logger.error(`channel ${tracked.name}: re-opening failed: ${String(e)}`),
      );
    }, wait);
    tracked.reopenTimer.unref();
  }

  // A connection the manager calls connected whose channel has had no usable channel for too long is
  // broken in a way nothing else will notice: tear it down and reconnect.
  private watch(): void {
    const connection = this.manager.connection;
    if (this.closing || !connection || !this.state.connected) return;
    const now = Date.now();
    const stuck = [...this.channels].find(
      (c) => !c.closed && !c.current && c.unusableSince > 0 && now - c.unusableSince >= this.watchdogMs,
    );
    if (!stuck) return;
    const reason = new Error(
      `channel ${stuck.name} has had no usable channel for ${now - stuck.unusableSince} ms on a connection called connected`,
    );
    this.logger.warn(`${reason.message}: reconnecting`);
    for (const c of this.channels) if (c.unusableSince) c.unusableSince = now;
    this.state = { ...this.state, connected: false, lastError: reason.message };
    tearDown(connection, reason);
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
