import { randomUUID } from 'node:crypto';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Message } from 'amqplib';
import type { AmqpConnection } from '../connection/amqp-connection';
import { DEFAULT_PUBLISH_BUFFER_SIZE, DEFAULT_PUBLISH_TIMEOUT_MS, HEADERS } from '../messaging.constants';
import { topologyNames } from '../topology/topology-names';
import { PublishRejectedError } from './errors/publish-rejected.error';
import { PublishTimeoutError } from './errors/publish-timeout.error';
import { UnroutableMessageError } from './errors/unroutable-message.error';
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
  /** message-id → how many returns arrived for it and await their confirm. */
  private readonly returned = new Map<string, { count: number; replyText: string }>();

  constructor(connection: AmqpConnection, options: EventPublisherOptions = {}) {
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

  /** Publishes one domain event to `<domain>.events` with the standard properties and headers. */
  async publish(event: OutgoingEvent): Promise<void> {
    const headers: Record<string, unknown> = { ...(event.headers ?? {}) };
    setHeader(headers, HEADERS.stream, event.stream);
    setHeader(headers, HEADERS.revision, event.revision);
    setHeader(headers, HEADERS.schemaVersion, event.schemaVersion);
    setHeader(headers, HEADERS.position, event.position);
    setHeader(headers, HEADERS.causationId, event.causationId);
    setHeader(headers, HEADERS.traceparent, event.traceparent);
    setHeader(headers, HEADERS.tenant, event.tenant);
    setHeader(headers, HEADERS.actor, event.actor);
    await this.publishRaw(
      topologyNames.exchange(event.domain),
      event.routingKey ?? event.type,
      Buffer.from(JSON.stringify(event.data ?? null)),
      {
        messageId: event.eventId,
        type: event.type,
        correlationId: event.correlationId,
        timestamp: Math.floor((event.occurredAt ?? new Date()).getTime() / 1000),
        headers,
      },
    );
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
    try {
      // A nack (the broker could not store it, e.g. while shutting down) or a channel lost before the
      // confirm is retried until the deadline: never dropped, possibly duplicated (consumers dedupe).
      for (let attempt = 1; ; attempt++) {
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
          break;
        } catch (err) {
          if (err instanceof Error && err.message === 'timeout') {
            throw new PublishTimeoutError(exchange, routingKey, messageId, this.timeoutMs, 'confirm');
          }
          const pause = Math.min(1000, 50 * 2 ** attempt);
          if (Date.now() + pause >= deadline)
            throw new PublishRejectedError(exchange, routingKey, messageId, err);
          await new Promise((r) => setTimeout(r, pause));
        }
      }
    } finally {
      this.inFlight--;
      this.roomWaiters.shift()?.();
    }
    const ret = this.returned.get(messageId);
    if (ret) {
      if (--ret.count <= 0) this.returned.delete(messageId);
      throw new UnroutableMessageError(exchange, routingKey, messageId, ret.replyText);
    }
  }

  /** Messages buffered or awaiting their confirm. */
  get pending(): number {
    return this.inFlight;
  }

  async close(): Promise<void> {
    await this.channel.close();
  }

  // The broker sends basic.return before the confirm of the same message, so the confirm callback
  // finds the mark.
  private onReturn(msg: Message): void {
    const id = String(msg.properties.messageId ?? '');
    const entry = this.returned.get(id) ?? { count: 0, replyText: '' };
    entry.count++;
    entry.replyText = String((msg.fields as { replyText?: string }).replyText ?? 'NO_ROUTE');
    this.returned.set(id, entry);
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

function setHeader(headers: Record<string, unknown>, name: string, value: unknown): void {
  if (value !== undefined && value !== null) headers[name] = value;
}
