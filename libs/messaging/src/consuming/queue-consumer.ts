import { Logger } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from '../connection/amqp-connection';
import type { Inbox } from '../inbox/mongo-inbox';
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
import { DEATH_REASONS, isDeadLetter, isRetry } from './consume-result';
import { RevisionGapError } from './errors/revision-gap.error';
import { VisibilityTimeoutError } from './errors/visibility-timeout.error';
import type { EventValidator } from './event-validator';
import { deadLetterHeaders, retryHeaders } from './failure-headers';
import type { MessageContext } from './message-context';
import { pickRetryTier } from './retry-ladder';

/** One bound handler: how the runtime calls it (already wrapped with guards, pipes, interceptors). */
export interface HandlerBinding {
  /** For logs: `Class.method` or the pattern. */
  readonly name: string;
  /** Check revision order per stream (always on for partitioned consumers). */
  readonly ordered?: boolean;
  invoke(ctx: MessageContext): Promise<unknown>;
}

/** Called on a revision gap instead of retrying: fill it (e.g. from the event store), then return. */
export type GapHook = (gap: {
  stream: string;
  expectedRevision: number;
  actualRevision: number;
  ctx: MessageContext;
}) => Promise<void>;

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
  readonly onGap?: GapHook;
}

/** Pause before requeueing a message whose handling failed for infrastructure reasons. */
const INFRASTRUCTURE_BACKOFF_MS = 1000;

interface Delivery {
  readonly msg: ConsumeMessage;
  readonly channel: ConfirmChannel;
  settled: boolean;
  readonly abort: AbortController;
}

