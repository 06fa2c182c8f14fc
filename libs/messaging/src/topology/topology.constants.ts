import type { QueueType } from './topology.model';

/** Queue type of consumer queues that do not name one. */
export const DEFAULT_QUEUE_TYPE: QueueType = 'quorum';
/**
 * Retry delays of a partitioned consumer that declares none. Partitioned consumers retry in place (the
 * message stays at the head of its partition, to keep per-aggregate order), so the waits are short.
 */
export const DEFAULT_PARTITION_RETRY_DELAYS = ['1s', '5s', '30s'] as const;
/** Longest single in-place wait a partitioned consumer may declare: its partition is stalled meanwhile. */
export const MAX_IN_PLACE_RETRY_DELAY_MS = 60_000;
/** Most partitions a consumer may declare. */
export const MAX_PARTITIONS = 64;
/** Domain names and consumer purposes: lower-case words with `-`, no dots (dots separate name parts). */
export const TOPOLOGY_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
/** Routing key every partition queue is bound with to its consistent-hash exchange (its weight). */
export const PARTITION_WEIGHT = '1';
