import amqp from 'amqplib';
import { testConfig, useTestVhost } from '@switchyard/testing';
import { examplePlan } from './topology-fixtures';
import { applyTopology, diffTopology, type TopologyPlan } from '@switchyard/messaging/topology';

const vhost = useTestVhost('topo_conflict');

describe('apply against a broker that disagrees with the model', () => {
  let plan: TopologyPlan;

  beforeAll(async () => {
    plan = { ...examplePlan(vhost.name), users: [], permissions: [] };
    // Given notifications.push already declared as a classic queue with a message TTL,
    // and a queue the model does not know
    const conn = await amqp.connect(vhost.amqpUrl);
    const ch = await conn.createChannel();
    await ch.assertQueue('notifications.push', {
      durable: true,
      arguments: { 'x-queue-type': 'classic', 'x-message-ttl': 60000 },
    });
    await ch.assertQueue('orders.legacy', { durable: true });
    // and payments.events already declared as a fanout exchange
    await ch.assertExchange('payments.events', 'fanout', { durable: true });
    await conn.close();
  });

  it('turns PRECONDITION_FAILED into a conflict naming each differing argument and the migration, and applies the rest', async () => {
    // When the example topology is applied
    const report = await applyTopology(plan, {
      amqpUrl: testConfig().AMQP_URL,
      management: vhost.management,
    });

    // Then notifications.push is a conflict that names each argument and says how to migrate
    expect(report.ok).toBe(false);
    const conflicts = report.items.filter((i) => i.outcome === 'conflict');
    expect(conflicts.map((i) => `${i.kind} ${i.name}`)).toEqual([
      'exchange payments.events',
      'queue notifications.push',
    ]);
    expect(conflicts[0]!.differences).toEqual([
      { argument: 'alternate-exchange', expected: 'payments.unroutable', actual: undefined },
      { argument: 'type', expected: 'topic', actual: 'fanout' },
    ]);
    expect(conflicts[0]!.migration).toContain('delete exchange "payments.events" and run apply again');
    conflicts.shift();
    expect(conflicts[0]!.differences).toEqual([
      { argument: 'x-dead-letter-exchange', expected: '', actual: undefined },
      { argument: 'x-dead-letter-routing-key', expected: 'notifications.push.dlq', actual: undefined },
      { argument: 'x-dead-letter-strategy', expected: 'at-least-once', actual: undefined },
      { argument: 'x-message-ttl', expected: undefined, actual: 60000 },
      { argument: 'x-overflow', expected: 'reject-publish', actual: undefined },
      { argument: 'x-queue-type', expected: 'quorum', actual: 'classic' },
    ]);
    expect(conflicts[0]!.detail).toContain('x-queue-type: model "quorum", broker "classic"');
    expect(conflicts[0]!.migration).toContain('delete queue "notifications.push" and run apply again');
    // And the rest was created: nothing else failed
    // (bindings on the fanout payments.events are accepted by the broker, and diff shows them as they are)
    expect(report.items.filter((i) => i.outcome === 'error')).toEqual([]);
    expect(report.items.find((i) => i.name === 'notifications.sms')?.outcome).toBe('created');
  });

  it('diff shows the different queue and the extra one', async () => {
    const diff = await diffTopology(plan, vhost.management);
    expect(diff.empty).toBe(false);
    expect(diff.items.map((i) => `${i.change} ${i.kind} ${i.name}`)).toEqual([
      'different exchange payments.events',
      'different queue notifications.push',
      'extra queue orders.legacy',
    ]);
  });
});
