import { exampleOrderPlaced } from '@switchyard/examples';
import { DeadLetter, Retry, type MessageContext } from '@switchyard/messaging';
import { InMemoryInbox } from '@switchyard/testing';
import { NOTIFICATIONS_SENT_COLLECTION, ORDER_CONTACTS_COLLECTION } from '../notifications.constants';
import { PermanentProviderError } from '../providers/errors/permanent-provider.error';
import { TransientProviderError } from '../providers/errors/transient-provider.error';
import type { PushMessage, SmsMessage } from '../providers/notification-provider';
import { NotificationDelivery } from './notification-delivery';
import type { OrderContact } from './order-contacts';
import type { HeldClaim, RefusedClaim, SendClaims } from './send-claims';
import { TokenBucket } from './token-bucket';
import type { UnregisteredMark, UnregisteredTokens } from './unregistered-tokens';

/** The delivery over in-memory stores and scripted providers: what it decides, without I/O. */
function setup() {
  const inbox = new InMemoryInbox();
  const pushes: PushMessage[] = [];
  const sms: SmsMessage[] = [];
  const answers: { push: (() => Promise<never>)[]; sms: (() => Promise<never>)[] } = { push: [], sms: [] };
  const marks = new Map<string, UnregisteredMark & { markedAt: Date }>();
  const contacts = new Map<string, OrderContact>();
  const held = new Set<string>();
  const claims: SendClaims = {
    async claim(key): Promise<HeldClaim | RefusedClaim> {
      if (held.has(key)) return { claimed: false, holder: 'another worker' };
      held.add(key);
      return { claimed: true, id: key };
    },
    async release(claim) {
      held.delete(claim.id);
    },
  };
  const unregistered: UnregisteredTokens = {
    find: async (token) => marks.get(token),
    mark: async (token, mark) => void marks.set(token, { ...mark, markedAt: new Date(0) }),
  };
  const delivery = new NotificationDelivery({
    push: {
      send: async (m) => {
        const fail = answers.push.shift();
        if (fail) return fail();
        pushes.push(m);
        return { providerMessageId: `fcm-${pushes.length}` };
      },
    },
    sms: {
      send: async (m) => {
        const fail = answers.sms.shift();
        if (fail) return fail();
        sms.push(m);
        return { providerMessageId: `SM${sms.length}` };
      },
    },
    pushLimit: new TokenBucket({ ratePerSecond: 1000 }),
    smsLimit: new TokenBucket({ ratePerSecond: 1000 }),
    sent: {
      has: async (key) => inbox.effects(NOTIFICATIONS_SENT_COLLECTION).some((d) => d.inboxKey === key),
    },
    claims,
    unregistered,
    contacts: { find: async (orderId) => contacts.get(orderId) },
    workerId: 'w-test',
    claimTtlMs: 1_000,
    contactRetryMs: 750,
  });
  const ctx = <T>(
    queue: string,
    type: string,
    messageId: string,
    event: T,
    attempt = 1,
  ): MessageContext<T> => ({
    event,
    type,
    messageId,
    headers: {},
    routingKey: type,
    attempt,
    redelivered: false,
    queue,
    signal: new AbortController().signal,
    inbox: {
      key: `${queue}:${messageId}`,
      recordWith: (collection, doc) => inbox.recordWith(collection, `${queue}:${messageId}`, doc),
    },
  });
  return { delivery, inbox, pushes, sms, answers, marks, contacts, held, ctx };
}

