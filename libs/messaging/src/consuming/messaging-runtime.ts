import { amqpVhostOf } from '@switchyard/config';
import { Logger } from '@nestjs/common';
import { AmqpConnection, type AmqpConnectionOptions } from '../connection/amqp-connection';
import { declareTopology } from '../connection/declare-topology';
import { requireDuration } from '../connection/duration';
import type { Inbox } from '../inbox/inbox';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, DEFAULT_VISIBILITY_TIMEOUT } from '../messaging.constants';
import { DomainRoutedPublisher } from '../publishing/domain-routed-publisher';
import { EventPublisher } from '../publishing/event-publisher';
import type { ConsumerDefinition, TopologyModel } from '../topology/topology.model';
import { topologyNames } from '../topology/topology-names';
import { planTopology } from '../topology/topology-plan';
import { ConsumerNotInTopologyError } from './errors/consumer-not-in-topology.error';
import type { EventValidator } from './handlers/event-validator';
import type { GapHook } from './ordering/gap-hook';
import type { HandlerBinding } from './handlers/handler-binding';
import { QueueConsumer } from './queue-consumer';
import { topicMatches } from '../topology/routing-pattern';

/** Everything a process needs to publish and consume on Switchyard's topology. */
export interface MessagingOptions {
  /** Broker URLs (several for a cluster; a comma-separated string is split). */
  readonly urls: string | readonly string[];
  readonly topology: TopologyModel;
  /**
   * Consumer queues (`<domain>.<purpose>`) this process consumes. @default every queue that has a handler
   */
  readonly consumers?: readonly string[];
  /**
   * The idempotent inbox, e.g. `new MongoInbox(db)` from `@switchyard/mongodb` (whoever made it owns its
   * database); without it there is no deduplication and ordering is tracked in memory.
   */
  readonly inbox?: Inbox;
  /** Contract validation before any handler (`EventRegistry` from `@switchyard/contracts`). */
  readonly validator?: EventValidator;
  /** @default 10 000 */
  readonly publishTimeoutMs?: number;
  /** @default 10 000 */
  readonly publishBufferSize?: number;
  /** @default 10 000 */
  readonly shutdownTimeoutMs?: number;
  /** Per consumer queue, overriding the topology's `visibilityTimeout`; e.g. `{ 'notifications.push': '5s' }`. */
  readonly visibilityTimeouts?: Readonly<Record<string, string>>;
  /**
   * Ordered partitions: after a handler runs past its visibility timeout, how long more (ms) the partition
   * waits for that call to settle before it retries anyway and logs that it abandoned it.
   * @default DEFAULT_LATE_HANDLER_LIMIT_MS (30 000)
   */
  readonly lateHandlerLimitMs?: number;
  /** Revision gaps on ordered consumers call this (e.g. to fill them from the event store) instead of retrying. */
  readonly onGap?: GapHook;
  /**
   * Re-declare the topology on every (re)connect. @default true. A least-privilege domain user may not
   * declare other domains' exchanges nor bind its queues to them: with such a user, apply the topology
   * beforehand with an operator's credentials (`switchyard topology apply`) and set this to `false`.
   */
  readonly declareTopology?: boolean;
  /**
   * Per publishing domain, the broker URL(s) to publish its events with (`eventPublisher`), e.g. each
   * domain's least-privilege user; one extra connection per domain. Domains not listed publish through
   * `urls`. Retries and dead letters always go through `urls` (the consuming domain's own user).
   */
  readonly publishUrls?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Spreads ordered partitions over worker processes: this process is worker `index` of `count` and
   * attaches first to partitions `p` with `p % count === index`, and to the others only as a standby
   * after `standbyDelayMs` (single-active-consumer then hands it a partition when its owner goes away).
   * Without it, the first process to start is active on every partition and the others stand by.
   */
  readonly partitionShare?: {
    readonly index: number;
    readonly count: number;
    readonly standbyDelayMs?: number;
  };
  /** Connection name in the management UI. */
  readonly connectionName?: string;
  readonly reconnect?: Pick<AmqpConnectionOptions, 'reconnectMinSeconds' | 'reconnectMaxSeconds'>;
}

interface RegisteredHandler extends HandlerBinding {
  readonly type?: string;
  readonly pattern?: string;
}

/**
 * The messaging runtime, independent of Nest DI so the module, the microservices transport and tests
 * share it: one connection, one confirmed publisher, the inbox, and a {@link QueueConsumer} per queue.
 */
export class MessagingRuntime {
  readonly connection: AmqpConnection;
  readonly publisher: EventPublisher;
  /** Publishes domain events as their domain's user when `publishUrls` names one, else as `publisher`. */
  readonly eventPublisher: DomainRoutedPublisher;
  readonly inbox?: Inbox;
  private readonly domainConnections: { connection: AmqpConnection; publisher: EventPublisher }[] = [];
  private readonly logger = new Logger(MessagingRuntime.name);
  private readonly handlers = new Map<string, RegisteredHandler[]>();
  private readonly queueConsumers: QueueConsumer[] = [];
  private readonly standbyTimers: NodeJS.Timeout[] = [];
  private started = false;
  private stopping?: Promise<void>;

