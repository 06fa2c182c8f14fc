import { reconcilingObservation } from './demo-observation.fixture';
import { expectedDeadLetters, expectedNotifications } from './expected-notifications';
import { fakeNotificationKey } from '@switchyard/notifications';

describe('expectedNotifications', () => {
  const o = reconcilingObservation();
  const expected = expectedNotifications(o.orders, o.storedEvents);
  const summary = expected.map((n) => [n.orderId, n.channel, n.template, n.outcome, n.command]);

  it('expects a push on order.placed and payment.captured and an SMS on order.shipped and payment.failed', () => {
    expect(summary).toEqual(
      expect.arrayContaining([
        ['o-0', 'push', 'order-placed', 'accepted', 'place'],
        ['o-0', 'push', 'payment-captured', 'accepted', 'ship'],
        ['o-0', 'sms', 'order-shipped', 'accepted', 'ship'],
        ['o-3', 'push', 'order-placed', 'accepted', 'place'],
      ]),
    );
    // nothing on order.confirmed, order.cancelled, payment.authorized, payment.refunded
    expect(expected.filter((n) => n.orderId === 'o-2').map((n) => n.template)).toEqual(['order-placed']);
  });

  it('dead-letters an unregistered token (either reason) and a number the fake refuses; skips no token', () => {
    expect(summary).toEqual(
      expect.arrayContaining([
        ['o-1', 'push', 'order-placed', 'dead-letter', 'place'],
        ['o-2', 'push', 'order-placed', 'skipped', 'place'],
        ['o-3', 'sms', 'payment-failed', 'dead-letter', 'place'],
      ]),
    );
    expect(expected).toHaveLength(7);
    expect(expectedDeadLetters(expected)).toEqual([
      {
        queue: 'notifications.push.dlq',
        messageId: 'o-1:order.placed:0',
        reasons: ['fcm:UNREGISTERED', 'unregistered'],
      },
      { queue: 'notifications.sms.dlq', messageId: 'o-3:payment.failed:0', reasons: ['twilio:21211'] },
    ]);
  });

  it('keys each accepted one as the fake does: FCM by the notification id, Twilio by number and text', () => {
    const push = expected.find((n) => n.orderId === 'o-0' && n.template === 'payment-captured')!;
    expect(push.providerKey).toBe('fcm:notifications.push:o-0:payment.captured:0');
    const sms = expected.find((n) => n.orderId === 'o-0' && n.template === 'order-shipped')!;
    expect(sms.providerKey).toBe(
      fakeNotificationKey(
        'twilio',
        '+4915100000000',
        'Your order o-0 has shipped with DHL, tracking number TRK-0.',
        undefined,
        '',
      ),
    );
  });
});
