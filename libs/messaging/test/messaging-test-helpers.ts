import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import type { ConsumerDefinition, TopologyModel } from '../src/topology/topology.model';
import { waitFor } from '@switchyard/testing';

/** Takes every message currently in `queue` (acked), waiting until at least `atLeast` are there. */
export async function drain(
  ch: Channel,
  queue: string,
  atLeast = 1,
  timeoutMs = 10_000,
): Promise<GetMessage[]> {
  const got: GetMessage[] = [];
  await waitFor(
    async () => {
      for (;;) {
        const m = await ch.get(queue, { noAck: true });
        if (!m) break;
        got.push(m);
      }
      return got.length >= atLeast;
    },
    { what: `${atLeast} message(s) on ${queue}`, timeoutMs: timeoutMs },
  );
  return got;
}

/** What a test may change on a test consumer. */
export interface TestConsumerOverrides {
  partitions?: number;
  maxAttempts?: number;
  delays?: string[];
  visibilityTimeout?: string;
  prefetch?: number;
}

/** A `notifications.<purpose>` consumer of the orders events, as the messaging tests use it. */
export function testConsumer(purpose: string, overrides: TestConsumerOverrides = {}): ConsumerDefinition {
  return {
    domain: 'notifications',
    purpose,
    bindings: [{ domain: 'orders', patterns: ['order.placed', 'order.cancelled'] }],
    retry: { delays: overrides.delays ?? ['200ms', '400ms'], maxAttempts: overrides.maxAttempts ?? 3 },
    visibilityTimeout: overrides.visibilityTimeout ?? '2s',
    prefetch: overrides.prefetch ?? 10,
    partitions: overrides.partitions,
  };
}

/**
 * The small topology the messaging tests run on: orders publishes, notifications.push consumes (and the
 * `more` consumers, when given).
 */
export function testTopology(
  overrides: TestConsumerOverrides = {},
  more: readonly ConsumerDefinition[] = [],
): TopologyModel {
  return {
    domains: [
      { name: 'orders', publishes: ['order.placed', 'order.cancelled', 'order.shipped'] },
      { name: 'notifications', publishes: [] },
    ],
    consumers: [testConsumer('push', overrides), ...more],
  };
}

/**
 * The message ids in `queue` right now, read without removing them (fetched unacked, then requeued by
 * closing the channel). Exact, unlike a quorum queue's declare-ok count, which leaves out returned messages.
 */
export async function peekIds(conn: ChannelModel, queue: string): Promise<string[]> {
  const ch = await conn.createChannel();
  const ids: string[] = [];
  try {
    for (let m = await ch.get(queue, { noAck: false }); m; m = await ch.get(queue, { noAck: false })) {
      ids.push(String(m.properties.messageId));
    }
  } finally {
    await ch.close();
  }
  return ids.sort();
}
