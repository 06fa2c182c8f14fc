import { topologyNames } from '../../topology/topology-names';

/** Where a replayed dead letter is published. */
export interface ReplayTarget {
  readonly exchange: string;
  readonly routingKey: string;
  /** The queue it is meant for (for a partition, the one it came from; the hash picks the real one). */
  readonly queue: string;
}

/**
 * Where to replay a dead letter of `consumerQueue`'s DLQ that is meant for `queue` (its
 * `x-original-queue`, or the queue the user named). A partition queue of that consumer
 * (`<consumerQueue>.p<i>`) is reached through the consumer's consistent-hash exchange, which hashes on
 * `x-stream`, so the stream lands on the partition that holds the rest of it, whatever partition the
 * message died on; any other queue through the default exchange.
 */
export function replayTarget(consumerQueue: string, queue: string, routingKey: string): ReplayTarget {
  if (isPartitionOf(consumerQueue, queue))
    return { exchange: topologyNames.partitionExchange(consumerQueue), routingKey, queue };
  return { exchange: '', routingKey: queue, queue };
}

function isPartitionOf(consumerQueue: string, queue: string): boolean {
  const index = /\.p(\d+)$/.exec(queue)?.[1];
  return index !== undefined && topologyNames.partitionQueue(consumerQueue, Number(index)) === queue;
}