type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'retry'; readonly error: unknown; readonly delayMs?: number }
  | { readonly kind: 'dead-letter'; readonly reason: string; readonly error?: unknown };

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
  private readonly lastRevisions = new Map<string, number>();
  private readonly stopController = new AbortController();
  private serial: Promise<void> = Promise.resolve();
  private active?: { channel: ConfirmChannel; consumerTag: string };

  constructor(private readonly options: QueueConsumerOptions) {
    const c = options.consumer;
    this.consumerName = topologyNames.queue(c);
    this.partitioned = (c.partitions ?? 0) > 0;
    this.delays = c.retry?.delays ?? DEFAULT_RETRY_DELAYS;
    this.maxAttempts = c.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.logger = new Logger(`QueueConsumer ${options.queue}`);
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
   * is left (its late results are ignored), close the channel.
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
      d.abort.abort();
      this.settle(d, 'requeue');
    }
    await this.wrapper.close().catch(() => undefined);
  }

  private async attach(channel: ConfirmChannel): Promise<void> {
    if (this.stopController.signal.aborted) return;
    await channel.prefetch(this.options.consumer.prefetch ?? DEFAULT_PREFETCH);
    const { consumerTag } = await channel.consume(
      this.options.queue,
      (msg) => {
        if (msg) this.onDelivery(channel, msg);
        else this.logger.warn('the broker cancelled the consumer (queue deleted?)');
      },
      { noAck: false },
    );
    this.active = { channel, consumerTag };
  }

  private onDelivery(channel: ConfirmChannel, msg: ConsumeMessage): void {
    const d: Delivery = { msg, channel, settled: false, abort: new AbortController() };
    const run = (): Promise<void> =>
      this.process(d).catch(async (err: unknown) => {
        // The inbox, the publisher or the DLQ failed (database or broker trouble): requeue after a pause,
        // not at once, so a broken dependency does not spin the message through the queue.
        this.logger.error(
          `could not settle ${String(msg.properties.messageId)}, requeueing: ${describe(err)}`,
        );
        await sleep(INFRASTRUCTURE_BACKOFF_MS, this.stopController.signal);
        this.settle(d, 'requeue');
      });
    const done = this.partitioned ? (this.serial = this.serial.then(run)) : run();
    this.inFlight.set(d, done);
    void done.finally(() => this.inFlight.delete(d));
  }

  private async process(d: Delivery): Promise<void> {
    if (this.stopController.signal.aborted) return this.settle(d, 'requeue');
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

  private async handle(d: Delivery, messageId: string | undefined): Promise<void> {
    const { msg } = d;
    const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
    const routingKey = str(headers[HEADERS.originalRoutingKey]) ?? msg.fields.routingKey;
    const exchange = str(headers[HEADERS.originalExchange]) ?? msg.fields.exchange;
    const type = str(msg.properties.type) ?? routingKey;
    let failures = num(headers[HEADERS.attempts]) ?? 0;
    const origin = { exchange, routingKey, queue: this.options.queue };

    if (!messageId) return this.deadLetter(d, DEATH_REASONS.noMessageId, failures, origin);
    const binding = this.options.resolveHandler(type, routingKey);
    if (!binding) {
      return this.deadLetter(
        d,
        DEATH_REASONS.noHandler,
        failures,
        origin,
        new Error(`no handler for ${type} on ${this.options.queue}`),
      );
    }
    const inbox = this.options.inbox;
    if (inbox && (await inbox.has(this.consumerName, messageId))) return this.settle(d, 'ack');

    let event: unknown;
    try {
      event = JSON.parse(msg.content.toString('utf8'));
    } catch (err) {
      return this.deadLetter(d, DEATH_REASONS.invalidPayload, failures, origin, err);
    }
    if (this.options.validator) {
      try {
        const version = num(headers[HEADERS.schemaVersion]) ?? 1;
        const validator = this.options.validator;
        event = validator.validate(type, version, event) ?? event;
        if (validator.upcast && typeof event === 'object' && event !== null && !Array.isArray(event)) {
          event = validator.upcast(type, version, event as Record<string, unknown>).data;
        }
      } catch (err) {
        const unknown = err instanceof Error && /^Unknown/.test(err.name);
        return this.deadLetter(
          d,
          unknown ? DEATH_REASONS.unknownEvent : DEATH_REASONS.invalidPayload,
          failures,
          origin,
          err,
        );
      }
    }
    const stream = str(headers[HEADERS.stream]);
    const revision = num(headers[HEADERS.revision]);

    for (;;) {
      const ctx: MessageContext = {
        event,
        type,
        messageId,
        headers,
        routingKey,
        attempt: failures + 1,
        redelivered: msg.fields.redelivered,
        stream,
        revision,
        queue: this.options.queue,
        signal: d.abort.signal,
        inbox: {
          key: `${this.consumerName}:${messageId}`,
          recordWith: async (collection, doc) => {
            if (!inbox)
              throw new TypeError('recordWith needs the inbox: configure `inbox` in MessagingModule');
            return inbox.recordWith(collection, `${this.consumerName}:${messageId}`, doc);
          },
        },
      };
      const outcome = await this.attempt(binding, ctx, d);
      if (d.settled) return; // shutdown gave up on it and requeued it: its late result is ignored
      if (outcome.kind === 'ok' || outcome.kind === 'skip') {
        if (inbox) await inbox.record({ consumer: this.consumerName, messageId, type, stream, revision });
        if (stream !== undefined && revision !== undefined) this.noteRevision(stream, revision);
        return this.settle(d, 'ack');
      }
      if (outcome.kind === 'dead-letter')
        return this.deadLetter(d, outcome.reason, failures + 1, origin, outcome.error);
      failures++;
      if (failures >= this.maxAttempts)
        return this.deadLetter(d, DEATH_REASONS.maxAttempts, failures, origin, outcome.error);
      const tier = pickRetryTier(this.delays, failures, outcome.delayMs);
      this.logger.warn(
        `${type} ${messageId} failed (attempt ${failures}/${this.maxAttempts}), retry in ${tier}: ${describe(outcome.error)}`,
      );
      if (!this.partitioned) {
        await this.options.publisher.publishRaw(
          '',
          topologyNames.retryQueue(this.consumerName, tier),
          msg.content,
          {
            ...copyProperties(msg),
            headers: retryHeaders(headers, failures, origin),
          },
        );
        return this.settle(d, 'ack');
      }
      // Partitions retry in place, so the stream's later events wait behind this one.
      if (!(await sleep(requireDuration(tier), this.stopController.signal))) return this.settle(d, 'requeue');
    }
  }

  private async attempt(binding: HandlerBinding, ctx: MessageContext, d: Delivery): Promise<Outcome> {
    const ordered = this.partitioned || binding.ordered === true;
    if (ordered && ctx.stream !== undefined && ctx.revision !== undefined) {
      const last = await this.lastRevision(ctx.stream);
      if (last !== undefined && ctx.revision <= last) return { kind: 'skip' };
      if (last !== undefined && ctx.revision > last + 1) {
        if (!this.options.onGap)
          return { kind: 'retry', error: new RevisionGapError(ctx.stream, last + 1, ctx.revision) };
        try {
          await this.options.onGap({
            stream: ctx.stream,
            expectedRevision: last + 1,
            actualRevision: ctx.revision,
            ctx,
          });
        } catch (err) {
          return { kind: 'retry', error: err };
        }
      }
    }
    const timeoutMs = this.options.visibilityTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
    );
    try {
      const result = await Promise.race([
        binding.invoke(ctx).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
        deadline,
      ]);
      if (result === 'timeout') {
        d.abort.abort();
        return {
          kind: 'retry',
          error: new VisibilityTimeoutError(this.options.queue, ctx.messageId, timeoutMs),
        };
      }
      if ('error' in result) return { kind: 'retry', error: result.error };
      if (isRetry(result.value))
        return { kind: 'retry', error: new Error(result.value.reason), delayMs: result.value.delayMs };
      if (isDeadLetter(result.value)) return { kind: 'dead-letter', reason: result.value.reason };
      return { kind: 'ok' };
    } finally {
      clearTimeout(timer);
    }
  }

  private async lastRevision(stream: string): Promise<number | undefined> {
    const known = this.lastRevisions.get(stream);
    if (known !== undefined || !this.options.inbox) return known;
    return this.options.inbox.lastRevision(this.consumerName, stream);
  }

  private noteRevision(stream: string, revision: number): void {
    const known = this.lastRevisions.get(stream);
    if (known === undefined || revision > known) this.lastRevisions.set(stream, revision);
    if (this.lastRevisions.size > 10_000) this.lastRevisions.delete(this.lastRevisions.keys().next().value!);
  }

  private async deadLetter(
    d: Delivery,
    reason: string,
    attempts: number,
    origin: { exchange: string; routingKey: string; queue: string },
    error?: unknown,
  ): Promise<void> {
    const headers = (d.msg.properties.headers ?? {}) as Record<string, unknown>;
    this.logger.warn(`dead-lettering ${String(d.msg.properties.messageId)} (${reason}): ${describe(error)}`);
    await this.options.publisher.publishRaw(
      '',
      topologyNames.deadLetterQueue(this.consumerName),
      d.msg.content,
      {
        ...copyProperties(d.msg),
        headers: deadLetterHeaders(headers, { reason, error, attempts, ...origin }),
      },
    );
    this.settle(d, 'ack');
  }

  // Settles once, on the channel it came from; after a reconnect the broker has requeued it already.
  private settle(d: Delivery, how: 'ack' | 'requeue'): void {
    if (d.settled) return;
    d.settled = true;
    try {
      if (how === 'ack') d.channel.ack(d.msg);
      else d.channel.nack(d.msg, false, true);
    } catch {
      // channel closed: the broker requeues the message itself
    }
  }
}

function copyProperties(msg: ConsumeMessage): {
  messageId?: string;
  type?: string;
  correlationId?: string;
  timestamp?: number;
  contentType?: string;
  appId?: string;
} {
  const p = msg.properties;
  return {
    messageId: str(p.messageId),
    type: str(p.type),
    correlationId: str(p.correlationId),
    timestamp: typeof p.timestamp === 'number' ? p.timestamp : undefined,
    contentType: str(p.contentType),
    appId: str(p.appId),
  };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Resolves true after `ms`, false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
