import {
  AmqpFaultProxy,
  brokerConnectionsNamed,
  closeBrokerConnection,
  type ProxiedConnection,
  useTestVhost,
  waitFor,
} from '@switchyard/testing';
import amqplib from 'amqplib';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { MessagingHealthIndicator } from '../src/health/messaging.health';
import {
  isPublishRejectedError,
  type PublishRejectedError,
} from '../src/publishing/errors/publish-rejected.error';
import { testTopology } from './messaging-test-helpers';

const vhost = useTestVhost('msg_faults');

// Broker faults produced without stopping the broker: a loopback proxy in front of RabbitMQ and the
// management API's "force close connection".
describe('broker faults: the stop_app race and channel errors', () => {
  let proxy: AmqpFaultProxy;
  let runtime: MessagingRuntime | undefined;
  const handled = new Set<string>();

  beforeEach(async () => {
    handled.clear();
    proxy = await AmqpFaultProxy.start();
  });

  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    await proxy?.close();
  });

  async function startRuntime(name: string): Promise<MessagingRuntime> {
    const r = new MessagingRuntime({
      urls: proxy.url(vhost.amqpUrl),
      topology: testTopology(),
      connectionName: name,
      publishTimeoutMs: 20_000,
      reconnect: { reconnectMinSeconds: 0.5, reconnectMaxSeconds: 1 },
    });
    r.addHandler('notifications.push', {
      name: 'collect',
      invoke: async (ctx) => {
        handled.add(ctx.messageId);
      },
    });
    runtime = r;
    await r.start();
    return r;
  }

  const publishOne = (r: MessagingRuntime, eventId: string) =>
    r.publisher.publish({ domain: 'orders', type: 'order.placed', eventId, data: { orderId: eventId } });

  it('recovers within 5 s when Connection.OpenOk and Connection.Close arrive in one read', async () => {
    // Given a runtime consuming and publishing through the proxy
    const r = await startRuntime('faults-race');
    const health = new MessagingHealthIndicator(r);
    await publishOne(r, 'before');
    await waitFor(() => handled.has('before'), { what: 'the first event handled', timeoutMs: 10_000 });

    // When its connection is closed and the reconnect's OpenOk is held until the broker closes that
    // connection too, so both frames reach the client in one write (what stop_app does)
    proxy.holdOpenOkUntilClose(1);
    const held = new Promise<ProxiedConnection>((resolve) => proxy.once('open-ok-held', resolve));
    const released = new Promise<string>((resolve) =>
      proxy.once('open-ok-released', (_c, how) => resolve(how)),
    );
    const [first] = proxy.connections();
    await closeBrokerConnection(vhost.management, first!.brokerName);
    const raced = await held;
    await closeBrokerConnection(vhost.management, raced.brokerName);
    expect(await released).toBe('with-close');
    const racedAt = Date.now();

    // Then health is down while it is broken
    await waitFor(() => health.isHealthy().rabbitmq.status === 'down', {
      what: 'health down',
      timeoutMs: 2000,
    });

    // And within 5 s a new connection carries a confirmed publish, and the consumer is re-attached
    await waitFor(() => proxy.connections().some((c) => c.id > raced.id), {
      what: 'a new connection through the proxy',
      timeoutMs: 5000,
    });
    await publishOne(r, 'after');
    await waitFor(() => handled.has('after'), {
      what: 'the event after the race handled',
      timeoutMs: 5000 - (Date.now() - racedAt),
    });
    expect(Date.now() - racedAt).toBeLessThan(5000);
    // And health is up again
    await waitFor(() => health.isHealthy().rabbitmq.status === 'up', { what: 'health up', timeoutMs: 2000 });
  });

  it('a publish to a missing exchange is rejected with the reply code and leaves the connection and consumers up', async () => {
    // Given a runtime with its consumer attached
    const r = await startRuntime('faults-404');
    const before = await waitFor(
      async () => (await brokerConnectionsNamed(vhost.management, 'faults-404'))[0],
      { what: 'the connection listed by the management API', timeoutMs: 10_000 },
    );

    // When one publish goes to an exchange that does not exist, amid good publishes
    const good = Array.from({ length: 40 }, (_, i) => publishOne(r, `g-${i}`));
    const bad = r.publisher.publishRaw('no-such.events', 'x', Buffer.from('{}'), { messageId: 'bad-1' });
    const settled = await Promise.allSettled([bad, ...good]);

    // Then that publish alone is rejected, typed, with the broker's reply code and text, not a timeout
    const [badResult, ...goodResults] = settled;
    expect(badResult!.status).toBe('rejected');
    const err = (badResult as PromiseRejectedResult).reason as PublishRejectedError;
    expect(isPublishRejectedError(err)).toBe(true);
    expect(err.replyCode).toBe(404);
    expect(err.replyText).toMatch(/no exchange 'no-such.events'/);
    expect(goodResults.every((g) => g.status === 'fulfilled')).toBe(true);

    // And every good event is handled, on the same connection: no reconnect happened
    await waitFor(() => handled.size === 40, { what: '40 good events handled', timeoutMs: 10_000 });
    expect(await brokerConnectionsNamed(vhost.management, 'faults-404')).toEqual([before]);
    await waitFor(() => r.connection.current.channelsUsable, {
      what: 'every channel usable again',
      timeoutMs: 3000,
    });
    await publishOne(r, 'later');
    await waitFor(() => handled.has('later'), {
      what: 'an event published after the error handled',
      timeoutMs: 10_000,
    });
    expect(await brokerConnectionsNamed(vhost.management, 'faults-404')).toEqual([before]);
  });

  it('re-attaches a consumer whose queue was deleted (topology declared again)', async () => {
    // Given a consumer attached to its queue
    const r = await startRuntime('faults-queue-deleted');
    await publishOne(r, 'q-before');
    await waitFor(() => handled.has('q-before'), { what: 'the first event handled', timeoutMs: 10_000 });
    // When an operator deletes the queue
    await vhost.management.request(
      'DELETE',
      `/api/queues/${encodeURIComponent(vhost.name)}/${encodeURIComponent('notifications.push')}`,
    );
    // Then the consumer is reported unusable, and within seconds the queue is back and consumed again
    await waitFor(() => !r.connection.current.channelsUsable, {
      what: 'the consumer reported unusable',
      timeoutMs: 5000,
    });
    await waitFor(() => r.connection.current.channelsUsable, {
      what: 'every channel usable again',
      timeoutMs: 15_000,
    });
    await publishOne(r, 'q-after');
    await waitFor(() => handled.has('q-after'), {
      what: 'an event after the re-attach handled',
      timeoutMs: 10_000,
    });
  });

  it('tears down and reconnects a connection whose channel cannot be set up on it (watchdog)', async () => {
    // Given a connection with a channel whose setup needs a queue nobody declared yet
    const connection = new AmqpConnection({
      urls: proxy.url(vhost.amqpUrl),
      name: 'faults-watchdog',
      watchdogMs: 800,
      reconnectMinSeconds: 0.2,
      reconnectMaxSeconds: 0.5,
    });
    let queueExists = false;
    try {
      const wrapper = connection.createChannel('needs-queue', async (ch) => {
        await ch.checkQueue('watchdog.needed');
      });
      await connection.waitConnected();
      const [first] = proxy.connections();

      // Then the channel is reported unusable while the connection is up
      await waitFor(() => connection.current.unusableChannels.includes('needs-queue'), {
        what: 'the channel reported unusable',
        timeoutMs: 10_000,
      });
      // And the watchdog tears the connection down and reconnects (the topology would be declared again)
      await waitFor(() => proxy.connections().some((c) => c.id > first!.id), {
        what: 'a reconnect by the watchdog',
        timeoutMs: 5000,
      });

      // When the queue exists, the channel comes up and stays up on one connection
      const admin = await amqplib.connect(vhost.amqpUrl);
      const ch = await admin.createChannel();
      await ch.assertQueue('watchdog.needed', { durable: false, autoDelete: false });
      queueExists = true;
      await admin.close();
      await waitFor(() => connection.current.channelsUsable, { what: 'the channel usable', timeoutMs: 5000 });
      const settled = proxy.connections().map((c) => c.id);
      await new Promise((r) => setTimeout(r, 1500)); // longer than the watchdog's limit
      expect(proxy.connections().map((c) => c.id)).toEqual(settled);
      await wrapper.close();
    } finally {
      await connection.close();
      if (queueExists) {
        const admin = await amqplib.connect(vhost.amqpUrl);
        await (await admin.createChannel()).deleteQueue('watchdog.needed');
        await admin.close();
      }
    }
  });
});