  /** @throws InvalidTopologyError when the model does not validate (before anything connects) */
  constructor(private readonly options: MessagingOptions) {
    planTopology(options.topology);
    this.connection = new AmqpConnection({
      urls: options.urls,
      name: options.connectionName,
      ...options.reconnect,
      declare:
        options.declareTopology === false
          ? undefined
          : (ch) =>
              declareTopology(ch, options.topology, {
                consumers: options.consumers,
                vhost: amqpVhostOf(options.urls),
              }),
    });
    this.publisher = new EventPublisher(this.connection, {
      publishTimeoutMs: options.publishTimeoutMs,
      bufferSize: options.publishBufferSize,
    });
    this.inbox = options.inbox;
    const byDomain = new Map<string, EventPublisher>();
    for (const [domain, urls] of Object.entries(options.publishUrls ?? {})) {
      const connection = new AmqpConnection({
        urls,
        name: `${options.connectionName ?? 'switchyard'} (publishes ${domain})`,
        ...options.reconnect,
      });
      const publisher = new EventPublisher(connection, {
        publishTimeoutMs: options.publishTimeoutMs,
        bufferSize: options.publishBufferSize,
      });
      byDomain.set(domain, publisher);
      this.domainConnections.push({ connection, publisher });
    }
    this.eventPublisher = new DomainRoutedPublisher(this.publisher, byDomain);
  }

  /** Adds a handler for a consumer queue; `type` matches exactly, `pattern` as a topic, neither: everything. */
  addHandler(queue: string, handler: RegisteredHandler): void {
    this.consumerDefinition(queue);
    const list = this.handlers.get(queue) ?? [];
    list.push(handler);
    this.handlers.set(queue, list);
  }

  /** Consumer queues this process runs: the configured ones, or every one with a handler. */
  get consumerQueues(): string[] {
    return [...(this.options.consumers ?? this.handlers.keys())];
  }

  /** Connects, declares, starts every consumer queue; resolves when they are attached. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.inbox) await this.inbox.ensureIndexes();
    await this.connection.waitConnected();
    for (const queue of this.consumerQueues) {
      const def = this.consumerDefinition(queue);
      const visibility =
        this.options.visibilityTimeouts?.[queue] ?? def.visibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT;
      const partitions = def.partitions ?? 0;
      const queues =
        partitions > 0
          ? Array.from({ length: partitions }, (_, i) => topologyNames.partitionQueue(queue, i))
          : [queue];
      const share = this.options.partitionShare;
      for (const [i, q] of queues.entries()) {
        const standby = partitions > 0 && share !== undefined && i % share.count !== share.index;
        const make = () =>
          new QueueConsumer({
            connection: this.connection,
            publisher: this.publisher,
            consumer: def,
            queue: q,
            resolveHandler: (type, routingKey) => this.resolve(queue, type, routingKey),
            inbox: this.inbox,
            validator: this.options.validator,
            visibilityTimeoutMs: requireDuration(visibility),
            lateHandlerLimitMs: this.options.lateHandlerLimitMs,
            onGap: this.options.onGap,
          });
        if (!standby) this.queueConsumers.push(make());
        else
          this.standbyTimers.push(
            setTimeout(() => this.stopping ?? this.queueConsumers.push(make()), share.standbyDelayMs ?? 2000),
          );
      }
    }
    await Promise.all(this.queueConsumers.map((c) => c.ready()));
    this.logger.log(`consuming ${this.queueConsumers.map((c) => c.queue).join(', ') || 'nothing'}`);
  }

  /** Graceful: stop consuming, let in-flight handlers finish (up to the shutdown timeout), requeue the rest, close. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const timeout = this.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    for (const t of this.standbyTimers) clearTimeout(t);
    await Promise.all(this.queueConsumers.map((c) => c.stop(timeout)));
    await this.publisher.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
    for (const { connection, publisher } of this.domainConnections) {
      await publisher.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    }
  }

  private resolve(queue: string, type: string, routingKey: string): HandlerBinding | undefined {
    const list = this.handlers.get(queue) ?? [];
    return (
      list.find((h) => h.type === type) ??
      list.find(
        (h) => h.type === undefined && h.pattern !== undefined && topicMatches(h.pattern, routingKey),
      ) ??
      list.find((h) => h.type === undefined && h.pattern === undefined)
    );
  }

  private consumerDefinition(queue: string): ConsumerDefinition {
    const def = this.options.topology.consumers.find((c) => topologyNames.queue(c) === queue);
    if (!def)
      throw new ConsumerNotInTopologyError(
        queue,
        this.options.topology.consumers.map((c) => topologyNames.queue(c)),
      );
    return def;
  }
}
