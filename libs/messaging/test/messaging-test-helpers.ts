import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import type { ConsumerDefinition, TopologyModel } from '../src/topology/topology.model';

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Takes every message currently in `queue` (acked), waiting until at least `atLeast` are there. */
export async function drain(
  ch: Channel,
  queue: string,
  atLeast = 1,
  timeoutMs = 10_000,
): Promise<GetMessage[]> {
  const got: GetMessage[] = [];
  await waitFor(
    `${atLeast} message(s) on ${queue}`,
    async () => {
      for (;;) {
        const m = await ch.get(queue, { noAck: true });
        if (!m) break;
        got.push(m);
      }
      return got.length >= atLeast;
    },
    timeoutMs,
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
