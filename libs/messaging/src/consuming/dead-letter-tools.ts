import type { ConfirmChannel, GetMessage } from 'amqplib';
import { HEADERS } from '../messaging.constants';
import { topologyNames } from '../topology/topology-names';
import { replayHeaders } from './failure-headers';

/** One dead-lettered message as `switchyard dlq list` shows it. */
export interface DeadLetterRow {
  readonly messageId: string;
  readonly type: string;
  readonly reason: string;
  readonly attempts: number;
  readonly failedAt: string;
  readonly originalQueue: string;
  readonly errorMessage: string;
}

/** Progress of a long DLQ run: `done` of `total` (the queue's depth when it started). */
export type ProgressListener = (done: number, total: number) => void;

/** `notifications.push` or `notifications.push.dlq` → `notifications.push.dlq`. */
export function deadLetterQueueName(queue: string): string {
  return queue.endsWith('.dlq') ? queue : topologyNames.deadLetterQueue(queue);
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
      rows.push(toRow(m, dlq));
      onProgress?.(rows.length, Math.max(total, rows.length));
    }
  } finally {
    channel.nackAll(true);
  }
  return rows;
}

/**
 * Sends dead letters back to their original queue (through the default exchange) with the attempts reset
 * and the death headers removed: each one is published with a confirm, then acked off the DLQ. Only the
 * given ids when `ids` is set; the others stay. Resolves the number replayed.
 */
export async function replayDeadLetters(
  channel: ConfirmChannel,
  queue: string,
  options: { ids?: readonly string[]; onProgress?: ProgressListener } = {},
): Promise<number> {
  const dlq = deadLetterQueueName(queue);
  const total = (await channel.checkQueue(dlq)).messageCount;
  const wanted = options.ids ? new Set(options.ids) : undefined;
  let seen = 0;
  let replayed = 0;
  try {
    for (let m = await channel.get(dlq, { noAck: false }); m; m = await channel.get(dlq, { noAck: false })) {
      seen++;
      const row = toRow(m, dlq);
      if (!wanted || wanted.has(row.messageId)) {
        const headers = replayHeaders((m.properties.headers ?? {}) as Record<string, unknown>);
        channel.publish('', row.originalQueue, m.content, {
          ...m.properties,
          headers,
          persistent: true,
          mandatory: true,
        });
        await channel.waitForConfirms();
        channel.ack(m);
        replayed++;
      }
      options.onProgress?.(seen, Math.max(total, seen));
    }
  } finally {
    channel.nackAll(true);
  }
  return replayed;
}

/** Empties a DLQ; resolves how many messages it dropped. */
export async function purgeDeadLetters(channel: ConfirmChannel, queue: string): Promise<number> {
  return (await channel.purgeQueue(deadLetterQueueName(queue))).messageCount;
}

function toRow(m: GetMessage, dlq: string): DeadLetterRow {
  const h = (m.properties.headers ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string =>
    v === undefined || v === null ? '' : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  return {
    messageId: text(m.properties.messageId),
    type: text(m.properties.type) || text(h[HEADERS.originalRoutingKey]),
    reason: text(h[HEADERS.deathReason]) || text((h['x-first-death-reason'] as unknown) ?? ''),
    attempts: Number(h[HEADERS.attempts] ?? 0),
    failedAt: text(h[HEADERS.failedAt]),
    originalQueue: text(h[HEADERS.originalQueue]) || dlq.replace(/\.dlq$/, ''),
    errorMessage: text(h[HEADERS.errorMessage]),
  };
}
