import type { Logger } from '@nestjs/common';
import type { EventPublisher } from '../../publishing/event-publisher';
import type { ConsumerDefinition } from '../../topology/topology.model';
import { topologyNames } from '../../topology/topology-names';
import { settleDelivery, type Delivery } from '../settlement/delivery';
import { describe } from '../settlement/describe-error';
import { deadLetterHeaders, retryHeaders } from './failure-headers';
import { copyProperties } from '../settlement/message-properties';
import { noteDeadLetter } from '../../tracing/delivery-span';

/** Where a message came from, as retry and dead-letter headers keep it. */
export interface MessageOrigin {
  readonly exchange: string;
  readonly routingKey: string;
  readonly queue: string;
}

/**
 * Sends failed deliveries of one consumer to its retry tiers or its dead-letter queue, through the
 * consumer domain's `<domain>.failures` exchange: publish with a confirm, then ack (a crash in between
 * duplicates a message, never loses it).
 */
export class FailureRouting {
  private readonly consumerName: string;
  private readonly failureExchange: string;

  constructor(
    private readonly publisher: EventPublisher,
    consumer: ConsumerDefinition,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {
    this.consumerName = topologyNames.queue(consumer);
    this.failureExchange = topologyNames.failureExchange(consumer.domain);
  }

  /** To `<queue>.retry.<tier>` with `attempts` counted; the tier's TTL sends it back to the queue. */
  async retryLater(d: Delivery, tier: string, attempts: number, origin: MessageOrigin): Promise<void> {
    await this.publisher.publishRaw(
      this.failureExchange,
      topologyNames.retryQueue(this.consumerName, tier),
      d.msg.content,
      { ...copyProperties(d.msg), headers: retryHeaders(headersOf(d), attempts, origin) },
    );
    settleDelivery(d, 'ack');
  }

  /** To `<queue>.dlq` with the reason, the error, the attempts and the origin in its headers. */
  async deadLetter(
    d: Delivery,
    reason: string,
    attempts: number,
    origin: MessageOrigin,
    error?: unknown,
  ): Promise<void> {
    this.logger.warn(`dead-lettering ${String(d.msg.properties.messageId)} (${reason}): ${describe(error)}`);
    noteDeadLetter(reason);
    await this.publisher.publishRaw(
      this.failureExchange,
      topologyNames.deadLetterQueue(this.consumerName),
      d.msg.content,
      {
        ...copyProperties(d.msg),
        headers: deadLetterHeaders(headersOf(d), { reason, error, attempts, ...origin }),
      },
    );
    settleDelivery(d, 'ack');
  }
}

function headersOf(d: Delivery): Record<string, unknown> {
  return (d.msg.properties.headers ?? {}) as Record<string, unknown>;
}
