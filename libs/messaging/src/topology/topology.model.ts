/**
 * The typed routing model: which domains publish which events, and which consumers listen to which.
 * Everything a person sees in the management UI is derived from it by `topology-names.ts`.
 */
export interface TopologyModel {
  /** vhost shared by domains that do not name their own. @default '/' */
  readonly vhost?: string;
  readonly domains: readonly DomainDefinition[];
  readonly consumers: readonly ConsumerDefinition[];
  /** Links that bring another broker's (or vhost's) domain exchange here. */
  readonly links?: readonly LinkDefinition[];
}

export interface DomainDefinition {
  /** Lower-case name, e.g. `orders`. Its exchange is `<name>.events`. */
  readonly name: string;
  /** vhost of this domain's exchange and consumers. @default the model's vhost */
  readonly vhost?: string;
  /** Routing keys of the events it publishes (the event types, e.g. `order.placed`). */
  readonly publishes: readonly string[];
  /**
   * Environment variable holding the password of the domain's broker user.
   * @default `SWITCHYARD_<NAME>_PASSWORD`
   */
  readonly passwordEnv?: string;
}

export interface BindingDefinition {
  /** The publishing domain whose `<domain>.events` exchange is bound. */
  readonly domain: string;
  /** Topic patterns: `order.*`, `payment.captured`, `#`. */
  readonly patterns: readonly string[];
}

export interface RetryPolicy {
  /** Delay tiers, in order, e.g. `['1s', '10s', '1m', '10m']` (units ms, s, m, h). */
  readonly delays: readonly string[];
  /** Attempts in all, the first one included, before the message is dead-lettered. */
  readonly maxAttempts: number;
}

export type QueueType = 'classic' | 'quorum';
export type OverflowPolicy = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';

export interface ConsumerDefinition {
  /** The consuming domain, e.g. `notifications`. */
  readonly domain: string;
  /** What it is for, e.g. `push`. The queue is `<domain>.<purpose>`. */
  readonly purpose: string;
  readonly bindings: readonly BindingDefinition[];
  /** @default 'quorum' */
  readonly queueType?: QueueType;
  /** @default DEFAULT_PREFETCH */
  readonly prefetch?: number;
  /**
   * @default { delays: DEFAULT_RETRY_DELAYS, maxAttempts: DEFAULT_MAX_ATTEMPTS }; for a partitioned
   * consumer the delays default to DEFAULT_PARTITION_RETRY_DELAYS: it gets no retry queues, it retries
   * in place (each tier at most MAX_IN_PLACE_RETRY_DELAY_MS) to keep per-aggregate order, then dead-letters.
   */
  readonly retry?: RetryPolicy;
  /**
   * Ordered partitions: N queues `<queue>.p<i>` fed by a consistent-hash exchange keyed on the stream
   * header, each with single-active-consumer, so one aggregate's events are handled in order.
   */
  readonly partitions?: number;
  /** Per-message TTL, e.g. `1h`. */
  readonly messageTtl?: string;
  readonly maxLength?: number;
  /**
   * @default when maxLength is set: 'reject-publish-dlx' on classic queues, 'reject-publish' on quorum
   * queues (which do not support 'reject-publish-dlx'; validation refuses it there)
   */
  readonly overflow?: OverflowPolicy;
  /** A handler running past this counts as failed and is retried, e.g. `30s`. */
  readonly visibilityTimeout?: string;
}

export interface LinkDefinition {
  /** `federation`: an exchange federation upstream; `shovel`: a dynamic shovel. */
  readonly kind: 'federation' | 'shovel';
  /** The domain whose `<domain>.events` exchange is brought over. */
  readonly domain: string;
  /** Where the domain lives: an AMQP URI (credentials may name env variables as `${VAR}`). */
  readonly upstreamUri: string;
  /** The vhost that receives the link (the downstream). */
  readonly downstreamVhost: string;
}
