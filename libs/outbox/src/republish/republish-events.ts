import {
  HEADERS,
  toEventMessage,
  topologyNames,
  type PublishProperties,
  type TopologyModel,
} from '@switchyard/messaging';
import { UnknownConsumerError } from '../errors/unknown-consumer.error';
import type { OutboxEvent, OutboxRouting } from '../relay/outbox-ports';
import { toOutgoingEvent } from '../relay/to-outgoing-event';
import { resolveConsumer, topicMatches } from '@switchyard/messaging/topology';

/** What to send again: one stream, or every event from a checkpoint (a global position) on. */
export type RepublishSelection =
  { readonly stream: string } | { readonly fromPosition: number; readonly toPosition?: number };

/** An event as a stream read returns it: without a position while its commit is not sequenced. */
export type StreamReadEvent = Omit<OutboxEvent, 'position'> & { readonly position?: number };

/** The event store reads a republish needs. */
export interface RepublishSource {
  readStream(
    stream: string,
    options?: { from?: number; limit?: number },
  ): Promise<readonly StreamReadEvent[]>;
  readAll(options?: { fromPosition?: number; limit?: number }): Promise<{
    readonly events: readonly OutboxEvent[];
    readonly nextPosition: number;
    readonly isEnd: boolean;
  }>;
}

/** Raw confirmed publishing (EventPublisher.publishRaw). */
export interface RawPublisher {
  publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer,
    props?: Partial<PublishProperties>,
  ): Promise<void>;
}

export interface RepublishOptions {
  readonly source: RepublishSource;
  readonly publisher: RawPublisher;
  readonly routing: OutboxRouting;
  readonly topology: TopologyModel;
  /** The consumer (`<domain>.<purpose>`) whose queue receives the events. */
  readonly consumer: string;
  readonly selection: RepublishSelection;
  /** Called after each event sent: (sent so far, events examined so far). */
  readonly onProgress?: (sent: number, examined: number) => void;
  /** @default 500 */
  readonly pageSize?: number;
}

export interface RepublishResult {
  readonly consumer: string;
  /** Events sent to the consumer. */
  readonly sent: number;
  /** Events read but not sent, because none of the consumer's bindings matches them. */
  readonly skipped: number;
}

/**
 * Fault recovery: sends stored events again to ONE consumer, by stream or from a checkpoint, without
 * disturbing any other consumer. Only events the consumer's bindings match are sent. They go straight to
 * its queue through the default exchange (or, when it is partitioned, through its own consistent-hash
 * exchange, so each stream lands on its partition), with the original message-id, so the consumer's inbox
 * drops whatever it had already processed.
 */
export async function republishEvents(options: RepublishOptions): Promise<RepublishResult> {
  const definition = options.topology.consumers.find((c) => topologyNames.queue(c) === options.consumer);
  if (!definition) {
    throw new UnknownConsumerError(
      options.consumer,
      options.topology.consumers.map((c) => topologyNames.queue(c)),
    );
  }
  const consumer = resolveConsumer(options.topology, definition);
  const [exchange, routingKey] = consumer.partitionExchange
    ? [consumer.partitionExchange, options.consumer]
    : ['', consumer.queue];
  const matches = (e: OutboxEvent): boolean => {
    const domain = options.routing.domainOf(e.type);
    const key = options.routing.routingKeyOf(e.type);
    return definition.bindings.some(
      (b) => b.domain === domain && b.patterns.some((p) => topicMatches(p, key)),
    );
  };

  let sent = 0;
  let examined = 0;
  const send = async (events: readonly OutboxEvent[]): Promise<void> => {
    for (const e of events) {
      examined++;
      if (!matches(e)) continue;
      const { content, properties } = toEventMessage({
        ...toOutgoingEvent(e, options.routing),
        // Sent by queue name, so the routing key a handler matches on travels in a header.
        headers: {
          [HEADERS.originalRoutingKey]: options.routing.routingKeyOf(e.type),
          [HEADER_REPUBLISHED]: true,
        },
      });
      await options.publisher.publishRaw(exchange, routingKey, content, properties);
      sent++;
      options.onProgress?.(sent, examined);
    }
  };

  const pageSize = options.pageSize ?? 500;
  const sel = options.selection;
  if ('stream' in sel) {
    for (let from = 0; ;) {
      const page = await options.source.readStream(sel.stream, { from, limit: pageSize });
      // Like every reader, republish sees only sequenced commits; the stream's later ones are not either,
      // and the relay publishes them once they are.
      const unsequenced = page.findIndex((e) => !hasPosition(e));
      await send((unsequenced < 0 ? page : page.slice(0, unsequenced)).filter(hasPosition));
      if (unsequenced >= 0 || page.length < pageSize) break;
      from = page[page.length - 1]!.revision + 1;
    }
  } else {
    for (let from = sel.fromPosition; ;) {
      const page = await options.source.readAll({ fromPosition: from, limit: pageSize });
      const upTo = sel.toPosition;
      const events = upTo === undefined ? page.events : page.events.filter((e) => e.position <= upTo);
      await send(events);
      if (page.isEnd || (upTo !== undefined && page.nextPosition > upTo)) break;
      from = page.nextPosition;
    }
  }
  return { consumer: options.consumer, sent, skipped: examined - sent };
}

function hasPosition(e: StreamReadEvent): e is OutboxEvent {
  return e.position !== undefined;
}

/** Marks a message sent by `republishEvents` (visible in the management UI and to handlers). */
export const HEADER_REPUBLISHED = 'x-republished';
