import { testConfig, useTestEnvironment, waitFor } from '@switchyard/testing';
import { testTopology } from './messaging-test-helpers';
import { startWorker } from './spawn-worker';
import { useWorkerFixture } from './worker-fixture';

const topology = testTopology({ partitions: 4 });
const STREAMS = 24;
const REVISIONS = 8;

const env = useTestEnvironment('msg_partitions');

describe('ordered partitions: 4 partitions, 2 worker processes', () => {
  const f = useWorkerFixture(env, topology);

  it("handles each aggregate's events in revision order across both processes", async () => {
    // Given two workers consuming the 4 single-active-consumer partitions of notifications.push
    // (each owns half of them and stands by for the other half)
    f.workers.push(
      ...(await Promise.all(
        ['P1', 'P2'].map((id, index) =>
          startWorker({
            id,
            amqpUrl: f.vhost.amqpUrl,
            mongoUrl: testConfig().MONGO_URL,
            db: f.database.name,
            topology,
            delayMs: 3,
            share: `${index}/2`,
          }),
        ),
      )),
    );
    // When 24 aggregates publish 8 events each, interleaved, each stream in revision order
    for (let rev = 0; rev < REVISIONS; rev++) {
      await Promise.all(
        Array.from({ length: STREAMS }, (_, s) =>
          f.publisher.publish({
            domain: 'orders',
            type: 'order.placed',
            eventId: `op-${s}-${rev}`,
            data: { orderId: `o-${s}` },
            stream: `order-${s}`,
            revision: rev,
          }),
        ),
      );
    }
    // Then every event has its effect once
    const total = STREAMS * REVISIONS;
    await waitFor(async () => (await f.database.db.collection('effects').countDocuments()) === total, {
      what: `${total} effects`,
      timeoutMs: 40_000,
    });
    expect(await f.database.db.collection('runs').countDocuments()).toBe(total);
    // And, per stream, the handler started the revisions in order: 0, 1, 2, ...
    const runs = await f.database.db.collection('runs').find({}).sort({ startedAt: 1 }).toArray();
    const byStream = new Map<string, number[]>();
    for (const r of runs)
      byStream.set(String(r.stream), [...(byStream.get(String(r.stream)) ?? []), Number(r.revision)]);
    expect(byStream.size).toBe(STREAMS);
    for (const revisions of byStream.values()) expect(revisions).toEqual([...Array(REVISIONS).keys()]);
    // And both processes did work (each holds some of the partitions), one process per stream
    const streamsPerWorker = new Map<string, Set<string>>();
    for (const r of runs)
      streamsPerWorker.set(
        String(r.stream),
        (streamsPerWorker.get(String(r.stream)) ?? new Set()).add(String(r.worker)),
      );
    expect([...streamsPerWorker.values()].every((w) => w.size === 1)).toBe(true);
    expect(new Set(runs.map((r) => String(r.worker)))).toEqual(new Set(['P1', 'P2']));
  });
});
