import { type ConsumerDefinition } from '@switchyard/messaging';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { planTopology, resolveConsumer, topicMatches } from '@switchyard/messaging/topology';

describe('planTopology on the example model', () => {
  const plan = planTopology(EXAMPLE_TOPOLOGY);
  const queue = (name: string) => plan.queues.find((q) => q.name === name);

  it('declares each domain exchange as a topic with its alternate exchange', () => {
    expect(plan.exchanges.find((e) => e.name === 'orders.events')).toEqual({
      vhost: '/',
      name: 'orders.events',
      type: 'topic',
      arguments: { 'alternate-exchange': 'orders.unroutable' },
      role: 'events',
    });
    expect(plan.bindings).toContainEqual({
      vhost: '/',
      source: 'orders.unroutable',
      destination: 'orders.unroutable',
      destinationType: 'queue',
      routingKey: '',
    });
  });

  it('gives a consumer queue its dead-letter queue and a TTL retry ladder that returns only to it', () => {
    expect(queue('notifications.push')?.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'notifications.push.dlq',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
    expect(queue('notifications.push.retry.10s')?.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-message-ttl': 10_000,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'notifications.push',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
    expect(plan.queues.filter((q) => q.owner === 'notifications.push').map((q) => q.name)).toEqual([
      'notifications.push',
      'notifications.push.retry.1s',
      'notifications.push.retry.10s',
      'notifications.push.retry.1m',
      'notifications.push.retry.10m',
      'notifications.push.dlq',
    ]);
  });

  it('dead-letters at least once only where RabbitMQ allows it: quorum queues with reject-publish overflow', () => {
    const planOf = (c: Partial<ConsumerDefinition>) =>
      planTopology({
        domains: [
          { name: 'orders', publishes: ['order.placed'] },
          { name: 'audit', publishes: [] },
        ],
        consumers: [
          { domain: 'audit', purpose: 'log', bindings: [{ domain: 'orders', patterns: ['#'] }], ...c },
        ],
      }).queues.find((q) => q.name === 'audit.log')!.arguments;
    expect(planOf({ queueType: 'classic' })).not.toHaveProperty('x-dead-letter-strategy');
    expect(planOf({ maxLength: 10, overflow: 'drop-head' })).toMatchObject({ 'x-overflow': 'drop-head' });
    expect(planOf({ maxLength: 10, overflow: 'drop-head' })).not.toHaveProperty('x-dead-letter-strategy');
    expect(planOf({ maxLength: 10 })).toMatchObject({
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
  });

  it('feeds 4 single-active-consumer partitions through a consistent-hash exchange, with no retry queues', () => {
    expect(plan.exchanges.find((e) => e.name === 'reporting.projections.partitions')).toMatchObject({
      type: 'x-consistent-hash',
      arguments: { 'hash-header': 'x-stream' },
    });
    expect(plan.queues.filter((q) => q.owner === 'reporting.projections').map((q) => q.name)).toEqual([
      'reporting.projections.p0',
      'reporting.projections.p1',
      'reporting.projections.p2',
      'reporting.projections.p3',
      'reporting.projections.dlq',
    ]);
    expect(queue('reporting.projections.p2')?.arguments).toMatchObject({ 'x-single-active-consumer': true });
    expect(plan.bindings.filter((b) => b.destination === 'reporting.projections.partitions')).toEqual([
      expect.objectContaining({ source: 'orders.events', destinationType: 'exchange', routingKey: '#' }),
      expect.objectContaining({ source: 'payments.events', destinationType: 'exchange', routingKey: '#' }),
    ]);
    const r = resolveConsumer(EXAMPLE_TOPOLOGY, EXAMPLE_TOPOLOGY.consumers[4]!);
    expect(r.retryTiers.every((t) => t.queue === undefined)).toBe(true);
  });

  it("routes a consumer's retries and dead letters through its domain's failures exchange only", () => {
    expect(plan.exchanges.find((e) => e.name === 'notifications.failures')).toMatchObject({
      type: 'direct',
      role: 'failures',
    });
    const targets = plan.bindings.filter((b) => b.source === 'notifications.failures');
    expect(targets.every((b) => b.routingKey === b.destination)).toBe(true);
    expect(targets.map((b) => b.destination)).toEqual(
      expect.arrayContaining([
        'notifications.push.retry.1s',
        'notifications.push.dlq',
        'notifications.sms.dlq',
      ]),
    );
    expect(targets.some((b) => b.destination.startsWith('payments.'))).toBe(false);
    // a partitioned consumer has only its DLQ behind the exchange
    expect(plan.bindings.filter((b) => b.source === 'reporting.failures').map((b) => b.destination)).toEqual([
      'reporting.projections.dlq',
    ]);
  });

  it('grants each domain user write on its own exchange only and read on its own queues only', () => {
    const orders = plan.permissions.find((p) => p.user === 'orders')!;
    const write = new RegExp(orders.write);
    const read = new RegExp(orders.read);
    expect(write.test('orders.events')).toBe(true);
    expect(write.test('orders.failures')).toBe(true);
    expect(write.test('payments.events')).toBe(false);
    expect(write.test('payments.failures')).toBe(false);
    // no write on the default exchange, which would reach any queue by name
    expect(write.test('amq.default')).toBe(false);
    expect(write.test('')).toBe(false);
    expect(read.test('orders.payments')).toBe(true);
    expect(read.test('payments.orders')).toBe(false);
    expect(plan.users.find((u) => u.name === 'orders')?.passwordEnv).toBe('SWITCHYARD_ORDERS_PASSWORD');
  });
});

describe('topicMatches', () => {
  it.each([
    ['order.*', 'order.placed', true],
    ['order.*', 'order.placed.v2', false],
    ['#', 'payment.captured', true],
    ['order.#', 'order', true],
    ['*.captured', 'payment.captured', true],
    ['payment.captured', 'payment.failed', false],
  ])('%s against %s is %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });
});
