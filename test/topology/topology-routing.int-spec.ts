import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { HEADERS, topologyNames } from '@switchyard/messaging';
import { createTestVhost, testConfig, type TestVhost, waitFor } from '@switchyard/testing';
import { drain, drainMessages, examplePlan } from './topology-fixtures';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { applyTopology, type TopologyPlan } from '@switchyard/messaging/topology';

/** Who must receive each event type of the example topology: written by hand, from the issue. */
const EXPECTED: Record<string, string[]> = {
  'order.placed': [
    'payments.orders',
    'notifications.push',
    'notifications.contacts',
    'reporting.projections',
  ],
  'order.confirmed': ['reporting.projections'],
  'order.cancelled': ['payments.orders', 'reporting.projections'],
  'order.shipped': ['payments.orders', 'notifications.sms', 'reporting.projections'],
  'payment.authorized': ['orders.payments', 'reporting.projections'],
  'payment.captured': ['notifications.push', 'reporting.projections'],
  'payment.failed': ['orders.payments', 'notifications.sms', 'reporting.projections'],
  'payment.refunded': ['reporting.projections'],
};

describe('routing of the applied example topology', () => {
  let vhost: TestVhost;
  let plan: TopologyPlan;
  let conn: ChannelModel;
  let ch: ConfirmChannel;

  beforeAll(async () => {
    vhost = await createTestVhost('topo_routing');
    plan = examplePlan(vhost.name);
    const report = await applyTopology(
      { ...plan, users: [], permissions: [] },
      { amqpUrl: testConfig().AMQP_URL, management: vhost.management },
    );
    expect(report.ok).toBe(true);
    conn = await amqp.connect(vhost.amqpUrl);
    ch = await conn.createConfirmChannel();
  });

  afterAll(async () => {
    await conn?.close();
    await vhost?.delete();
  });

  /** Every queue's content, partitions folded into their consumer's name. */
  async function received(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const q of plan.queues) {
      const name = q.role === 'partition' ? q.owner : q.name;
      out[name] = [...(out[name] ?? []), ...(await drain(ch, q.name))];
    }
    return out;
  }

  it('delivers every declared event to exactly the expected queues, and to no other', async () => {
    // Given every event type the example domains declare
    const published = EXAMPLE_TOPOLOGY.domains.flatMap((d) =>
      d.publishes.map((key) => ({ domain: d.name, key })),
    );
    expect(published.map((p) => p.key).sort()).toEqual(Object.keys(EXPECTED).sort());

    // When each is published once to its domain's exchange
    for (const { domain, key } of published) {
      ch.publish(topologyNames.exchange(domain), key, Buffer.from('{}'), {
        headers: { [HEADERS.stream]: `s-${key}` },
      });
    }
    await ch.waitForConfirms();

    // Then each queue holds exactly the events the model routes to it (quorum queues are ready at once)
    const expectedByQueue: Record<string, string[]> = {};
    for (const [key, queues] of Object.entries(EXPECTED)) {
      for (const q of queues) expectedByQueue[q] = [...(expectedByQueue[q] ?? []), key];
    }
    const got = await received();
    for (const q of Object.keys(got)) {
      expect({ queue: q, keys: [...got[q]!].sort() }).toEqual({
        queue: q,
        keys: [...(expectedByQueue[q] ?? [])].sort(),
      });
    }
  });

  it('sends what no binding routes to the domain alternate exchange and its unroutable queue', async () => {
    // When notifications (whose exchange nobody binds to) publishes something
    ch.publish('notifications.events', 'notification.sent', Buffer.from('{}'));
    await ch.waitForConfirms();
    // Then it is kept in notifications.unroutable, not lost
    expect(
      await waitFor(async () => (await drain(ch, 'notifications.unroutable'))[0], {
        what: 'unroutable message',
        timeoutMs: 10_000,
      }),
    ).toBe('notification.sent');
  });

  it('keeps one aggregate stream on one partition', async () => {
    // When 3 events of each of 8 streams are published
    for (let round = 0; round < 3; round++) {
      for (let s = 0; s < 8; s++) {
        ch.publish('orders.events', 'order.placed', Buffer.from(`s-${s}`), {
          headers: { [HEADERS.stream]: `order-${s}` },
        });
      }
    }
    await ch.waitForConfirms();
    // Then each stream's events all sit in one partition, and more than one partition is used
    const partitionOf = new Map<string, Set<number>>();
    for (let p = 0; p < 4; p++) {
      for (const m of await drainMessages(ch, topologyNames.partitionQueue('reporting.projections', p))) {
        const stream = m.content.toString();
        partitionOf.set(stream, new Set([...(partitionOf.get(stream) ?? []), p]));
      }
    }
    expect(partitionOf.size).toBe(8);
    expect([...partitionOf.values()].every((set) => set.size === 1)).toBe(true);
    expect(new Set([...partitionOf.values()].map((set) => [...set][0])).size).toBeGreaterThan(1);
    await received(); // leave the other queues empty for the next test
  });

  it('returns a message parked in a retry tier to its own consumer queue only, after the tier delay', async () => {
    // Given a failed message parked in notifications.push.retry.1s through the default exchange
    const started = Date.now();
    ch.sendToQueue('notifications.push.retry.1s', Buffer.from('{}'), { headers: { [HEADERS.attempts]: 1 } });
    await ch.waitForConfirms();
    // Then about 1 s later it is back in notifications.push, and notifications.sms did not get it
    const back = await waitFor(
      async () => (await ch.get('notifications.push', { noAck: true })) || undefined,
      { what: 'retried message', timeoutMs: 10_000 },
    );
    expect(back.properties.headers?.[HEADERS.attempts]).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await drain(ch, 'notifications.sms')).toEqual([]);
  });

  it('dead-letters a rejected message into the consumer dead-letter queue', async () => {
    // Given a message in payments.orders that the consumer rejects
    ch.publish('orders.events', 'order.cancelled', Buffer.from('{}'));
    await ch.waitForConfirms();
    const m = await waitFor(async () => (await ch.get('payments.orders')) || undefined, {
      what: 'message',
      timeoutMs: 10_000,
    });
    ch.nack(m, false, false);
    // Then it lands in payments.orders.dlq, with the broker's record of where it came from and why
    const dead = await waitFor(async () => (await drainMessages(ch, 'payments.orders.dlq'))[0], {
      what: 'dead letter',
      timeoutMs: 10_000,
    });
    const death = (
      dead.properties.headers?.['x-death'] as { reason: string; queue: string; 'routing-keys': string[] }[]
    )[0];
    expect(death).toMatchObject({
      reason: 'rejected',
      queue: 'payments.orders',
      'routing-keys': ['order.cancelled'],
    });
  });
});
