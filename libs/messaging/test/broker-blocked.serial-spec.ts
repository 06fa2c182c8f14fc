import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useTestVhost, waitFor } from '@switchyard/testing';
import type { AmqpConnectionEvent } from '../src/connection/amqp-connection';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { MessagingHealthIndicator } from '../src/health/messaging.health';
import { testTopology } from './messaging-test-helpers';

// Raises a memory alarm on the broker (it blocks publishers): run only under the exclusive lock.
//   flock -x /tmp/sy-broker.lock npx jest --selectProjects serial --runTestsByPath <this file>
const sh = promisify(execFile);
const setWatermark = (value: string) =>
  sh('rabbitmqctl', ['set_vm_memory_high_watermark', value], { timeout: 30_000 });
/** The local services' setting (`rabbitmqctl status`: "0.4 of available memory"). */
const NORMAL_WATERMARK = '0.4';

const vhost = useTestVhost('msg_blocked');

describe('a broker resource alarm: blocked/unblocked surfaced, publishes wait instead of failing', () => {
  let runtime: MessagingRuntime;
  const events: AmqpConnectionEvent[] = [];

  beforeAll(async () => {
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology(),
      publishTimeoutMs: 30_000,
    });
    await runtime.start();
    runtime.connection.onEvent((e) => events.push(e));
  });

  afterAll(async () => {
    await setWatermark(NORMAL_WATERMARK);
    await runtime?.stop();
  });

  it('reports blocked (health degraded) during the alarm and confirms the held publish after it', async () => {
    const health = new MessagingHealthIndicator(runtime);
    try {
      // Given the broker's memory alarm goes off
      await setWatermark('0.000001');
      // When a publish is attempted
      const publish = runtime.publisher.publish({
        domain: 'orders',
        type: 'order.placed',
        eventId: 'blk-1',
        data: {},
      });
      // Then the connection reports blocked and the health indicator says degraded
      await waitFor(() => events.includes('blocked'), { what: 'the blocked event', timeoutMs: 20_000 });
      expect(health.isHealthy('rabbitmq').rabbitmq.status).toBe('degraded');
      // And when the alarm clears, the publish is confirmed and the health is up again
      await setWatermark(NORMAL_WATERMARK);
      await publish;
      await waitFor(() => events.includes('unblocked'), { what: 'the unblocked event', timeoutMs: 20_000 });
      expect(health.isHealthy('rabbitmq').rabbitmq).toMatchObject({ status: 'up', blocked: false });
    } finally {
      await setWatermark(NORMAL_WATERMARK);
    }
  });
});