describe('NotificationDelivery', () => {
  it('pushes order.placed to the token in the event, with the inbox key as notificationId, and records it', async () => {
    const t = setup();
    const placed = exampleOrderPlaced({ orderId: 'o-1', customerPushToken: 'device-0001' });
    const result = await t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-1', placed));
    expect(result).toBeUndefined();
    expect(t.pushes).toEqual([
      {
        token: 'device-0001',
        title: 'Order placed',
        body: 'Your order o-1 for 9.00 EUR is placed.',
        data: { kind: 'order.placed', orderId: 'o-1', notificationId: 'notifications.push:e-1' },
      },
    ]);
    expect(t.inbox.effects(NOTIFICATIONS_SENT_COLLECTION)).toEqual([
      expect.objectContaining({
        notificationId: 'notifications.push:e-1',
        status: 'sent',
        template: 'order-placed',
        providerMessageId: 'fcm-1',
        recipient: 'device…001',
        worker: 'w-test',
      }),
    ]);
    expect(t.held.size).toBe(0); // the claim is let go
  });

  it('sends nothing for an event already recorded', async () => {
    const t = setup();
    const placed = exampleOrderPlaced({ orderId: 'o-1', customerPushToken: 'device-1' });
    await t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-1', placed));
    await t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-1', placed, 2));
    expect(t.pushes).toHaveLength(1);
  });

  it('records an order without a push token or phone number as skipped', async () => {
    const t = setup();
    await t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-2', exampleOrderPlaced()));
    t.contacts.set('o-1', { orderId: 'o-1', customerId: 'c-1' });
    await t.delivery.sendSms(
      t.ctx('notifications.sms', 'order.shipped', 'e-3', {
        orderId: 'o-1',
        carrier: 'DHL',
        trackingNumber: 'T',
      }),
    );
    expect(t.pushes).toEqual([]);
    expect(t.sms).toEqual([]);
    expect(t.inbox.effects(NOTIFICATIONS_SENT_COLLECTION).map((d) => [d.status, d.skipReason])).toEqual([
      ['skipped', 'no-push-token'],
      ['skipped', 'no-phone'],
    ]);
  });

  it('retries an event about an order whose contact is not recorded yet', async () => {
    const t = setup();
    const result = await t.delivery.sendSms(
      t.ctx('notifications.sms', 'payment.failed', 'e-4', {
        paymentId: 'p',
        orderId: 'o-9',
        reason: 'declined',
      }),
    );
    expect(result).toBeInstanceOf(Retry);
    expect((result as Retry).delayMs).toBe(750);
  });

  it('keeps contacts from order.placed, and sends the SMS of a later event to that number', async () => {
    const t = setup();
    const placed = exampleOrderPlaced({ orderId: 'o-5', customerPhone: '+4915112345678' });
    await t.delivery.recordContact(t.ctx('notifications.contacts', 'order.placed', 'e-5', placed));
    expect(t.inbox.effects(ORDER_CONTACTS_COLLECTION)).toEqual([
      expect.objectContaining({ _id: 'o-5', orderId: 'o-5', customerId: 'c-1', phone: '+4915112345678' }),
    ]);
    t.contacts.set('o-5', { orderId: 'o-5', customerId: 'c-1', phone: '+4915112345678' });
    await t.delivery.sendSms(
      t.ctx('notifications.sms', 'order.shipped', 'e-6', {
        orderId: 'o-5',
        carrier: 'DHL',
        trackingNumber: 'T',
      }),
    );
    expect(t.sms).toEqual([
      { to: '+4915112345678', body: 'Your order o-5 has shipped with DHL, tracking number T.' },
    ]);
  });

  it('turns a transient error into a Retry no sooner than Retry-After, and lets the claim go', async () => {
    const t = setup();
    t.answers.push.push(async () => {
      throw new TransientProviderError('fcm', 'UNAVAILABLE', 503, 'down', 4000);
    });
    const placed = exampleOrderPlaced({ customerPushToken: 'device-1' });
    const result = await t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-7', placed));
    expect(result).toBeInstanceOf(Retry);
    expect(result).toMatchObject({ delayMs: 4000 });
    expect((result as Retry).reason).toContain('UNAVAILABLE');
    expect(t.held.size).toBe(0);
    expect(t.inbox.effects(NOTIFICATIONS_SENT_COLLECTION)).toEqual([]);
  });

  it('dead-letters a permanent error with the code, marks an UNREGISTERED token and never calls for it again', async () => {
    const t = setup();
    t.answers.push.push(async () => {
      throw new PermanentProviderError('fcm', 'UNREGISTERED', 404, 'gone', true);
    });
    const placed = exampleOrderPlaced({ orderId: 'o-1', customerPushToken: 'unregistered-1' });
    const first = await t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-8', placed));
    expect(first).toBeInstanceOf(DeadLetter);
    expect(first).toMatchObject({ reason: 'fcm:UNREGISTERED', error: { providerCode: 'UNREGISTERED' } });
    expect(t.marks.get('unregistered-1')).toMatchObject({ providerCode: 'UNREGISTERED', eventId: 'e-8' });
    t.contacts.set('o-1', { orderId: 'o-1', customerId: 'c-1', pushToken: 'unregistered-1' });
    const captured = { paymentId: 'p', orderId: 'o-1', amount: '1.00', currency: 'EUR' };
    const later = await t.delivery.sendPush(t.ctx('notifications.push', 'payment.captured', 'e-9', captured));
    expect(later).toMatchObject({ reason: 'unregistered', error: { name: 'UnregisteredRecipientError' } });
    expect(t.pushes).toEqual([]);
  });

  it('dead-letters 21211 without marking anything', async () => {
    const t = setup();
    t.answers.sms.push(async () => {
      throw new PermanentProviderError('twilio', '21211', 400, 'invalid', true);
    });
    t.contacts.set('o-1', { orderId: 'o-1', customerId: 'c-1', phone: '+15550000001' });
    const result = await t.delivery.sendSms(
      t.ctx('notifications.sms', 'order.shipped', 'e-10', {
        orderId: 'o-1',
        carrier: 'DHL',
        trackingNumber: 'T',
      }),
    );
    expect(result).toMatchObject({ reason: 'twilio:21211' });
    expect(t.marks.size).toBe(0);
  });

  it('waits while another delivery holds the claim, and sends nothing once that one recorded it', async () => {
    const t = setup();
    t.held.add('notifications.push:e-11');
    const placed = exampleOrderPlaced({ customerPushToken: 'device-1' });
    const waiting = t.delivery.sendPush(t.ctx('notifications.push', 'order.placed', 'e-11', placed));
    await t.inbox.recordWith(NOTIFICATIONS_SENT_COLLECTION, 'notifications.push:e-11', { status: 'sent' });
    await expect(waiting).resolves.toBeUndefined();
    expect(t.pushes).toEqual([]);
  });
});
