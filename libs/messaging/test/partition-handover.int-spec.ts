import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import {
  brokerConnectionsNamed,
  closeBrokerConnection,
  testConfig,
  useTestEnvironment,
  waitFor,
} from '@switchyard/testing';
import { peekIds, testTopology } from './messaging-test-helpers';
import { startWorker } from './spawn-worker';
import { useWorkerFixture } from './worker-fixture';

// One partition, so single-active-consumer decides alone which process handles the stream.
const topology = testTopology({ partitions: 1, delays: ['200ms', '400ms'], maxAttempts: 3 });
const PARTITION = 'notifications.push.p0';
const DLQ = 'notifications.push.dlq';
const STREAM = 'order-handover';

const env = useTestEnvironment('msg_handover');

describe('an ordered partition handed over between two processes and back', () => {
  const f = useWorkerFixture(env, topology);
  let conn: ChannelModel | undefined;

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
  });

  const closed = new Set<string>();
  /**
   * Whether a worker has a consumer on the partition over a live connection (active or standing by). The
   * management API lists consumers from its statistics (a few seconds late, and for a while still those
   * of a closed connection), so only consumers on the worker's current connections count.
   */
  const attached = async (workerId: string): Promise<boolean> => {
    const live = new Set(
      (await brokerConnectionsNamed(f.vhost.management, `worker-${workerId}`)).filter((n) => !closed.has(n)),
    );
    const consumers = await f.vhost.management.request<
      Array<{ queue: { name: string }; channel_details: { connection_name: string } }>
    >('GET', `/api/consumers/${encodeURIComponent(f.vhost.name)}`);
    return consumers.some((c) => c.queue.name === PARTITION && live.has(c.channel_details.connection_name));
  };
  const publish = async (revisions: number[]) => {
    for (const revision of revisions)
      await f.publisher.publish({
        domain: 'orders',
        type: 'order.placed',
        eventId: `ho-${revision}`,
        data: { orderId: 'o-handover' },
        stream: STREAM,
        revision,
      });
  };
  /** Waits until the inbox has every one of `revisions` (recorded just before the ack). */
  const handled = (revisions: number[]) =>
    waitFor(
      async () =>
        (await f.database.db
          .collection('inbox')
          .countDocuments({ messageId: { $in: revisions.map((r) => `ho-${r}`) } })) === revisions.length,
      { what: `revisions ${revisions.join(', ')} in the inbox`, timeoutMs: 20_000 },
    );
  /** Force-closes a worker's broker connection, as an operator would, so its partition moves on. */
  const cutOff = async (workerId: string) => {
    const names = await waitFor(
      async () => {
        const found = await brokerConnectionsNamed(f.vhost.management, `worker-${workerId}`);
        return found.length > 0 ? found : undefined;
      },
      { what: `the broker connection of ${workerId}`, timeoutMs: 10_000 },
    );
    for (const name of names) {
      closed.add(name);
      await closeBrokerConnection(f.vhost.management, name);
    }
  };

  it('keeps handling the stream in revision order, dead-letters nothing, when the partition comes back', async () => {
    conn = await amqp.connect(f.vhost.amqpUrl);
    const suffix = randomBytes(3).toString('hex');
    const [first, second] = [`HO1-${suffix}`, `HO2-${suffix}`];
    const start = (id: string) =>
      startWorker({
        id,
        amqpUrl: f.vhost.amqpUrl,
        mongoUrl: testConfig().MONGO_URL,
        db: f.database.name,
        topology,
      });
    // Given two processes on the partition: the first to attach is active, the second stands by
    f.workers.push(await start(first));
    await waitFor(() => attached(first), { what: 'the first process on the partition', timeoutMs: 20_000 });
    f.workers.push(await start(second));
    await waitFor(() => attached(second), { what: 'the second process standing by', timeoutMs: 20_000 });
    // And the first has handled revisions 0-2
    await publish([0, 1, 2]);
    await handled([0, 1, 2]);

    // When its connection is closed, the partition goes to the second process, which handles 3-5
    await cutOff(first);
    await publish([3, 4, 5]);
    await handled([3, 4, 5]);
    // And once the first is back (standing by) and the second's connection is closed, the partition
    // returns to the first, whose memory of the stream still ends at revision 2
    await waitFor(() => attached(first), { what: 'the first process back as a standby', timeoutMs: 20_000 });
    await cutOff(second);
    await publish([6, 7, 8]);

    // Then revisions 6-8 are handled too: the first process reads the inbox instead of seeing a gap
    await handled([6, 7, 8]);
    expect(await peekIds(conn, DLQ)).toEqual([]);
    // And every revision was handled once, in order, by the process that held the partition at the time
    const runs = await f.database.db
      .collection('runs')
      .find({ stream: STREAM })
      .sort({ startedAt: 1, revision: 1 })
      .toArray();
    expect(runs.map((r) => Number(r.revision))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(runs.map((r) => (String(r.worker) === first ? 'first' : 'second'))).toEqual([
      ...Array<string>(3).fill('first'),
      ...Array<string>(3).fill('second'),
      ...Array<string>(3).fill('first'),
    ]);
    expect(await f.database.db.collection('effects').countDocuments({ stream: STREAM })).toBe(9);
  });
});
