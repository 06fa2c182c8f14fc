import { randomUUID } from 'node:crypto';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Message } from 'amqplib';
import type { AmqpConnection } from '../connection/amqp-connection';
import { DEFAULT_PUBLISH_BUFFER_SIZE, DEFAULT_PUBLISH_TIMEOUT_MS } from '../messaging.constants';
import { topologyNames } from '../topology/topology-names';
import { PublishRejectedError, type BrokerRefusal } from './errors/publish-rejected.error';
import { PublishTimeoutError } from './errors/publish-timeout.error';
import { UnroutableMessageError } from './errors/unroutable-message.error';
import { MESSAGING_ATTRIBUTES } from '@switchyard/observability';
import { withPublishSpan } from '../tracing/publish-span';
import { toEventMessage } from './event-message';
import type { OutgoingEvent, PublishProperties } from './outgoing-message';

export interface EventPublisherOptions {
  /** How long a publish may wait for buffer room and the broker's confirm. @default 10 s */
  readonly publishTimeoutMs?: number;
  /** Publishes held at once (sent but unconfirmed, or buffered while disconnected). @default 10 000 */
  readonly bufferSize?: number;
  /** The AMQP app-id property. @default 'switchyard' */
  readonly appId?: string;
}

/**
 * Confirmed publishing. Every message is persistent and `mandatory`: the promise resolves once the broker
 * confirms it, and rejects with {@link UnroutableMessageError} when the broker returns it, with
 * {@link PublishRejectedError} on a nack, and with {@link PublishTimeoutError} when neither happens in time
 * (disconnected for too long, or the bounded buffer stayed full). Nothing is dropped silently: while
 * disconnected, messages wait in amqp-connection-manager's buffer and are sent on reconnect; unconfirmed
 * ones are re-sent.
 */
export class EventPublisher {
  private readonly channel: ChannelWrapper;
  private readonly timeoutMs: number;
  private readonly bufferSize: number;
  private readonly appId: string;
  private inFlight = 0;
  private readonly roomWaiters: Array<() => void> = [];
  /** message-id → how many publishes of it await their confirm (returns for other ids are stale). */
  private readonly awaiting = new Map<string, number>();
  /** message-id → how many returns arrived for it and await their confirm. */
  private readonly returned = new Map<string, { count: number; replyText: string }>();

  constructor(
    private readonly connection: AmqpConnection,
    options: EventPublisherOptions = {},
  ) {
    this.timeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.bufferSize = options.bufferSize ?? DEFAULT_PUBLISH_BUFFER_SIZE;
    this.appId = options.appId ?? 'switchyard';
    this.channel = connection.createChannel(
      'switchyard-publisher',
      async (ch: ConfirmChannel) => {
        ch.on('return', (msg: Message) => this.onReturn(msg));
      },
      this.timeoutMs,
    );
  }

  /**
   * Publishes one domain event to `<domain>.events` with the standard properties and headers, inside a
   * PRODUCER span whose traceparent the message carries (see `withPublishSpan`).
   */
  async publish(event: OutgoingEvent): Promise<void> {
    const exchange = topologyNames.exchange(event.domain);
    const routingKey = event.routingKey ?? event.type;
    await withPublishSpan(event, exchange, routingKey, async (traceparent, span) => {
      // The same function builds republished events (outbox `republishEvents`): they cannot drift apart.
      const { content, properties } = toEventMessage({ ...event, traceparent });
      span.setAttribute(MESSAGING_ATTRIBUTES.bodySize, content.length);
      await this.publishRaw(exchange, routingKey, content, properties);
    });
  }

