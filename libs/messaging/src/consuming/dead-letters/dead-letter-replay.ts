import type { ConfirmChannel, GetMessage, Message } from 'amqplib';
import { HEADERS } from '../../messaging.constants';
import { UnroutableMessageError } from '../../publishing/errors/unroutable-message.error';
import { deadLetterRow, headerText } from './dead-letter-row';
import { consumerQueueOfDeadLetters, deadLetterQueueName, type ProgressListener } from './dead-letter-tools';
import { ReplayOriginMissingError } from '../errors/replay-origin-missing.error';
import { replayHeaders } from '../retry/failure-headers';
import { replayTarget } from './replay-target';

/** What to replay, and where to. */
export interface ReplayOptions {
  /** Only these message ids; the others stay. @default every dead letter */
  readonly ids?: readonly string[];
  /**
   * Send the replays to this queue instead of their `x-original-queue` (required for dead letters the
   * broker wrote itself, which have none). A partition queue of the DLQ's consumer (`<queue>.p<i>`) means
   * its hash exchange, so each stream still lands on its own partition.
   */
  readonly to?: string;
  readonly onProgress?: ProgressListener;
}

/** A dead letter a replay left in the DLQ, and why. */
export interface KeptDeadLetter {
  readonly messageId: string;
  /** No origin to send it to, or the broker returned the replay (no queue for it). */
  readonly error: ReplayOriginMissingError | UnroutableMessageError;
}

/** How a replay went: how many went back to work, which stayed in the DLQ and why. */
export interface ReplayResult {
  readonly replayed: number;
  readonly kept: readonly KeptDeadLetter[];
}

/**
 * Sends dead letters back to work with the attempts reset and the death headers removed: to their
 * `x-original-queue` (or `options.to`), a partition through its consumer's hash exchange. Each is published
 * `mandatory` with a confirm and acked off the DLQ only when the broker confirmed it AND did not return it;
 * a returned one, or one with no origin to go to, stays in the DLQ and is reported in `kept`. A broker nack
 * stops the run with an error; what was not acked yet stays.
 */
export async function replayDeadLetters(
  channel: ConfirmChannel,
  queue: string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const dlq = deadLetterQueueName(queue);
  const consumerQueue = consumerQueueOfDeadLetters(queue);
  const total = (await channel.checkQueue(dlq)).messageCount;
  const wanted = options.ids ? new Set(options.ids) : undefined;
  // The broker sends basic.return before the confirm of the same publish; replays go one at a time, so a
  // return with this message's id seen by the time its confirm arrives is this message's.
  const returned = new Map<string, Message>();
  const onReturn = (m: Message): void => void returned.set(headerText(m.properties.messageId), m);
  channel.on('return', onReturn);
  const kept: KeptDeadLetter[] = [];
  let seen = 0;
  let replayed = 0;
  try {
    for (let m = await channel.get(dlq, { noAck: false }); m; m = await channel.get(dlq, { noAck: false })) {
      seen++;
      const row = deadLetterRow(m);
      if (!wanted || wanted.has(row.messageId)) {
        const error = await replayOne(channel, consumerQueue, m, options.to, returned);
        if (error) kept.push({ messageId: row.messageId, error });
        else {
          channel.ack(m);
          replayed++;
        }
      }
      options.onProgress?.(seen, Math.max(total, seen));
    }
  } finally {
    channel.removeListener('return', onReturn);
    channel.nackAll(true);
  }
  return { replayed, kept };
}

/** Publishes one replay and waits for its confirm; resolves why it must stay in the DLQ, if it must. */
async function replayOne(
  channel: ConfirmChannel,
  consumerQueue: string,
  m: GetMessage,
  to: string | undefined,
  returned: Map<string, Message>,
): Promise<ReplayOriginMissingError | UnroutableMessageError | undefined> {
  const headers = (m.properties.headers ?? {}) as Record<string, unknown>;
  const messageId = headerText(m.properties.messageId);
  const queue = to ?? headerText(headers[HEADERS.originalQueue]);
  if (!queue)
    return new ReplayOriginMissingError(messageId, headerText(headers['x-first-death-queue']) || undefined);
  const routingKey = headerText(headers[HEADERS.originalRoutingKey]) || queue;
  const target = replayTarget(consumerQueue, queue, routingKey);
  // A per-message TTL that dead-lettered it would dead-letter the replay again at once.
  const { expiration: _expired, ...properties } = m.properties;
  returned.delete(messageId);
  await new Promise<void>((resolve, reject) =>
    channel.publish(
      target.exchange,
      target.routingKey,
      m.content,
      { ...properties, headers: replayHeaders(headers), persistent: true, mandatory: true },
      (err: unknown) => (err ? reject(err as Error) : resolve()),
    ),
  );
  const back = returned.get(messageId);
  if (!back) return undefined;
  returned.delete(messageId);
  return new UnroutableMessageError(
    target.exchange || '(default)',
    target.routingKey,
    messageId,
    headerText((back.fields as { replyText?: unknown }).replyText) || 'NO_ROUTE',
  );
}
