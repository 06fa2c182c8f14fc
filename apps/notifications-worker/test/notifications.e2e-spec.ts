import { join } from 'node:path';
import amqp, { type ChannelModel, type GetMessage } from 'amqplib';
import { EXAMPLE_TOPOLOGY, exampleOrderPlaced } from '@switchyard/examples';
import { HEADERS, MessagingRuntime } from '@switchyard/messaging';
import {
  NOTIFICATIONS_SENT_COLLECTION,
  ORDER_CONTACTS_COLLECTION,
  UNREGISTERED_TOKENS_COLLECTION,
  startProviderFake,
  type ProviderFake,
  type SentNotification,
} from '@switchyard/notifications';
import { spawnApp, useTestEnvironment, waitFor, type AppProcess } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..', '..');
const CREDENTIALS = {
  fcmAccessToken: 'fcm-e2e-token',
  twilioAccountSid: 'AC00e2e',
  twilioAuthToken: 'tw-e2e',
};

describe('notifications-worker: two processes, the provider fake, a real broker and database', () => {
  const env = useTestEnvironment('notify_e2e');

  // Nested, so these hooks run inside the environment's (stop the workers before the vhost goes).
  describe('delivery', () => {
    let fake: ProviderFake;
    let runtime: MessagingRuntime;
    let broker: ChannelModel;
    const workers: AppProcess[] = [];

    beforeAll(async () => {
      fake = await startProviderFake({ db: env.database.db, ...CREDENTIALS });
      // Declares the example topology in this vhost and publishes as the outbox relay would.
      runtime = new MessagingRuntime({ urls: env.amqpUrl, topology: EXAMPLE_TOPOLOGY, consumers: [] });
      await runtime.start();
      broker = await amqp.connect(env.amqpUrl);
      const start = (id: string) =>
        spawnApp('apps/notifications-worker/src/main.ts', {
          cwd: ROOT,
          nodeArgs: ['-r', './scripts/register.js'],
          readyLine: `notifications-worker ${id} ready`,
          readyTimeoutMs: 50_000,
          env: {
            AMQP_URL: env.amqpUrl,
            MONGO_URL: env.mongoUrl,
            MONGO_DATABASE: env.database.name,
            WORKER_ID: id,
            FCM_BASE_URL: fake.url,
            FCM_PROJECT_ID: 'e2e',
            FCM_ACCESS_TOKEN: CREDENTIALS.fcmAccessToken,
            TWILIO_BASE_URL: fake.url,
            TWILIO_ACCOUNT_SID: CREDENTIALS.twilioAccountSid,
            TWILIO_AUTH_TOKEN: CREDENTIALS.twilioAuthToken,
            TWILIO_FROM: '+15005550006',
          },
        });
      workers.push(...(await Promise.all([start('w1'), start('w2')])));
    }, 60_000);

    afterAll(async () => {
      const exits = await Promise.all(workers.map((w) => w.stop('SIGTERM', 20_000)));
      await broker?.close();
      await runtime?.stop();
      await fake?.close();
      // A clean stop: SIGTERM handled, and no secret in anything the workers printed
      for (const [i, w] of workers.entries()) {
        expect(exits[i]!.signal ?? exits[i]!.code).toBe('SIGTERM');
        for (const secret of [CREDENTIALS.fcmAccessToken, CREDENTIALS.twilioAuthToken])
          expect(w.output()).not.toContain(secret);
      }
    });

    const publish = (domain: 'orders' | 'payments', type: string, eventId: string, data: object) =>
      runtime.publisher.publish({ domain, type, eventId, data, stream: `order-${eventId}`, revision: 0 });
    const placed = (orderId: string, contact: { customerPushToken?: string; customerPhone?: string }) =>
      publish('orders', 'order.placed', `placed-${orderId}`, exampleOrderPlaced({ orderId, ...contact }));
    const sentRecords = () =>
      env.database.db.collection<SentNotification>(NOTIFICATIONS_SENT_COLLECTION).find({}).toArray();
    const contactRecorded = (orderId: string) =>
      waitFor(
        () => env.database.db.collection(ORDER_CONTACTS_COLLECTION).findOne({ _id: orderId as never }),
        {
          what: `the contact of ${orderId}`,
          timeoutMs: 20_000,
        },
      );
    /** Deliveries acked on a queue since the vhost was made (the management API's count; it lags ~5 s). */
    const acks = async (queue: string): Promise<number> => {
      const q = await env.vhost.management.request<{ message_stats?: { ack?: number } }>(
        'GET',
        `/api/queues/${encodeURIComponent(env.vhost.name)}/${encodeURIComponent(queue)}`,
      );
      return q.message_stats?.ack ?? 0;
    };
    const deadLetters = async (queue: string, atLeast: number): Promise<GetMessage[]> => {
      const ch = await broker.createChannel();
      const got: GetMessage[] = [];
      try {
        await waitFor(
          async () => {
            for (let m = await ch.get(queue, { noAck: true }); m; m = await ch.get(queue, { noAck: true }))
              got.push(m);
            return got.length >= atLeast;
          },
          { what: `${atLeast} dead letter(s) on ${queue}`, timeoutMs: 30_000 },
        );
      } finally {
        await ch.close();
      }
      return got;
    };

    it('a redelivered event sends once: again after it was handled, and twice at the same moment', async () => {
      // Given order d-1 placed with a push token (the first delivery on notifications.push)
      await placed('d-1', { customerPushToken: 'device-d1', customerPhone: '+4915100000001' });
      await waitFor(async () => (await acks('notifications.push')) === 1, {
        what: 'the first delivery acked',
        timeoutMs: 30_000,
      });
      // When the same message is published again, and another event's message twice at once
      await placed('d-1', { customerPushToken: 'device-d1', customerPhone: '+4915100000001' });
      await Promise.all([
        placed('d-2', { customerPushToken: 'device-d2' }),
        placed('d-2', { customerPushToken: 'device-d2' }),
      ]);
      // And an SMS event published twice at once (its order's contact recorded first)
      await contactRecorded('d-1');
      const shipped = { orderId: 'd-1', carrier: 'DHL', trackingNumber: 'JJD-1' };
      await Promise.all([
        publish('orders', 'order.shipped', 'shipped-d-1', shipped),
        publish('orders', 'order.shipped', 'shipped-d-1', shipped),
      ]);
      // Then once every copy was acked (nothing retried: each copy is acked once) ...
      await waitFor(
        async () => (await acks('notifications.push')) === 4 && (await acks('notifications.sms')) === 2,
        { what: 'every copy acked', timeoutMs: 40_000 },
      );
      // ... each provider got exactly one request per notification, and each was recorded once
      expect(fake.counters()).toMatchObject({
        requests: { fcm: 2, twilio: 1 },
        accepted: { fcm: 2, twilio: 1 },
        duplicates: { fcm: 0, twilio: 0 },
      });
      const sent = await sentRecords();
      expect(sent.map((r) => r.notificationId).sort()).toEqual([
        'notifications.push:placed-d-1',
        'notifications.push:placed-d-2',
        'notifications.sms:shipped-d-1',
      ]);
      expect(await fake.store.accepted({ _id: 'fcm:notifications.push:placed-d-2' })).toHaveLength(1);
    });

    it('two workers share the queues, and each notification is accepted by the provider exactly once', async () => {
      const before = fake.counters();
      const orders = Array.from({ length: 6 }, (_, i) => `f-${i}`);
      // When six orders are placed, captured and shipped, and half of them had a failed payment first
      for (const [i, orderId] of orders.entries()) {
        await placed(orderId, { customerPushToken: `device-${orderId}`, customerPhone: `+49151100000${i}` });
        await publish('payments', 'payment.captured', `captured-${orderId}`, {
          paymentId: `p-${orderId}`,
          orderId,
          amount: '9.00',
          currency: 'EUR',
        });
        await publish('orders', 'order.shipped', `shipped-${orderId}`, {
          orderId,
          carrier: 'UPS',
          trackingNumber: `1Z-${orderId}`,
        });
        if (i % 2 === 0)
          await publish('payments', 'payment.failed', `failed-${orderId}`, {
            paymentId: `p-${orderId}`,
            orderId,
            reason: 'card declined',
          });
      }
      // Then 12 pushes and 9 SMS are sent, each recorded once
      const expected = orders.length * 2 + orders.length + orders.length / 2;
      const mine = async () => (await sentRecords()).filter((r) => r.orderId.startsWith('f-'));
      await waitFor(async () => (await mine()).length === expected, {
        what: `${expected} notifications recorded`,
        timeoutMs: 40_000,
      });
      const records = await mine();
      expect(new Set(records.map((r) => r.notificationId)).size).toBe(expected);
      expect(records.every((r) => r.status === 'sent')).toBe(true);
      expect(new Set(records.map((r) => r.template))).toEqual(
        new Set(['order-placed', 'payment-captured', 'order-shipped', 'payment-failed']),
      );
      // by both workers (competing consumers)
      expect(new Set(records.map((r) => r.worker))).toEqual(new Set(['w1', 'w2']));
      // and the provider saw one request per notification: accepted once each, no second send
      const after = fake.counters();
      expect(after.requests.fcm - before.requests.fcm).toBe(12);
      expect(after.requests.twilio - before.requests.twilio).toBe(9);
      expect(after.duplicates).toEqual({ fcm: 0, twilio: 0 });
      for (const orderId of orders) {
        expect(await fake.store.accepted({ _id: `fcm:notifications.push:captured-${orderId}` })).toHaveLength(
          1,
        );
      }
      const sms = await fake.store.accepted({ provider: 'twilio', recipient: '+491511000000' });
      expect(sms.map((d) => d.body).sort()).toEqual(
        [
          'Your order f-0 has shipped with UPS, tracking number 1Z-f-0.',
          'The payment for your order f-0 failed (card declined). Please check your payment details.',
        ].sort(),
      );
    });

    it('a provider 503 burst is retried (after Retry-After) until the notifications go through', async () => {
      // Given FCM answering the next 3 requests with 503 and Retry-After: 1
      fake.failNext({ count: 3, status: 503, retryAfterSeconds: 1, provider: 'fcm' });
      const injectedBefore = fake.counters().injected;
      // When two orders are placed
      await placed('b-1', { customerPushToken: 'device-b1' });
      await placed('b-2', { customerPushToken: 'device-b2' });
      // Then both pushes are sent, after the three 503s, on a later attempt
      const records = await waitFor(
        async () => {
          const r = (await sentRecords()).filter((n) => n.orderId.startsWith('b-'));
          return r.length === 2 ? r : undefined;
        },
        { what: 'both pushes sent', timeoutMs: 40_000 },
      );
      expect(fake.counters().injected - injectedBefore).toBe(3);
      // A second failure of one message waits Retry-After (1 s), not the ladder's second tier (10 s)
      const logs = workers.map((w) => w.output()).join('');
      expect(logs).toMatch(
        /failed \(attempt 2\/\d+\), retry in 1s: (Error: )?fcm answered UNAVAILABLE \(HTTP 503\)/,
      );
      expect(Math.max(...records.map((r) => r.attempt))).toBeGreaterThan(1);
      expect(await fake.store.accepted({ _id: 'fcm:notifications.push:placed-b-1' })).toHaveLength(1);
      expect(await fake.store.accepted({ _id: 'fcm:notifications.push:placed-b-2' })).toHaveLength(1);
    });

    it('an invalid number (21211) and an unsubscribed one (21610) are dead-lettered with the code', async () => {
      // Given orders whose phone numbers Twilio refuses
      await placed('x-1', { customerPhone: '+15550000001' });
      await placed('x-2', { customerPhone: '+15550000012' });
      await Promise.all([contactRecorded('x-1'), contactRecorded('x-2')]);
      // When they ship
      await publish('orders', 'order.shipped', 'shipped-x-1', {
        orderId: 'x-1',
        carrier: 'DHL',
        trackingNumber: 'T1',
      });
      await publish('orders', 'order.shipped', 'shipped-x-2', {
        orderId: 'x-2',
        carrier: 'DHL',
        trackingNumber: 'T2',
      });
      // Then both SMS are in the DLQ at once (no retries), the provider's code in the reason headers
      const dead = await deadLetters('notifications.sms.dlq', 2);
      const byId = new Map(dead.map((m) => [m.properties.messageId as string, m.properties.headers!]));
      expect(byId.get('shipped-x-1')).toMatchObject({
        [HEADERS.deathReason]: 'twilio:21211',
        [HEADERS.errorName]: 'PermanentProviderError',
        [HEADERS.attempts]: 1,
      });
      expect(String(byId.get('shipped-x-1')![HEADERS.errorMessage])).toContain('21211');
      expect(byId.get('shipped-x-2')).toMatchObject({ [HEADERS.deathReason]: 'twilio:21610' });
      const sms = (await sentRecords()).filter((r) => r.orderId.startsWith('x-') && r.channel === 'sms');
      expect(sms).toEqual([]);
    });

    it('an unregistered token is dead-lettered and marked, and not tried again', async () => {
      // Given an order whose push token FCM reports UNREGISTERED
      await placed('u-1', { customerPushToken: 'unregistered-u1' });
      const [first] = await deadLetters('notifications.push.dlq', 1);
      expect(first!.properties.headers).toMatchObject({
        [HEADERS.deathReason]: 'fcm:UNREGISTERED',
        [HEADERS.errorName]: 'PermanentProviderError',
      });
      // Then the token is marked
      const marks = await env.database.db.collection(UNREGISTERED_TOKENS_COLLECTION).find({}).toArray();
      expect(marks).toEqual([
        expect.objectContaining({ providerCode: 'UNREGISTERED', eventId: 'placed-u-1' }),
      ]);
      // When a later event of that order would push to it
      await publish('payments', 'payment.captured', 'captured-u-1', {
        paymentId: 'p-u1',
        orderId: 'u-1',
        amount: '1.00',
        currency: 'EUR',
      });
      // Then it is dead-lettered as `unregistered` without calling the provider
      const [second] = await deadLetters('notifications.push.dlq', 1);
      expect(second!.properties.messageId).toBe('captured-u-1');
      expect(second!.properties.headers).toMatchObject({
        [HEADERS.deathReason]: 'unregistered',
        [HEADERS.errorName]: 'UnregisteredRecipientError',
      });
      expect(await fake.store.refused({ recipient: 'unregistered-u1' })).toHaveLength(1);
    });
  });
});
