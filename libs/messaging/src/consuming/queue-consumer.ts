import { Logger } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from '../connection/amqp-connection';
import type { Inbox } from '../inbox/inbox';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PREFETCH,
  DEFAULT_RETRY_DELAYS,
  HEADERS,
} from '../messaging.constants';
import type { EventPublisher } from '../publishing/event-publisher';
import type { ConsumerDefinition } from '../topology/topology.model';
import { topologyNames } from '../topology/topology-names';
import { requireDuration } from '../connection/duration';
import { sleep } from './retry/abortable-sleep';
import { AttemptLease } from './retry/attempt-lease';
import type { Outcome } from './retry/attempt-outcome';
import { DEATH_REASONS } from './handlers/consume-result';
import { DEFAULT_LATE_HANDLER_LIMIT_MS } from './consuming.constants';
import { createMessageContext, type DeliveryFacts } from './handlers/create-message-context';
import { settleDelivery, type Delivery } from './settlement/delivery';
import { decodeEvent } from './handlers/decode-event';
import { describe } from './settlement/describe-error';
import { isDeliveryExpiredError } from './errors/delivery-expired.error';
import type { EventValidator } from './handlers/event-validator';
import { FailureRouting, type MessageOrigin } from './retry/failure-routing';
import type { GapHook } from './ordering/gap-hook';
import type { HandlerBinding } from './handlers/handler-binding';
import { invokeHandler } from './handlers/invoke-handler';
import { awaitLateHandler } from './retry/late-handler';
import type { MessageContext } from './handlers/message-context';
import { num, str } from './settlement/message-properties';
import { pickRetryTier } from './retry/retry-ladder';
import { StreamOrder } from './ordering/stream-order';
import { withLogFields } from '@switchyard/observability';
import { noteDuplicate, noteRetry, withDeliverySpan } from '../tracing/delivery-span';

export interface QueueConsumerOptions {
  readonly connection: AmqpConnection;
  readonly publisher: EventPublisher;
  readonly consumer: ConsumerDefinition;
  /** The queue consumed: the consumer's queue, or one of its partition queues. */
  readonly queue: string;
  readonly resolveHandler: (type: string, routingKey: string) => HandlerBinding | undefined;
  readonly inbox?: Inbox;
  readonly validator?: EventValidator;
  readonly visibilityTimeoutMs: number;
  /**
   * Partitions: how long to wait for a timed-out handler call to settle before retrying anyway.
   * @default DEFAULT_LATE_HANDLER_LIMIT_MS
   */
  readonly lateHandlerLimitMs?: number;
  readonly onGap?: GapHook;
}

/** Pause before requeueing a message whose handling failed for infrastructure reasons. */
const INFRASTRUCTURE_BACKOFF_MS = 1000;

/**
 * Consumes one queue with manual acks and the consumer's prefetch, and settles every delivery exactly
 * once: ack on success, retry tier (or in place, for partitions) on failure, dead-letter queue with the
 * reason after the last attempt, on invalid payloads and when no handler matches. Never leaves a message
 * unacked. Partition queues are processed one message at a time, in order.
 */
export class QueueConsumer {
  private readonly logger: Logger;
  private readonly wrapper: ChannelWrapper;
  /** The inbox key and the dead-letter queue use the consumer's (base) queue name. */
  private readonly consumerName: string;
  private readonly partitioned: boolean;
  private readonly delays: readonly string[];
  private readonly maxAttempts: number;
  private readonly inFlight = new Map<Delivery, Promise<void>>();
  private readonly byMessageId = new Map<string, Promise<void>>();
  private readonly order: StreamOrder;
  private readonly failures: FailureRouting;
  private readonly stopController = new AbortController();
  private serial: Promise<void> = Promise.resolve();
  private active?: { channel: ConfirmChannel; consumerTag: string };

  constructor(private readonly options: QueueConsumerOptions) {
    const c = options.consumer;
    this.consumerName = topologyNames.queue(c);
    this.partitioned = (c.partitions ?? 0) > 0;
    this.delays = c.retry?.delays ?? DEFAULT_RETRY_DELAYS;
    this.maxAttempts = c.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.order = new StreamOrder(this.consumerName, options.inbox, options.onGap);
    this.logger = new Logger(`QueueConsumer ${options.queue}`);
    this.failures = new FailureRouting(options.publisher, c, this.logger);
    this.wrapper = options.connection.createChannel(`consumer:${options.queue}`, (ch) => this.attach(ch));
  }

