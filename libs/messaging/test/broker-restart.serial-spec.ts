import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { useTestVhost, waitFor } from '@switchyard/testing';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { testTopology } from './messaging-test-helpers';

// Stops and starts the broker app: run only under the exclusive lock (CI runs serial files alone):
//   flock -x /tmp/sy-broker.lock npx jest --selectProjects serial --runTestsByPath <this file>
const sh = promisify(execFile);
const rabbitmqctl = (...args: string[]) => sh('rabbitmqctl', args, { timeout: 60_000 });
const N = 150;

const vhost = useTestVhost('msg_restart');

describe('broker stop mid-publish (rabbitmqctl stop_app / start_app)', () => {
  let runtime: MessagingRuntime;
  const arrived = new Set<string>();

  beforeAll(async () => {
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology(),
      publishTimeoutMs: 45_000,
      reconnect: { reconnectMinSeconds: 1, reconnectMaxSeconds: 2 },
    });
    runtime.addHandler('notifications.push', {
      name: 'collect',
      invoke: async (ctx) => {
        arrived.add(ctx.messageId);
      },
    });
    await runtime.start();
  });

  afterAll(async () => {
    await ensureBrokerUp();
    await runtime?.stop();
  });

  it('confirms all N publishes and delivers all N, the consumer re-attaching after the restart', async () => {
    // Given a stream of confirmed publishes, one every 20 ms
    const confirmations: Promise<void>[] = [];
    let stopped: Promise<unknown> | undefined;
    for (let i = 0; i < N; i++) {
      confirmations.push(
        runtime.publisher.publish({
          domain: 'orders',
          type: 'order.placed',
          eventId: `r-${i}`,
          data: { orderId: `o-${i}` },
        }),
      );
      // When the broker app stops a third of the way through, and starts again two seconds later
      if (i === Math.floor(N / 3)) {
        stopped = rabbitmqctl('stop_app').then(async () => {
          await new Promise((r) => setTimeout(r, 2000));
          await rabbitmqctl('start_app');
        });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await stopped;
    // Then every publish promise resolves (confirmed; none rejected, none dropped)
    const outcomes = await Promise.allSettled(confirmations);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    // And every one of the N messages reaches the handler (duplicates of unconfirmed ones are allowed)
    await waitFor(() => arrived.size === N, { what: `${N} distinct arrivals`, timeoutMs: 40_000 });
    expect([...arrived].sort()).toEqual(Array.from({ length: N }, (_, i) => `r-${i}`).sort());
    expect(runtime.connection.current.connected).toBe(true);
  });
});

/** start_app (idempotent) and wait until an AMQP connection opens again. */
async function ensureBrokerUp(): Promise<void> {
  await rabbitmqctl('start_app').catch(() => undefined);
  await waitFor(
    async () => {
      try {
        const c = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
        await c.close();
        return true;
      } catch {
        return false;
      }
    },
    { what: 'AMQP to accept connections', timeoutMs: 60_000 },
  );
}
