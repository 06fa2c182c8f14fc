import amqp from 'amqplib';
import { type TopologyModel } from '@switchyard/messaging';
import { amqpUrlForVhost, testConfig, useTestVhost, waitFor } from '@switchyard/testing';
import { drain, drainMessages } from './topology-fixtures';
import {
  applyTopology,
  diffTopology,
  exportDefinitions,
  planTopology,
  type TopologyPlan,
} from '@switchyard/messaging/topology';

// b is declared first so it is deleted first: its federation upstream and shovel point at a.
const b = useTestVhost('topo_link_b');
const a = useTestVhost('topo_link_a');

describe('links across vhosts: a federation upstream and a shovel', () => {
  let plan: TopologyPlan;
  const env = { SY_TEST_LINK_PASSWORD: 'guest' };

  beforeAll(async () => {
    // Given orders and payments on vhost A, and an audit domain on vhost B listening to both through links
    const upstreamUri = `amqp://guest:\${SY_TEST_LINK_PASSWORD}@127.0.0.1:5672/${encodeURIComponent(a.name)}`;
    const model: TopologyModel = {
      vhost: a.name,
      domains: [
        { name: 'orders', publishes: ['order.placed'] },
        { name: 'payments', publishes: ['payment.captured'] },
        { name: 'audit', vhost: b.name, publishes: [] },
      ],
      consumers: [
        {
          domain: 'audit',
          purpose: 'trail',
          bindings: [
            { domain: 'orders', patterns: ['order.*'] },
            { domain: 'payments', patterns: ['payment.*'] },
          ],
        },
      ],
      links: [
        { kind: 'federation', domain: 'orders', upstreamUri, downstreamVhost: b.name },
        { kind: 'shovel', domain: 'payments', upstreamUri, downstreamVhost: b.name },
      ],
    };
    const full = planTopology(model);
    plan = { ...full, users: [], permissions: [] };
    const report = await applyTopology(plan, {
      amqpUrl: testConfig().AMQP_URL,
      management: a.management,
      env,
    });
    expect(report.items.filter((i) => i.outcome === 'error' || i.outcome === 'conflict')).toEqual([]);
  });

  it('delivers an event published in A to the consumer queue in B, through federation and the shovel', async () => {
    // Given the federation link is up (it takes a few seconds to start)
    await waitFor(
      async () => (await b.management.federationLinks(b.name)).find((l) => l.status === 'running'),
      { what: 'federation link running', timeoutMs: 20_000 },
    );
    const conn = await amqp.connect(amqpUrlForVhost(a.name));
    const connB = await amqp.connect(amqpUrlForVhost(b.name));
    try {
      const ch = await conn.createConfirmChannel();
      const chB = await connB.createChannel();
      // When orders and payments publish in A
      // (the shovel's source queue is declared once it starts, so publish until the shovel delivers)
      ch.publish('orders.events', 'order.placed', Buffer.from('{"id":"o-1"}'));
      await ch.waitForConfirms();
      const received: string[] = [];
      await waitFor(
        async () => {
          if (!received.includes('payment.captured')) {
            ch.publish('payments.events', 'payment.captured', Buffer.from('{"id":"p-1"}'));
            await ch.waitForConfirms();
          }
          received.push(...(await drain(chB, 'audit.trail')));
          return received.includes('order.placed') && received.includes('payment.captured')
            ? true
            : undefined;
        },
        { what: 'both events in audit.trail', timeoutMs: 20_000 },
      );
      // Then both reached B, each through its own link, and nothing else
      expect(new Set(received)).toEqual(new Set(['order.placed', 'payment.captured']));
      expect(await drainMessages(chB, 'audit.trail.dlq')).toEqual([]);
    } finally {
      await conn.close();
      await connB.close();
    }
  });

  it('shows no difference between the model and both vhosts, links included', async () => {
    const diff = await diffTopology(plan, a.management, { env });
    expect(diff.items).toEqual([]);
  });

  it('exports the links with the password as a placeholder, never in clear', () => {
    const json = JSON.stringify(exportDefinitions(plan, { env }));
    expect(json).toContain('amqp://guest:${SY_TEST_LINK_PASSWORD}@127.0.0.1:5672/');
    expect(json).not.toContain('guest:guest');
  });
});
