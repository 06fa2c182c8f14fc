import amqp, { type ChannelModel } from 'amqplib';
import { useTestVhost, waitFor } from '@switchyard/testing';

const vhost = useTestVhost('round_trip');

describe('broker round trip on a fresh vhost', () => {
  let conn: ChannelModel;

  beforeAll(async () => {
    conn = await amqp.connect(vhost.amqpUrl);
  });

  afterAll(async () => {
    await conn?.close();
  });

  it('routes through a topic exchange with a wildcard binding into a queue', async () => {
    // Given a topic exchange and a queue bound with `order.*`
    const ch = await conn.createConfirmChannel();
    await ch.assertExchange('orders.events', 'topic', { durable: true });
    const { queue } = await ch.assertQueue('payments.orders', { durable: true });
    await ch.bindQueue(queue, 'orders.events', 'order.*');

    // When two events are published, one matching and one not
    ch.publish('orders.events', 'order.placed', Buffer.from(JSON.stringify({ orderId: 'o-1' })), {
      persistent: true,
      messageId: 'm-1',
    });
    ch.publish('orders.events', 'payment.captured', Buffer.from('{}'), {
      persistent: true,
      messageId: 'm-2',
    });
    await ch.waitForConfirms();

    // Then only the matching one is in the queue
    const msg = await waitFor(() => ch.get(queue, { noAck: false }), {
      what: `a message on ${queue}`,
      timeoutMs: 5_000,
    });
    expect(msg.fields.routingKey).toBe('order.placed');
    expect(JSON.parse(msg.content.toString())).toEqual({ orderId: 'o-1' });
    ch.ack(msg);
    expect(await ch.get(queue)).toBe(false);
    await ch.close();
  });

  it('is isolated: the vhost is listed while the file runs', async () => {
    expect(await vhost.management.listVhosts()).toContain(vhost.name);
  });
});
