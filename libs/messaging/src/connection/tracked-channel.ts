import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import type { BrokerRefusal } from '../publishing/errors/publish-rejected.error';

/** How the broker last closed a channel: its reply code and text, and when. */
export interface ChannelClose extends BrokerRefusal {
  readonly at: number;
}

/** What the connection knows of one of its channels, for health and for the watchdog. */
export interface ChannelState {
  readonly name: string;
  /** A channel is open and its setup (topology declaration, consumers) has completed. */
  readonly usable: boolean;
  /** Since when it has not been usable (epoch ms), while it is not. */
  readonly unusableSince?: number;
  readonly lastClose?: ChannelClose;
}

/** The connection's record of one ChannelWrapper: which amqplib channel is live under it, and how the last one ended. */
export class TrackedChannel {
  /** Set once the wrapper exists (the manager may run setup from inside createChannel). */
  wrapper?: ChannelWrapper;
  current?: ConfirmChannel;
  unusableSince: number = Date.now();
  lastClose?: ChannelClose;
  reopenFailures = 0;
  reopenTimer?: NodeJS.Timeout;
  closed = false;

  constructor(readonly name: string) {}

  /** The setup of `channel` completed: it carries traffic now. */
  up(channel: ConfirmChannel): void {
    this.current = channel;
    this.unusableSince = 0;
    this.reopenFailures = 0;
  }

  /** `channel` ended (closed by the broker, by a connection loss, or by us). */
  down(channel: ConfirmChannel): void {
    if (this.current !== channel) return;
    this.current = undefined;
    this.unusableSince = Date.now();
  }

  /** Marked unusable whatever the channel (setup failed, connection lost). */
  lost(): void {
    this.current = undefined;
    if (!this.unusableSince) this.unusableSince = Date.now();
  }

  get state(): ChannelState {
    return {
      name: this.name,
      usable: this.current !== undefined,
      ...(this.current === undefined ? { unusableSince: this.unusableSince } : {}),
      ...(this.lastClose ? { lastClose: this.lastClose } : {}),
    };
  }
}

/** The reply code and text amqplib puts on the error of a server-side channel close. */
export function channelCloseOf(err: unknown): ChannelClose {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // "Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no exchange 'x' in vhost '/'""
  const quoted = /with message "(.*)"$/s.exec(message)?.[1];
  return {
    replyCode: typeof e?.code === 'number' ? e.code : undefined,
    replyText: quoted ?? message,
    at: Date.now(),
  };
}
