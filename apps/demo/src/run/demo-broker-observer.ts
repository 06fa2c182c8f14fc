import { amqpUrlWithVhost } from '@switchyard/config';
import { listDeadLetters } from '@switchyard/messaging';
import { ManagementApi } from '@switchyard/messaging/topology';
import amqp from 'amqplib';
import { AUDIT_QUEUE, DEMO_CONNECTION_NAME } from '../demo.constants';
import type { BrokerConnection, DeadLetterCount, QueueTraffic } from './demo-observation';

const OPERATOR = { clientProperties: { connection_name: DEMO_CONNECTION_NAME } };

/** The AMQP connections to the vhost now: who logged in, under which connection name. */
export async function vhostConnections(managementUrl: string, vhost: string): Promise<BrokerConnection[]> {
  const rows = await new ManagementApi(managementUrl).request<
    { user: string; client_properties?: { connection_name?: string } }[]
  >('GET', `/api/vhosts/${encodeURIComponent(vhost)}/connections`);
  return rows.map((r) => ({ user: r.user, name: r.client_properties?.connection_name ?? '' }));
}

/** A queue's counters as the management API reports them (cumulative since the queue was declared). */
export interface QueueCounters {
  readonly publish: number;
  readonly deliver: number;
  readonly redeliver: number;
  readonly ready: number;
  readonly unacked: number;
}

interface QueueRow {
  readonly name: string;
  readonly messages_ready?: number;
  readonly messages_unacknowledged?: number;
  readonly message_stats?: { publish?: number; deliver_get?: number; redeliver?: number };
}

/** The vhost's queues and their counters, read from the management API as an operator. */
export async function queueCounters(
  managementUrl: string,
  vhost: string,
): Promise<Map<string, QueueCounters>> {
  const rows = await new ManagementApi(managementUrl).request<QueueRow[]>(
    'GET',
    `/api/queues/${encodeURIComponent(vhost)}`,
  );
  return new Map(
    rows.map((r) => [
      r.name,
      {
        publish: r.message_stats?.publish ?? 0,
        deliver: r.message_stats?.deliver_get ?? 0,
        redeliver: r.message_stats?.redeliver ?? 0,
        ready: r.messages_ready ?? 0,
        unacked: r.messages_unacknowledged ?? 0,
      },
    ]),
  );
}

/** What happened in each queue between two readings (pure). */
export function queueTraffic(
  before: ReadonlyMap<string, QueueCounters>,
  after: ReadonlyMap<string, QueueCounters>,
): QueueTraffic[] {
  return [...after.entries()]
    .map(([name, a]) => {
      const b = before.get(name);
      return {
        name,
        published: a.publish - (b?.publish ?? 0),
        delivered: a.deliver - (b?.deliver ?? 0),
        redelivered: a.redeliver - (b?.redeliver ?? 0),
        ready: a.ready,
        unacked: a.unacked,
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name));
}

/**
 * Reads the management API until two readings agree (it refreshes its figures every 5 s by default:
 * `collect_statistics_interval`), at most `timeoutMs`; resolves the last reading.
 */
export async function settledQueueCounters(
  managementUrl: string,
  vhost: string,
  timeoutMs = 30_000,
): Promise<Map<string, QueueCounters>> {
  const deadline = Date.now() + timeoutMs;
  let last = await queueCounters(managementUrl, vhost);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5_500));
    const now = await queueCounters(managementUrl, vhost);
    if (JSON.stringify([...now]) === JSON.stringify([...last])) return now;
    last = now;
  }
  return last;
}

/** Messages ready in each queue right now, exact (a passive declare over AMQP, not the lagging API). */
export async function readyCounts(
  amqpUrl: string,
  vhost: string,
  queues: readonly string[],
): Promise<Map<string, number>> {
  const conn = await amqp.connect(amqpUrlWithVhost(amqpUrl, vhost), OPERATOR);
  try {
    const ch = await conn.createChannel();
    const out = new Map<string, number>();
    for (const q of queues) out.set(q, (await ch.checkQueue(q)).messageCount);
    return out;
  } finally {
    await conn.close();
  }
}

/** Takes every message off the audit queue; resolves their message ids, duplicates included. */
export async function drainAuditQueue(amqpUrl: string, vhost: string): Promise<string[]> {
  const conn = await amqp.connect(amqpUrlWithVhost(amqpUrl, vhost), OPERATOR);
  try {
    const ch = await conn.createChannel();
    await ch.prefetch(1_000);
    const ids: string[] = [];
    let lastAt = Date.now();
    const { consumerTag } = await ch.consume(
      AUDIT_QUEUE,
      (m) => {
        if (!m) return;
        ids.push(String(m.properties.messageId));
        lastAt = Date.now();
      },
      { noAck: true },
    );
    // Done when the queue has nothing ready and nothing came for a moment.
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      if (Date.now() - lastAt > 600 && (await ch.checkQueue(AUDIT_QUEUE)).messageCount === 0) break;
    }
    await ch.cancel(consumerTag);
    return ids;
  } finally {
    await conn.close();
  }
}

/** The dead letters of each DLQ that holds any, grouped by reason (read and put back, as `dlq list` does). */
export async function deadLetterCounts(
  amqpUrl: string,
  vhost: string,
  counters: ReadonlyMap<string, QueueCounters>,
): Promise<DeadLetterCount[]> {
  const dlqs = [...counters.entries()].filter(
    ([name, c]) => name.endsWith('.dlq') && c.ready + c.unacked > 0,
  );
  if (dlqs.length === 0) return [];
  const conn = await amqp.connect(amqpUrlWithVhost(amqpUrl, vhost), OPERATOR);
  try {
    const ch = await conn.createConfirmChannel();
    const out: DeadLetterCount[] = [];
    for (const [dlq] of dlqs) {
      const rows = await listDeadLetters(ch, dlq.slice(0, -'.dlq'.length));
      const byReason = new Map<string, string[]>();
      for (const r of rows)
        byReason.set(r.reason || 'unknown', [...(byReason.get(r.reason || 'unknown') ?? []), r.messageId]);
      for (const [reason, ids] of byReason)
        out.push({ queue: dlq, reason, count: ids.length, messageIds: ids });
    }
    return out;
  } finally {
    await conn.close();
  }
}
