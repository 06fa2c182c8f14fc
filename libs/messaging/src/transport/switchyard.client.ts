import { randomUUID } from 'node:crypto';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { AmqpConnection } from '../connection/amqp-connection';
import { EventPublisher } from '../publishing/event-publisher';
import type { TopologyModel } from '../topology/topology.model';
import { NoPublishingDomainError } from './errors/no-publishing-domain.error';
import { RequestResponseNotSupportedError } from './errors/request-response-not-supported.error';
import { SwitchyardRecord } from './switchyard-record';

export interface SwitchyardClientOptions {
  readonly urls: string | readonly string[];
  /** Finds the publishing domain of a pattern (the domain whose `publishes` lists it). */
  readonly topology: TopologyModel;
  /** The domain to publish to when the topology does not list the pattern. */
  readonly domain?: string;
  /** @default 10 000 */
  readonly publishTimeoutMs?: number;
}

/**
 * `client.emit('order.placed', data)` over Switchyard: a confirmed, persistent, mandatory publish to the
 * pattern's domain exchange with the standard properties. The returned observable completes on the
 * broker's confirm and errors with the publisher's typed errors. `send()` is not supported.
 */
export class SwitchyardClient extends ClientProxy {
  private connection?: AmqpConnection;
  private publisher?: EventPublisher;

  constructor(private readonly options: SwitchyardClientOptions) {
    super();
  }

  async connect(): Promise<EventPublisher> {
    if (!this.publisher) {
      this.connection = new AmqpConnection({ urls: this.options.urls, name: 'switchyard-client' });
      this.publisher = new EventPublisher(this.connection, {
        publishTimeoutMs: this.options.publishTimeoutMs,
      });
    }
    return this.publisher;
  }

  async close(): Promise<void> {
    await this.publisher?.close().catch(() => undefined);
    await this.connection?.close();
    this.publisher = undefined;
    this.connection = undefined;
  }

  unwrap<T>(): T {
    if (!this.publisher) throw new TypeError('SwitchyardClient is not connected yet');
    return this.publisher as T;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const publisher = await this.connect();
    const type = String(packet.pattern);
    const record = packet.data instanceof SwitchyardRecord ? (packet.data as SwitchyardRecord) : undefined;
    const domain =
      record?.options.domain ??
      this.options.topology.domains.find((d) => d.publishes.includes(type))?.name ??
      this.options.domain;
    if (!domain) throw new NoPublishingDomainError(type);
    await publisher.publish({
      ...record?.options,
      domain,
      type,
      eventId: record?.options.eventId ?? randomUUID(),
      data: record ? record.data : packet.data,
    });
    return undefined as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new RequestResponseNotSupportedError(String(packet.pattern)), isDisposed: true });
    return () => undefined;
  }
}
