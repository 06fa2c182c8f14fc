import amqp, { type ChannelModel } from 'amqplib';
import { testConfig, useTestEnvironment, waitFor } from '@switchyard/testing';
import { testTopology } from './messaging-test-helpers';
import { startWorker } from './spawn-worker';
import { useWorkerFixture } from './worker-fixture';

// Prefetch 1: a process busy with one copy cannot take the other, so the broker must give it to the
// other process, and both run at once.
const topology = testTopology({ prefetch: 1, visibilityTimeout: '10s' });
const QUEUE = 'notifications.push';

const env = useTestEnvironment('msg_inbox_two');

describe('the same message in two processes at once: at-least-once runs, one effect through recordWith', () => {
  const f = useWorkerFixture(env, topology);
  let conn: ChannelModel | undefined;

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
  });

  const consumers = async (): Promise<number> => {
    const ch = await conn!.createChannel();
    try {
      return (await ch.checkQueue(QUEUE)).consumerCount;
    } finally {
      await ch.close();
    }
  };

  it('runs the handler in both processes and records the effect once: one recorded, one duplicate', async () => {
    conn = await amqp.connect(f.vhost.amqpUrl);
    // Given two worker processes whose handler takes 1 s between its start and its recordWith
    for (const id of ['X1', 'X2'])
      f.workers.push(
        await startWorker({
          id,
          amqpUrl: f.vhost.amqpUrl,
          mongoUrl: testConfig().MONGO_URL,
          db: f.database.name,
          topology,
          delayMs: 1000,
        }),
      );
    await waitFor(async () => (await consumers()) === 2, {
      what: 'both processes consuming',
      timeoutMs: 10_000,
    });
    // When one message arrives twice (a re-sent publish: the inbox check cannot see the other copy yet)
    const copy = () =>
      f.publisher.publish({ domain: 'orders', type: 'order.placed', eventId: 'twice-1', data: {} });
    await Promise.all([copy(), copy()]);
    // Then both processes run the handler, at the same time (delivery is at least once)
    const outcomes = f.database.db.collection('outcomes');
    await waitFor(async () => (await outcomes.countDocuments()) === 2, {
      what: 'both handlers to finish',
      timeoutMs: 20_000,
    });
    const runs = await f.database.db.collection('runs').find({ messageId: 'twice-1' }).toArray();
    expect(runs.map((r) => String(r.worker)).sort()).toEqual(['X1', 'X2']);
    const done = await outcomes.find({ messageId: 'twice-1' }).toArray();
    expect(Math.max(...runs.map((r) => Number(r.startedAt)))).toBeLessThan(
      Math.min(...done.map((o) => Number(o.at))),
    );
    // And the effect written through recordWith exists once: one process recorded it, the other was told
    // it was a duplicate
    expect(done.map((o) => String(o.outcome)).sort()).toEqual(['duplicate', 'recorded']);
    const effects = await f.database.db.collection('effects').find({ messageId: 'twice-1' }).toArray();
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      inboxKey: 'notifications.push:twice-1',
      worker: done.find((o) => o.outcome === 'recorded')!.worker,
    });
    // And the inbox holds the message once (the second process's record was a duplicate)
    await waitFor(
      async () => (await f.database.db.collection('inbox').countDocuments({ messageId: 'twice-1' })) === 1,
      { what: 'the inbox record', timeoutMs: 10_000 },
    );
  });
});
