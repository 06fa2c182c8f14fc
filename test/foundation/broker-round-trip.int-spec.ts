import amqp, { type ChannelModel } from 'amqplib';
import { createTestVhost, type TestVhost } from '@switchyard/testing';

describe('broker round trip on a fresh vhost', () => {
  let vhost: TestVhost;
  let conn: ChannelModel;

  beforeAll(async () => {
    vhost = await createTestVhost('round_trip');
    conn = await amqp.connect(vhost.amqpUrl);
  });

  afterAll(async () => {
    await conn?.close();
    await vhost?.delete();
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
    const msg = await waitForMessage(ch, queue);
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

async function waitForMessage(ch: amqp.Channel, queue: string): Promise<amqp.GetMessage> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const m = await ch.get(queue, { noAck: false });
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no message on ${queue} within 5 s`);
}
