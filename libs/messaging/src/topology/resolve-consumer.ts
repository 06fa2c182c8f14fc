import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PREFETCH,
  DEFAULT_RETRY_DELAYS,
  DEFAULT_VHOST,
} from '../messaging.constants';
import { parseDuration } from './duration';
import { DEFAULT_PARTITION_RETRY_DELAYS, DEFAULT_QUEUE_TYPE } from './topology.constants';
import type { ConsumerDefinition, OverflowPolicy, QueueType, TopologyModel } from './topology.model';
import { topologyNames } from './topology-names';

/** A consumer with every default filled in and every broker name derived: what the runtime needs. */
export interface ResolvedConsumer {
  readonly definition: ConsumerDefinition;
  /** `<domain>.<purpose>`: the consumer's name (and its queue when not partitioned). */
  readonly queue: string;
  readonly vhost: string;
  readonly queueType: QueueType;
  readonly prefetch: number;
  /** 0 when not partitioned. */
  readonly partitions: number;
  /** The queues to consume from: `[queue]`, or `<queue>.p0 … <queue>.p<N-1>` when partitioned. */
  readonly consumeFrom: readonly string[];
  /** `<queue>.partitions` when partitioned. */
  readonly partitionExchange?: string;
  /** `<queue>.dlq`, shared by all partitions of a partitioned consumer. */
  readonly deadLetterQueue: string;
  readonly maxAttempts: number;
  /**
   * Retry tiers, in order. Not partitioned: each has its `<queue>.retry.<delay>` queue (TTL + dead-letter
   * back to `queue`). Partitioned: `queue` is undefined, the delays are in-place waits.
   */
  readonly retryTiers: readonly { readonly delay: string; readonly ms: number; readonly queue?: string }[];
  readonly messageTtlMs?: number;
  readonly maxLength?: number;
  readonly overflow?: OverflowPolicy;
  readonly visibilityTimeoutMs?: number;
}

/** The vhost a domain lives in: its own, or the model's, or `/`. */
export function domainVhost(model: TopologyModel, domain: string): string {
  const d = model.domains.find((x) => x.name === domain);
  return d?.vhost ?? model.vhost ?? DEFAULT_VHOST;
}

/** Fills in a consumer's defaults and derives its names. Assumes a valid model (see `validateTopology`). */
export function resolveConsumer(model: TopologyModel, c: ConsumerDefinition): ResolvedConsumer {
  const queue = topologyNames.queue(c);
  const partitions = c.partitions ?? 0;
  const queueType = c.queueType ?? DEFAULT_QUEUE_TYPE;
  const delays = c.retry?.delays ?? (partitions > 0 ? DEFAULT_PARTITION_RETRY_DELAYS : DEFAULT_RETRY_DELAYS);
  const overflow =
    c.overflow ??
    (c.maxLength === undefined
      ? undefined
      : queueType === 'quorum'
        ? 'reject-publish'
        : 'reject-publish-dlx');
  return {
    definition: c,
    queue,
    vhost: domainVhost(model, c.domain),
    queueType,
    prefetch: c.prefetch ?? DEFAULT_PREFETCH,
    partitions,
    consumeFrom:
      partitions > 0
        ? Array.from({ length: partitions }, (_, i) => topologyNames.partitionQueue(queue, i))
        : [queue],
    partitionExchange: partitions > 0 ? topologyNames.partitionExchange(queue) : undefined,
    deadLetterQueue: topologyNames.deadLetterQueue(queue),
    maxAttempts: c.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryTiers: delays.map((delay) => ({
      delay,
      ms: parseDuration(delay) ?? NaN,
      queue: partitions > 0 ? undefined : topologyNames.retryQueue(queue, delay),
    })),
    messageTtlMs: c.messageTtl === undefined ? undefined : parseDuration(c.messageTtl),
    maxLength: c.maxLength,
    overflow,
    visibilityTimeoutMs: c.visibilityTimeout === undefined ? undefined : parseDuration(c.visibilityTimeout),
  };
}
