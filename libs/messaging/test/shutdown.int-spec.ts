import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { isDeliveryExpiredError } from '../src/consuming/errors/delivery-expired.error';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const { vhost, database } = useTestEnvironment('msg_shutdown');

describe('graceful stop: in-flight handlers finish up to the timeout, the rest is requeued', () => {
  const runtimes: MessagingRuntime[] = [];

  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.stop()));
  });

  const startRuntime = async (name: string, handlerMs: number, log: string[]) => {
    const runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology({ visibilityTimeout: '10s' }),
      inbox: new MongoInbox(database.db),
      shutdownTimeoutMs: 300,
      connectionName: name,
    });
    runtime.addHandler('notifications.push', {
      name,
      invoke: async (ctx: MessageContext) => {
        log.push(`${name}:start:${ctx.messageId}:redelivered=${ctx.redelivered}`);
        await new Promise((r) => setTimeout(r, handlerMs));
        const outcome = await ctx.inbox
          .recordWith('effects', { messageId: ctx.messageId, by: name })
          .catch((err: unknown) => (isDeliveryExpiredError(err) ? `refused-${err.reason}` : 'failed'));
        log.push(`${name}:${outcome}:${ctx.messageId}`);
      },
    });
    await runtime.start();
    runtimes.push(runtime);
    return runtime;
  };

  it('requeues a handler that outlives the shutdown timeout; the next process has the effect once', async () => {
    const log: string[] = [];
    // Given a process whose handler takes 1.5 s, with a shutdown timeout of 300 ms
    const first = await startRuntime('A', 1500, log);
    await first.publisher.publish({ domain: 'orders', type: 'order.placed', eventId: 'slow-1', data: {} });
    await waitFor(() => log.includes('A:start:slow-1:redelivered=false'), {
      what: 'the handler to start',
      timeoutMs: 10_000,
    });
    // When it stops mid-handler
    const t0 = Date.now();
    await first.stop();
    // Then the stop returns after about the shutdown timeout, not the handler's time
    expect(Date.now() - t0).toBeLessThan(1200);
    // And a second process gets the requeued message (redelivered)
    await startRuntime('B', 0, log);
    // And the cut-off first run may not write its effect any more: the second run writes the one effect
    await waitFor(() => log.filter((l) => /^(A|B):[a-z-]+:slow-1$/.test(l)).length === 2, {
      what: 'both runs to finish',
      timeoutMs: 10_000,
    });
    expect(log.filter((l) => /^(A|B):[a-z-]+:slow-1$/.test(l)).sort()).toEqual([
      'A:refused-shutdown:slow-1',
      'B:recorded:slow-1',
    ]);
    expect(
      await database.db
        .collection('effects')
        .find({ messageId: 'slow-1' }, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ messageId: 'slow-1', by: 'B', inboxKey: 'notifications.push:slow-1' }]);
    expect(log).toContain('B:start:slow-1:redelivered=true');
  });
});