  get queue(): string {
    return this.options.queue;
  }

  /** Resolves once the consumer is attached (the first time). */
  async ready(): Promise<void> {
    await this.wrapper.waitForConnect();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Graceful stop: cancel the consumer, let in-flight handlers finish up to `timeoutMs`, requeue what
   * is left (its late results are ignored, its writes through the runtime refused), close the channel.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopController.abort();
    const active = this.active;
    if (active) await active.channel.cancel(active.consumerTag).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight.values()]),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
    for (const d of this.inFlight.keys()) {
      d.lease?.expire('shutdown');
      settleDelivery(d, 'requeue');
    }
    await this.wrapper.close().catch(() => undefined);
  }

  private async attach(channel: ConfirmChannel): Promise<void> {
    if (this.stopController.signal.aborted) return;
    await channel.prefetch(this.options.consumer.prefetch ?? DEFAULT_PREFETCH);
    const { consumerTag } = await channel.consume(
      this.options.queue,
      (msg) => {
        if (msg) return this.onDelivery(channel, msg);
        // The queue was deleted (or the broker cancelled us for another reason): nothing arrives on this
        // channel any more. Closing it marks the consumer unusable (health down) and lets the
        // connection's watchdog reconnect, which declares the topology again and re-attaches.
        this.logger.warn('the broker cancelled the consumer (queue deleted?); re-attaching');
        channel.close().catch(() => undefined);
      },
      { noAck: false },
    );
    this.active = { channel, consumerTag };
  }

  private onDelivery(channel: ConfirmChannel, msg: ConsumeMessage): void {
    const d: Delivery = { msg, channel, settled: false };
    const run = (): Promise<void> =>
      this.process(d).catch(async (err: unknown) => {
        // The inbox, the publisher or the DLQ failed (database or broker trouble): requeue after a pause,
        // not at once, so a broken dependency does not spin the message through the queue.
        const eventId = str(msg.properties.messageId);
        withLogFields({ eventId, queue: this.options.queue }, () =>
          this.logger.error(`could not settle ${String(eventId)}, requeueing: ${describe(err)}`),
        );
        await sleep(INFRASTRUCTURE_BACKOFF_MS, this.stopController.signal);
        settleDelivery(d, 'requeue');
      });
    const done = this.partitioned ? (this.serial = this.serial.then(run)) : run();
    this.inFlight.set(d, done);
    void done.finally(() => this.inFlight.delete(d));
  }

  private async process(d: Delivery): Promise<void> {
    if (this.stopController.signal.aborted) return settleDelivery(d, 'requeue');
    const messageId = d.msg.properties.messageId as string | undefined;
    // Two copies of one message in flight here at once: the second waits for the first, then finds it
    // in the inbox.
    if (messageId) {
      const earlier = this.byMessageId.get(messageId);
      const mine = (earlier ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => this.handle(d, messageId));
      this.byMessageId.set(messageId, mine);
      try {
        await mine;
      } finally {
        if (this.byMessageId.get(messageId) === mine) this.byMessageId.delete(messageId);
      }
      return;
    }
    await this.handle(d, undefined);
  }

  // Inside a `process <queue>` span (child of the message's traceparent) and with the event id, type,
  // queue and correlation id on every log line written meanwhile.
  private handle(d: Delivery, messageId: string | undefined): Promise<void> {
    const { msg } = d;
    const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
    const routingKey = str(headers[HEADERS.originalRoutingKey]) ?? msg.fields.routingKey;
    const exchange = str(headers[HEADERS.originalExchange]) ?? msg.fields.exchange;
    const type = str(msg.properties.type) ?? routingKey;
    const origin = { exchange, routingKey, queue: this.options.queue };
    const facts = {
      ...origin,
      type,
      messageId,
      correlationId: str(msg.properties.correlationId),
      deliveryTag: msg.fields.deliveryTag,
      headers,
    };
    return withDeliverySpan(facts, () => this.handleDelivery(d, messageId, headers, type, origin));
  }

  private async handleDelivery(
    d: Delivery,
    messageId: string | undefined,
    headers: Record<string, unknown>,
    type: string,
    origin: MessageOrigin,
  ): Promise<void> {
    const { msg } = d;
    const { routingKey } = origin;
    let failures = num(headers[HEADERS.attempts]) ?? 0;

    if (!messageId) return this.failures.deadLetter(d, DEATH_REASONS.noMessageId, failures, origin);
    const binding = this.options.resolveHandler(type, routingKey);
    if (!binding) {
      const error = new Error(`no handler for ${type} on ${this.options.queue}`);
      return this.failures.deadLetter(d, DEATH_REASONS.noHandler, failures, origin, error);
    }
    const inbox = this.options.inbox;
    if (inbox && (await inbox.has(this.consumerName, messageId))) {
      noteDuplicate();
      return settleDelivery(d, 'ack');
    }

    const decoded = decodeEvent(msg.content, type, headers, this.options.validator);
    if (!decoded.ok) return this.failures.deadLetter(d, decoded.reason, failures, origin, decoded.error);
    const facts: DeliveryFacts = {
      event: decoded.event,
      type,
      messageId,
      correlationId: str(msg.properties.correlationId),
      headers,
      routingKey,
      redelivered: msg.fields.redelivered,
      stream: str(headers[HEADERS.stream]),
      revision: num(headers[HEADERS.revision]),
      queue: this.options.queue,
    };
    const { stream, revision } = facts;

    for (;;) {
      const lease = new AttemptLease(this.options.queue, messageId, failures + 1);
      d.lease = lease;
      const ctx = createMessageContext(facts, lease, this.consumerName, inbox);
      const outcome = await this.attempt(binding, ctx, lease);
      if (d.settled) return; // shutdown gave up on it and requeued it: its late result is ignored
      if (outcome.kind === 'ok' || outcome.kind === 'skip') {
        const rec = { consumer: this.consumerName, messageId, type, stream, revision };
        try {
          if (inbox) await lease.guard(() => inbox.record(rec));
        } catch (err) {
          if (isDeliveryExpiredError(err)) return; // shutdown requeued it meanwhile
          throw err;
        }
        if (stream !== undefined && revision !== undefined) this.order.note(stream, revision);
        return settleDelivery(d, 'ack');
      }
      if (outcome.kind === 'dead-letter')
        return this.failures.deadLetter(d, outcome.reason, failures + 1, origin, outcome.error);
      failures++;
      if (failures >= this.maxAttempts)
        return this.failures.deadLetter(d, DEATH_REASONS.maxAttempts, failures, origin, outcome.error);
      const tier = pickRetryTier(this.delays, failures, outcome.delayMs);
      noteRetry(failures, tier);
      this.logger.warn(
        `${type} ${messageId} failed (attempt ${failures}/${this.maxAttempts}), retry in ${tier}: ${describe(outcome.error)}`,
      );
      // The timed-out call may still write; its writes through the runtime are refused (the lease expired).
      if (!this.partitioned) return this.failures.retryLater(d, tier, failures, origin);
      // Partitions retry in place, so the stream's later events wait behind this one, and also behind a
      // timed-out call, which must not write after the retry or after later events.
      if (outcome.late) {
        const limit = this.options.lateHandlerLimitMs ?? DEFAULT_LATE_HANDLER_LIMIT_MS;
        const what = `${type} ${messageId} (attempt ${failures})`;
        const waited = await awaitLateHandler(
          outcome.late,
          limit,
          this.stopController.signal,
          this.logger,
          what,
        );
        if (waited === 'stopped') return settleDelivery(d, 'requeue');
      }
      if (!(await sleep(requireDuration(tier), this.stopController.signal)))
        return settleDelivery(d, 'requeue');
    }
  }

  private async attempt(binding: HandlerBinding, ctx: MessageContext, lease: AttemptLease): Promise<Outcome> {
    const ordered = this.partitioned || binding.ordered === true;
    if (ordered && ctx.stream !== undefined && ctx.revision !== undefined) {
      const outOfOrder = await this.order.check(ctx, ctx.stream, ctx.revision);
      if (outOfOrder) return outOfOrder;
    }
    return invokeHandler(binding, ctx, lease, this.options.visibilityTimeoutMs);
  }
}
