import { useTestVhost, waitFor } from '@switchyard/testing';
import amqp, { type ChannelModel } from 'amqplib';
import { DEATH_REASONS } from '../src/consuming/handlers/consume-result';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { HEADERS } from '../src/messaging.constants';
import { drain, testTopology } from './messaging-test-helpers';
import { exampleEventRegistry, exampleOrderPlaced } from '@switchyard/examples';

const validOrder = exampleOrderPlaced();

const vhost = useTestVhost('msg_contracts');

describe('contract validation with the EventRegistry of @switchyard/contracts, before any handler', () => {
  let runtime: MessagingRuntime;
  let conn: ChannelModel;
  const handled: string[] = [];

  beforeAll(async () => {
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology(),
      validator: exampleEventRegistry(),
    });
    runtime.addHandler('notifications.push', {
      name: 'collect',
      invoke: async (ctx) => {
        handled.push(ctx.messageId);
      },
    });
    await runtime.start();
    conn = await amqp.connect(vhost.amqpUrl);
  });

  afterAll(async () => {
    await runtime?.stop();
    await conn?.close();
  });

  const publish = (eventId: string, data: unknown, schemaVersion = 1) =>
    runtime.publisher.publish({ domain: 'orders', type: 'order.placed', eventId, data, schemaVersion });

  it('hands a valid event to the handler, dead-letters an invalid one and an unknown version at once', async () => {
    await publish('c-ok', validOrder);
    await publish('c-bad', { ...validOrder, currency: 'euros', lines: [] });
    await publish('c-v9', validOrder, 9);
    await waitFor(() => handled.includes('c-ok'), { what: 'the valid event', timeoutMs: 10_000 });
    const ch = await conn.createChannel();
    const dead = await drain(ch, 'notifications.push.dlq', 2);
    const byId = new Map(dead.map((m) => [String(m.properties.messageId), m.properties.headers!]));
    expect(byId.get('c-bad')).toMatchObject({
      [HEADERS.deathReason]: DEATH_REASONS.invalidPayload,
      [HEADERS.errorName]: 'InvalidEventError',
      [HEADERS.attempts]: 0,
    });
    expect(String(byId.get('c-bad')![HEADERS.errorMessage])).toMatch(/currency/);
    expect(byId.get('c-v9')).toMatchObject({
      [HEADERS.deathReason]: DEATH_REASONS.unknownEvent,
      [HEADERS.errorName]: 'UnknownEventVersionError',
    });
    expect(handled).toEqual(['c-ok']);
    await ch.close();
  });
});
