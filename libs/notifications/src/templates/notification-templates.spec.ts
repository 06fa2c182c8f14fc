import { exampleOrderPlaced } from '@switchyard/examples';
import { MAX_SMS_REASON_LENGTH, PUSH_TEMPLATES, SMS_TEMPLATES } from './notification-templates';

describe('notification templates', () => {
  it('have one push template per push event and one SMS template per SMS event (the issue)', () => {
    expect(Object.keys(PUSH_TEMPLATES).sort()).toEqual(['order.placed', 'payment.captured']);
    expect(Object.keys(SMS_TEMPLATES).sort()).toEqual(['order.shipped', 'payment.failed']);
  });

  it('render order.placed from the event: order id, total and currency, data as strings', () => {
    const content = PUSH_TEMPLATES['order.placed'].render(
      exampleOrderPlaced({ orderId: 'o-42', total: '19.99', currency: 'EUR' }),
    );
    expect(content).toEqual({
      title: 'Order placed',
      body: 'Your order o-42 for 19.99 EUR is placed.',
      data: { kind: 'order.placed', orderId: 'o-42' },
    });
  });

  it('render payment.captured with the amount and the payment id', () => {
    const content = PUSH_TEMPLATES['payment.captured'].render({
      paymentId: 'p-7',
      orderId: 'o-42',
      amount: '5.00',
      currency: 'USD',
    });
    expect(content.title).toBe('Payment received');
    expect(content.body).toBe('We received 5.00 USD for order o-42.');
    expect(content.data).toEqual({ kind: 'payment.captured', orderId: 'o-42', paymentId: 'p-7' });
    expect(Object.values(content.data).every((v) => typeof v === 'string')).toBe(true);
  });

  it('render order.shipped with the carrier and the tracking number', () => {
    expect(
      SMS_TEMPLATES['order.shipped'].render({ orderId: 'o-1', carrier: 'DHL', trackingNumber: 'JJD0001' })
        .body,
    ).toBe('Your order o-1 has shipped with DHL, tracking number JJD0001.');
  });

  it('render payment.failed with the reason on one line, cut to a bounded length', () => {
    const short = SMS_TEMPLATES['payment.failed'].render({
      paymentId: 'p-1',
      orderId: 'o-1',
      reason: 'card\n declined',
    });
    expect(short.body).toBe(
      'The payment for your order o-1 failed (card declined). Please check your payment details.',
    );
    const long = SMS_TEMPLATES['payment.failed'].render({
      paymentId: 'p-1',
      orderId: 'o-1',
      reason: 'x'.repeat(500),
    });
    const quoted = /\((.*)\)/.exec(long.body)![1]!;
    expect(quoted).toHaveLength(MAX_SMS_REASON_LENGTH);
    expect(quoted.endsWith('…')).toBe(true);
  });
});
