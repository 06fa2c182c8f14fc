import amqp, { type Channel, type ChannelModel } from 'amqplib';
import {
  createTestDatabase,
  createTestVhost,
  type TestDatabase,
  type TestVhost,
  waitFor,
} from '@switchyard/testing';
import { DEATH_REASONS, DeadLetter } from '../src/consuming/handlers/consume-result';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { HEADERS } from '../src/messaging.constants';
import { isUnroutableMessageError } from '../src/publishing/errors/unroutable-message.error';
import { drain, testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const QUEUE = 'notifications.push';
const DLQ = 'notifications.push.dlq';

describe('messaging runtime on a real broker: confirms, retry ladder, dead letters, inbox', () => {
  let vhost: TestVhost;
  let database: TestDatabase;
  let runtime: MessagingRuntime;
  let conn: ChannelModel;
  let ch: Channel;
  const calls: Array<{ messageId: string; attempt: number; at: number; event: unknown }> = [];
  const behaviour = new Map<string, (ctx: MessageContext) => Promise<unknown>>();

  beforeAll(async () => {
    vhost = await createTestVhost('msg_runtime');
    database = await createTestDatabase('msg_runtime');
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology({ visibilityTimeout: '700ms' }),
      inbox: new MongoInbox(database.db),
      validator: {
        validate: (type, _version, data) => {
          if (type === 'order.placed' && typeof (data as { orderId?: unknown }).orderId !== 'string') {
            throw Object.assign(new Error('orderId must be a string'), { name: 'InvalidEventError' });
          }
          return data;
        },
      },
      publishTimeoutMs: 3000,
    });
    runtime.addHandler(QUEUE, {
      name: 'test.placed',
      type: 'order.placed',
      invoke: async (ctx) => {
        calls.push({ messageId: ctx.messageId, attempt: ctx.attempt, at: Date.now(), event: ctx.event });
        const b = behaviour.get(ctx.messageId);
        return b ? b(ctx) : undefined;
      },
    });
    await runtime.start();
    conn = await amqp.connect(vhost.amqpUrl);
    ch = await conn.createChannel();
  });

  afterAll(async () => {
    await runtime?.stop();
    await conn?.close();
    await vhost?.delete();
    await database?.drop();
  });

  const callsOf = (id: string) => calls.filter((c) => c.messageId === id);
  const publish = (eventId: string, data: unknown, type = 'order.placed') =>
    runtime.publisher.publish({
      domain: 'orders',
      type,
      eventId,
      data,
      stream: 'order-1',
      revision: 0,
      schemaVersion: 1,
    });

  it('delivers a confirmed publish to the handler once, with the typed context', async () => {
    // When an event is published
    await publish('e-ok', { orderId: 'o-1', note: 'ünïcode $key.dot' });
    // Then the handler sees it once, first attempt, with stream and revision from the headers
    await waitFor(() => callsOf('e-ok').length === 1, { what: 'the handler call', timeoutMs: 10_000 });
    expect(callsOf('e-ok')[0]).toMatchObject({
      attempt: 1,
      event: { orderId: 'o-1', note: 'ünïcode $key.dot' },
    });
  });

  it('rejects an unroutable publish with UnroutableMessageError, and lets the alternate exchange catch domain strays', async () => {
    // When a message goes nowhere (default exchange, no such queue)
    const err = await runtime.publisher
      .publishRaw('', 'no.such.queue', Buffer.from('{}'), { messageId: 'stray-1' })
      .catch((e: unknown) => e);
    // Then the promise rejects with the typed error naming the routing key
    expect(isUnroutableMessageError(err)).toBe(true);
    expect(err).toMatchObject({ routingKey: 'no.such.queue', messageId: 'stray-1' });
    // And an unbound routing key on a domain exchange lands in the domain's unroutable queue instead
    await publish('e-stray', { orderId: 'o-2' }, 'order.shipped');
    const strays = await drain(ch, 'orders.unroutable');
    expect(strays.map((m) => m.properties.messageId)).toEqual(['e-stray']);
  });

  it('retries a handler that fails twice through the delay tiers, then has its effect once', async () => {
    // Given a handler that throws on its first two attempts
    behaviour.set('e-flaky', async (ctx) => {
      if (ctx.attempt <= 2) throw new Error(`boom ${ctx.attempt}`);
    });
    // When the event is published
    await publish('e-flaky', { orderId: 'o-3' });
    // Then it runs three times (attempts 1, 2, 3) and is acked after the third
    await waitFor(() => callsOf('e-flaky').length === 3, { what: 'the third attempt', timeoutMs: 10_000 });
    const c = callsOf('e-flaky');
    expect(c.map((x) => x.attempt)).toEqual([1, 2, 3]);
    // And the delays of the tiers (200 ms, 400 ms) are respected
    expect(c[1]!.at - c[0]!.at).toBeGreaterThanOrEqual(190);
    expect(c[2]!.at - c[1]!.at).toBeGreaterThanOrEqual(390);
    await waitFor(() => runtime.inbox!.has(QUEUE, 'e-flaky'), {
      what: 'the inbox record',
      timeoutMs: 10_000,
    });
    expect(await ch.checkQueue(DLQ)).toMatchObject({ messageCount: 0 });
  });

  it('dead-letters a poison message after the maximum attempts, with the reason headers', async () => {
    behaviour.set('e-poison', async () => {
      throw new TypeError('cannot read the thing');
    });
    await publish('e-poison', { orderId: 'o-4' });
    const [dead] = await drain(ch, DLQ);
    expect(callsOf('e-poison').map((x) => x.attempt)).toEqual([1, 2, 3]);
    const h = dead!.properties.headers!;
    expect(dead!.properties.messageId).toBe('e-poison');
    expect(h[HEADERS.deathReason]).toBe(DEATH_REASONS.maxAttempts);
    expect(h[HEADERS.errorName]).toBe('TypeError');
    expect(h[HEADERS.errorMessage]).toBe('cannot read the thing');
    expect(String(h[HEADERS.errorStack])).toContain('TypeError: cannot read the thing');
    expect(h[HEADERS.attempts]).toBe(3);
    expect(h[HEADERS.originalExchange]).toBe('orders.events');
    expect(h[HEADERS.originalRoutingKey]).toBe('order.placed');
    expect(h[HEADERS.originalQueue]).toBe(QUEUE);
    expect(Number.isNaN(Date.parse(String(h[HEADERS.failedAt])))).toBe(false);
  });

  it('dead-letters an invalid payload at once, without running the handler', async () => {
    await publish('e-invalid', { orderId: 42 });
    const [dead] = await drain(ch, DLQ);
    expect(dead!.properties.messageId).toBe('e-invalid');
    expect(dead!.properties.headers![HEADERS.deathReason]).toBe(DEATH_REASONS.invalidPayload);
    expect(dead!.properties.headers![HEADERS.errorMessage]).toBe('orderId must be a string');
    expect(callsOf('e-invalid')).toEqual([]);
  });

  it('dead-letters a message no handler takes, with that reason, instead of leaving it unacked', async () => {
    await publish('e-nohandler', { orderId: 'o-5' }, 'order.cancelled');
    const [dead] = await drain(ch, DLQ);
    expect(dead!.properties.messageId).toBe('e-nohandler');
    expect(dead!.properties.headers![HEADERS.deathReason]).toBe(DEATH_REASONS.noHandler);
    expect(await ch.checkQueue(QUEUE)).toMatchObject({ messageCount: 0 });
  });

  it('honours an explicit DeadLetter result', async () => {
    behaviour.set('e-explicit', async () => new DeadLetter('customer unknown'));
    await publish('e-explicit', { orderId: 'o-6' });
    const [dead] = await drain(ch, DLQ);
    expect(dead!.properties.headers![HEADERS.deathReason]).toBe('customer unknown');
    expect(dead!.properties.headers![HEADERS.errorName]).toBeUndefined();
    expect(callsOf('e-explicit')).toHaveLength(1);
  });

  it('writes the error a DeadLetter carries into the error headers', async () => {
    class ProviderRefusal extends Error {
      override readonly name = 'ProviderRefusal';
    }
    behaviour.set(
      'e-explicit-error',
      async () => new DeadLetter('twilio:21211', new ProviderRefusal('21211: not a valid phone number')),
    );
    await publish('e-explicit-error', { orderId: 'o-6e' });
    const [dead] = await drain(ch, DLQ);
    expect(dead!.properties.headers).toMatchObject({
      [HEADERS.deathReason]: 'twilio:21211',
      [HEADERS.errorName]: 'ProviderRefusal',
      [HEADERS.errorMessage]: '21211: not a valid phone number',
    });
  });

  it('runs the handler once for a duplicated message (same message-id twice)', async () => {
    behaviour.set('e-dup', async () => new Promise((r) => setTimeout(r, 100)));
    await Promise.all([publish('e-dup', { orderId: 'o-7' }), publish('e-dup', { orderId: 'o-7' })]);
    await waitFor(() => runtime.inbox!.has(QUEUE, 'e-dup'), { what: 'the inbox record', timeoutMs: 10_000 });
    await waitFor(
      async () => (await ch.checkQueue(QUEUE)).messageCount === 0 && runtime.publisher.pending === 0,
      { what: 'both copies settled', timeoutMs: 10_000 },
    );
    await new Promise((r) => setTimeout(r, 300)); // a second run would start right away; give it the chance
    expect(callsOf('e-dup')).toHaveLength(1);
  });

  it('retries a handler that runs past the visibility timeout and ignores its late result', async () => {
    behaviour.set('e-slow', async (ctx) => {
      if (ctx.attempt === 1) await new Promise((r) => setTimeout(r, 1500));
    });
    await publish('e-slow', { orderId: 'o-8' });
    await waitFor(() => callsOf('e-slow').length === 2, { what: 'the second attempt', timeoutMs: 5000 });
    await waitFor(() => runtime.inbox!.has(QUEUE, 'e-slow'), { what: 'the inbox record', timeoutMs: 10_000 });
    expect(callsOf('e-slow').map((c) => c.attempt)).toEqual([1, 2]);
  });
});
