import { testConfig, useTestEnvironment, waitFor } from '@switchyard/testing';
import { lastValueFrom } from 'rxjs';
import { SwitchyardClient } from '../src/transport/switchyard.client';
import { SwitchyardRecord } from '../src/transport/switchyard-record';
import { testTopology } from './messaging-test-helpers';
import { startWorker, stopWorker } from './spawn-worker';
import { useWorkerFixture } from './worker-fixture';

const topology = testTopology();

const env = useTestEnvironment('msg_workers');

describe('worker processes: competing consumers, SIGTERM mid-batch, the Nest microservice transport', () => {
  const f = useWorkerFixture(env, topology);

  const spawn = async (id: string, extra: { delayMs?: number; mode?: 'module' | 'transport' } = {}) => {
    const w = await startWorker({
      id,
      amqpUrl: f.vhost.amqpUrl,
      mongoUrl: testConfig().MONGO_URL,
      db: f.database.name,
      topology,
      ...extra,
    });
    f.workers.push(w);
    return w;
  };
  const publishBatch = (prefix: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        f.publisher.publish({
          domain: 'orders',
          type: 'order.placed',
          eventId: `${prefix}-${i}`,
          data: { orderId: `o-${i}` },
        }),
      ),
    );
  const count = (coll: string, prefix: string) =>
    f.database.db.collection(coll).countDocuments({ messageId: { $regex: `^${prefix}-` } });

  it('two consumer processes on one queue handle every message exactly once', async () => {
    // Given two worker processes consuming notifications.push
    const [a, b] = [await spawn('A', { delayMs: 5 }), await spawn('B', { delayMs: 5 })];
    // When 200 events are published
    await publishBatch('cc', 200);
    // Then 200 effects are recorded, each handler ran once, and both processes took a share
    await waitFor(async () => (await count('effects', 'cc')) === 200, {
      what: '200 effects',
      timeoutMs: 30_000,
    });
    expect(await count('runs', 'cc')).toBe(200);
    const byWorker = await f.database.db
      .collection('effects')
      .aggregate<{ _id: string; n: number }>([
        { $match: { messageId: { $regex: '^cc-' } } },
        { $group: { _id: '$worker', n: { $sum: 1 } } },
      ])
      .toArray();
    expect(byWorker.map((r) => r._id).sort()).toEqual(['A', 'B']);
    await Promise.all([stopWorker(a), stopWorker(b)]);
  });

  it('SIGTERM in the middle of a batch loses nothing and runs nothing twice', async () => {
    // Given one slow worker (100 ms per message) busy with a batch of 60
    const first = await spawn('T1', { delayMs: 100 });
    await publishBatch('st', 60);
    await waitFor(async () => (await count('effects', 'st')) >= 5, {
      what: 'the batch under way',
      timeoutMs: 20_000,
    });
    // When it gets SIGTERM
    const exit = await stopWorker(first);
    const doneBefore = await count('effects', 'st');
    expect(doneBefore).toBeLessThan(60);
    expect(first.output()).toContain('worker T1 closed cleanly on SIGTERM');
    // And a fresh worker takes over
    const second = await spawn('T2');
    // Then every message has its effect exactly once, and no handler ran twice for one message
    await waitFor(async () => (await count('effects', 'st')) === 60, {
      what: '60 effects',
      timeoutMs: 30_000,
    });
    expect(await count('runs', 'st')).toBe(60);
    // Nest closes the app on SIGTERM, then raises the signal again: a clean stop ends by SIGTERM, not by
    // the SIGKILL a hung shutdown would get
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    await stopWorker(second);
  });

  it('a NestFactory.createMicroservice worker gets client.emit() events on @EventPattern("order.*")', async () => {
    // Given a microservice worker on the Switchyard transport
    await spawn('M', { mode: 'transport' });
    const client = new SwitchyardClient({ urls: f.vhost.amqpUrl, topology });
    try {
      // When a Nest client emits an event (a wildcard pattern matches it)
      await lastValueFrom(
        client.emit(
          'order.placed',
          new SwitchyardRecord({ orderId: 'o-1' }, { eventId: 'ms-1', stream: 'order-1', revision: 0 }),
        ),
        {
          defaultValue: undefined,
        },
      );
      // Then the worker's handler has its effect, once
      await waitFor(async () => (await count('effects', 'ms')) === 1, {
        what: 'the effect',
        timeoutMs: 10_000,
      });
      expect(await f.database.db.collection('effects').findOne({ messageId: 'ms-1' })).toMatchObject({
        worker: 'M',
        stream: 'order-1',
        revision: 0,
      });
      // And request/response is refused with a clear error
      await expect(lastValueFrom(client.send('order.placed', {}))).rejects.toThrow(/events only/);
    } finally {
      await client.close();
    }
  });
});
