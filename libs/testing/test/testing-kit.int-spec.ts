import { MessagingRuntime, type TopologyModel } from '@switchyard/messaging';
import {
  collectPublished,
  useTestDatabase,
  useTestEnvironment,
  useTestVhost,
  WaitForTimeoutError,
  type PublishedCollector,
} from '@switchyard/testing';

const topology: TopologyModel = {
  domains: [{ name: 'orders', publishes: ['order.placed', 'order.confirmed'] }],
  consumers: [],
};

describe('the testing kit on the real broker: a vhost and database per file, what was published', () => {
  const env = useTestEnvironment('kit');
  let runtime: MessagingRuntime | undefined;
  let published: PublishedCollector | undefined;

  afterEach(async () => {
    await published?.close();
    await runtime?.stop();
    published = undefined;
    runtime = undefined;
  });

  it('gives the file its own vhost and database, and collects every copy a service publishes', async () => {
    expect(env.amqpUrl).toContain(encodeURIComponent(env.vhost.name));
    expect(env.database.name).toMatch(/^sy_test_kit/);
    runtime = new MessagingRuntime({ urls: env.amqpUrl, topology });
    await runtime.start();
    published = await collectPublished(env.amqpUrl, ['orders']);
    // When one event is published twice (a re-send) and another once
    const placed = {
      domain: 'orders',
      type: 'order.placed',
      eventId: 'k-1',
      stream: 'order-1',
      revision: 0,
      data: { orderId: '1' },
    };
    await runtime.publisher.publish(placed);
    await runtime.publisher.publish(placed);
    await runtime.publisher.publish({ ...placed, type: 'order.confirmed', eventId: 'k-2', revision: 1 });
    // Then the collector sees both copies of the first and the second, with stream and revision
    const copies = await published.expectPublished('order.placed', { count: 2 });
    expect(copies.map((m) => [m.messageId, m.stream, m.revision])).toEqual([
      ['k-1', 'order-1', 0],
      ['k-1', 'order-1', 0],
    ]);
    const [confirmed] = await published.expectPublished((m) => m.type === 'order.confirmed');
    expect(confirmed!.body).toEqual({ orderId: '1' });
  });

  it('fails an expectation that never comes true, saying what it waited for', async () => {
    runtime = new MessagingRuntime({ urls: env.amqpUrl, topology });
    await runtime.start();
    published = await collectPublished(env.amqpUrl, ['orders']);
    const err = await published.expectPublished('order.shipped', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitForTimeoutError);
    expect((err as Error).message).toContain('1 message(s) with routing key order.shipped');
  });
});

describe('the testing kit: a vhost or a database per test, each gone after its test', () => {
  const vhost = useTestVhost('kit_each', { per: 'test' });
  const database = useTestDatabase('kit_each', { per: 'test' });
  const previous: { vhost?: string; database?: string } = {};

  const databaseNames = async () =>
    ((await database.client.db().admin().listDatabases()).databases as { name: string }[]).map((d) => d.name);

  it('gives the first test its own vhost and database', async () => {
    await database.db.collection('marks').insertOne({ test: 1 }); // a database exists once written to
    expect(await vhost.management.listVhosts()).toContain(vhost.name);
    expect(await databaseNames()).toContain(database.name);
    previous.vhost = vhost.name;
    previous.database = database.name;
  });

  it('gives the next test new ones, the first test’s deleted', async () => {
    expect(vhost.name).not.toBe(previous.vhost);
    expect(database.name).not.toBe(previous.database);
    expect(await vhost.management.listVhosts()).not.toContain(previous.vhost);
    expect(await databaseNames()).not.toContain(previous.database);
    expect(await database.db.collection('marks').countDocuments()).toBe(0);
  });
});
