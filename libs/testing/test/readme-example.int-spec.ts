// The complete example of libs/testing/README.md, run as a test so it stays true.
import { AggregateRepository } from '@switchyard/event-store';
import { EXAMPLE_TOPOLOGY, Order, exampleEventRegistry, exampleOrderPlaced } from '@switchyard/examples';
import { MessagingRuntime } from '@switchyard/messaging';
import {
  collectPublished,
  getInMemoryEventStore,
  useTestEnvironment,
  waitFor,
  type PublishedCollector,
} from '@switchyard/testing';

// A unit test: the repository and the aggregate, no I/O
it('places and confirms an order', async () => {
  const orders = new AggregateRepository(getInMemoryEventStore(exampleEventRegistry()), {
    create: (id) => new Order(id),
  });
  const order = new Order('o-1');
  const { orderId: _, ...placed } = exampleOrderPlaced();
  order.place(placed);
  expect(await orders.create(order)).toEqual({ revision: 0, replayed: false });
  const confirmed = await orders.execute('o-1', (o) => o.confirm(), { expectedRevision: 0 });
  expect(confirmed.state.status).toBe('confirmed');
});

// An integration test: a real vhost and database for this file, and what got published
describe('publishing orders', () => {
  const env = useTestEnvironment('orders');
  let runtime: MessagingRuntime | undefined;
  let published: PublishedCollector | undefined;
  afterEach(async () => {
    await published?.close();
    await runtime?.stop();
  });

  it('publishes order.placed once per order', async () => {
    runtime = new MessagingRuntime({ urls: env.amqpUrl, topology: EXAMPLE_TOPOLOGY, consumers: [] });
    await runtime.start(); // declares the topology in env's vhost
    published = await collectPublished(env.amqpUrl, ['orders']);
    await runtime.publisher.publish({ domain: 'orders', type: 'order.placed', eventId: 'e-1', data: {} });
    const [message] = await published.expectPublished('order.placed');
    expect(message!.messageId).toBe('e-1');
    await waitFor(() => published!.messages().length === 1, { what: 'exactly one message' });
  });
});
