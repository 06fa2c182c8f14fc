import { join } from 'node:path';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { HEADERS } from '@switchyard/messaging';
import { spawnApp, type AppProcess } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..', '..');

/** A relay child process. */
export type RelayProcess = AppProcess;

/** Starts `relay-worker.ts` with `env` and resolves once it printed `ready`. */
export function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  return spawnApp('libs/outbox/test/relay-worker.ts', {
    cwd: ROOT,
    nodeArgs: ['-r', './scripts/register.js'],
    env,
  });
}

/** A queue bound to every event of the given domains, to watch what the relay publishes. */
export async function declareWatchQueue(
  amqpUrl: string,
  domains: string[],
  queue: string,
): Promise<ChannelModel> {
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: true });
  for (const d of domains) {
    await ch.assertExchange(`${d}.events`, 'topic', { durable: true });
    await ch.bindQueue(queue, `${d}.events`, '#');
  }
  await ch.close();
  return conn;
}

export interface Received {
  readonly messageId: string;
  readonly stream: string;
  readonly revision: number;
  readonly routingKey: string;
  readonly exchange: string;
}

/**
 * Takes every message on the queue (acking it): exactly as many as the broker counts there now. Call it
 * once everything that publishes is done (its commits dispatched, a relay process stopped): a confirmed
 * publish is already in the queue, so the count is final and no quiet period is needed. Nothing else may
 * consume the queue.
 */
export async function takeQueued(ch: Channel, queue: string): Promise<Received[]> {
  const { messageCount } = await ch.checkQueue(queue);
  const got: Received[] = [];
  while (got.length < messageCount) {
    const m = await ch.get(queue, { noAck: true });
    if (!m) throw new Error(`${queue}: the broker counted ${messageCount} messages but gave ${got.length}`);
    got.push({
      messageId: String(m.properties.messageId),
      stream: String(m.properties.headers?.[HEADERS.stream]),
      revision: Number(m.properties.headers?.[HEADERS.revision]),
      routingKey: m.fields.routingKey,
      exchange: m.fields.exchange,
    });
  }
  return got;
}

/** How many extra copies arrived: messages minus distinct message ids (0 when each came once). */
export function duplicatesIn(received: readonly Received[]): number {
  return received.length - new Set(received.map((r) => r.messageId)).size;
}

/** Each stream's revisions in the order they first arrived (duplicates dropped: see `duplicatesIn`). */
export function firstArrivalOrder(received: readonly Received[]): Map<string, number[]> {
  const seen = new Set<string>();
  const byStream = new Map<string, number[]>();
  for (const r of received) {
    if (seen.has(r.messageId)) continue;
    seen.add(r.messageId);
    byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r.revision]);
  }
  return byStream;
}
