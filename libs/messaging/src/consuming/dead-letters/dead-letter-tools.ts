import type { ConfirmChannel } from 'amqplib';
import { topologyNames } from '../../topology/topology-names';
import { deadLetterRow, type DeadLetterRow } from './dead-letter-row';

export type { DeadLetterRow } from './dead-letter-row';

/** Progress of a long DLQ run: `done` of `total` (the queue's depth when it started). */
export type ProgressListener = (done: number, total: number) => void;

const DLQ_SUFFIX = topologyNames.deadLetterQueue('');

/** `notifications.push` or `notifications.push.dlq` → `notifications.push.dlq`. */
export function deadLetterQueueName(queue: string): string {
  return queue.endsWith(DLQ_SUFFIX) ? queue : topologyNames.deadLetterQueue(queue);
}

/** `notifications.push` or `notifications.push.dlq` → `notifications.push`, the consumer the DLQ belongs to. */
export function consumerQueueOfDeadLetters(queue: string): string {
  return queue.endsWith(DLQ_SUFFIX) ? queue.slice(0, -DLQ_SUFFIX.length) : queue;
}

/**
 * Reads every message of a DLQ without removing it: each is fetched unacked (so none comes twice), then
 * all are requeued. Runs until the queue has no ready message left, not to the depth reported at the
 * start (a quorum queue does not count returned messages in it).
 */
export async function listDeadLetters(
  channel: ConfirmChannel,
  queue: string,
  onProgress?: ProgressListener,
): Promise<DeadLetterRow[]> {
  const dlq = deadLetterQueueName(queue);
  const total = (await channel.checkQueue(dlq)).messageCount;
  const rows: DeadLetterRow[] = [];
  try {
    for (let m = await channel.get(dlq, { noAck: false }); m; m = await channel.get(dlq, { noAck: false })) {
      rows.push(deadLetterRow(m));
      onProgress?.(rows.length, Math.max(total, rows.length));
    }
  } finally {
    channel.nackAll(true);
  }
  return rows;
}

/** Empties a DLQ; resolves how many messages it dropped. */
export async function purgeDeadLetters(channel: ConfirmChannel, queue: string): Promise<number> {
  return (await channel.purgeQueue(deadLetterQueueName(queue))).messageCount;
}