  /**
   * Publishes raw content with confirms, `persistent` and `mandatory`. `exchange` '' is the default
   * exchange (routing key = queue name), used for retry tiers, dead letters and replays.
   */
  async publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer,
    props: Partial<PublishProperties> = {},
  ): Promise<void> {
    const messageId = props.messageId ?? randomUUID();
    const deadline = Date.now() + this.timeoutMs;
    await this.acquireRoom(deadline, exchange, routingKey, messageId);
    this.awaiting.set(messageId, (this.awaiting.get(messageId) ?? 0) + 1);
    let returnedText: string | undefined;
    try {
      // A nack (the broker could not store it, e.g. while shutting down) or a channel lost before the
      // confirm is retried until the deadline: never dropped, possibly duplicated (consumers dedupe). A
      // channel the broker closed because of this very message (no such exchange, no write permission,
      // too large) is not retried: sending it again cannot succeed.
      for (let attempt = 1; ; attempt++) {
        const sentAt = Date.now();
        try {
          await this.channel.publish(exchange, routingKey, content, {
            persistent: true,
            mandatory: true,
            contentType: props.contentType ?? 'application/json',
            appId: props.appId ?? this.appId,
            messageId,
            type: props.type,
            correlationId: props.correlationId,
            timestamp: props.timestamp ?? Math.floor(Date.now() / 1000),
            headers: props.headers ?? {},
            timeout: Math.max(1, deadline - Date.now()),
          });
          returnedText = this.takeReturn(messageId);
          break;
        } catch (err) {
          this.takeReturn(messageId);
          if (err instanceof Error && err.message === 'timeout') {
            throw new PublishTimeoutError(exchange, routingKey, messageId, this.timeoutMs, 'confirm');
          }
          const refusal = this.refusalOf(exchange, content.length, sentAt);
          if (refusal) throw new PublishRejectedError(exchange, routingKey, messageId, err, refusal);
          const pause = Math.min(1000, 50 * 2 ** attempt);
          if (Date.now() + pause >= deadline)
            throw new PublishRejectedError(exchange, routingKey, messageId, err);
          await new Promise((r) => setTimeout(r, pause));
        }
      }
    } finally {
      const left = (this.awaiting.get(messageId) ?? 1) - 1;
      if (left > 0) this.awaiting.set(messageId, left);
      else {
        this.awaiting.delete(messageId);
        this.returned.delete(messageId); // a late return of a publish that gave up is stale
      }
      this.inFlight--;
      this.roomWaiters.shift()?.();
    }
    if (returnedText !== undefined)
      throw new UnroutableMessageError(exchange, routingKey, messageId, returnedText);
  }

  /** Messages buffered or awaiting their confirm. */
  get pending(): number {
    return this.inFlight;
  }

  async close(): Promise<void> {
    await this.channel.close();
  }

  /** Message ids whose return marks are waiting for their publish to settle (for tests of the cleanup). */
  get pendingReturns(): number {
    return this.returned.size;
  }

  // The broker sends basic.return before the confirm of the same message, so the confirm callback
  // finds the mark. A return for a message no publish awaits any more is ignored.
  private onReturn(msg: Message): void {
    const id = String(msg.properties.messageId ?? '');
    if (!this.awaiting.has(id)) return;
    const entry = this.returned.get(id) ?? { count: 0, replyText: '' };
    entry.count++;
    entry.replyText = String((msg.fields as { replyText?: string }).replyText ?? 'NO_ROUTE');
    this.returned.set(id, entry);
  }

  /** Consumes one return mark of `messageId`: its reply text when the broker returned it. */
  private takeReturn(messageId: string): string | undefined {
    const ret = this.returned.get(messageId);
    if (!ret) return undefined;
    if (--ret.count <= 0) this.returned.delete(messageId);
    return ret.replyText;
  }

  /**
   * The broker's refusal of this publish, when it closed the publisher's channel since `sentAt` because of
   * it: the reply names this exchange (404 no exchange, 403 no write access), or says a message of this
   * size is over its limit (406). A close over another publish is not this one's: it is sent again.
   */
  private refusalOf(exchange: string, size: number, sentAt: number): BrokerRefusal | undefined {
    const close = this.connection.lastChannelClose(this.channel);
    if (!close || close.at < sentAt || !close.replyText) return undefined;
    if (close.replyText.includes(`exchange '${exchange === '' ? 'amq.default' : exchange}'`)) return close;
    const limit = /larger than configured max size (\d+)/.exec(close.replyText);
    if (limit && size > Number(limit[1])) return close;
    return undefined;
  }

  // Checks and takes a slot in the same tick, so concurrent publishes cannot overfill the buffer.
  private async acquireRoom(
    deadline: number,
    exchange: string,
    routingKey: string,
    messageId: string,
  ): Promise<void> {
    while (this.inFlight >= this.bufferSize) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new PublishTimeoutError(exchange, routingKey, messageId, this.timeoutMs, 'buffer-room');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          const i = this.roomWaiters.indexOf(wake);
          if (i >= 0) this.roomWaiters.splice(i, 1);
          resolve();
        }, left);
        const wake = (): void => {
          clearTimeout(timer);
          resolve();
        };
        this.roomWaiters.push(wake);
      });
    }
    if (Date.now() >= deadline) {
      this.roomWaiters.shift()?.(); // pass the free slot on
      throw new PublishTimeoutError(exchange, routingKey, messageId, this.timeoutMs, 'buffer-room');
    }
    this.inFlight++;
  }
}
