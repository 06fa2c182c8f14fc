import { ProjectionSpec, type GivenEvent } from '@switchyard/testing';
import { exampleOrderPlaced } from '../contracts/orders/order-placed.example';
import { customerOrdersProjection } from './customer-orders.projection';
import { merchantDailyTotalsProjection } from './merchant-daily-totals.projection';
import { addMoney } from './money';
import { OrderSummaryProjection, type OrderNotice } from './order-summary.projection';

const at = (iso: string) => new Date(iso);
const placed = (
  orderId: string,
  over: object = {},
  committedAt = at('2024-05-01T10:00:00Z'),
): GivenEvent => ({
  type: 'order.placed',
  data: exampleOrderPlaced({ orderId, ...over }),
  stream: `order-${orderId}`,
  committedAt,
});
const later = (
  type: string,
  orderId: string,
  data: object = {},
  committedAt = at('2024-05-01T11:00:00Z'),
) => ({
  type,
  data: { orderId, ...data },
  stream: type.startsWith('payment') ? `payment-${orderId}` : `order-${orderId}`,
  committedAt,
});

describe('money', () => {
  it('adds decimal strings exactly', () => {
    expect(addMoney('0.10', '0.20')).toBe('0.30');
    expect(addMoney('9.99', '-10')).toBe('-0.01');
    expect(addMoney('1.0005', '2')).toBe('3.0005');
  });
});

describe('order-summary', () => {
  const spec = () =>
    ProjectionSpec.for(new OrderSummaryProjection()).given([
      placed('o-1', { merchantId: 'm-1' }),
      later('order.confirmed', 'o-1', { customerId: 'c-1', total: '9.00', currency: 'EUR' }),
      later('payment.authorized', 'o-1', { paymentId: 'p-1', amount: '9.00', currency: 'EUR' }),
      later('payment.captured', 'o-1', { paymentId: 'p-1', amount: '9.00', currency: 'EUR' }),
      later('payment.failed', 'o-1', { paymentId: 'p-1', reason: 'late' }),
      later('payment.refunded', 'o-1', { paymentId: 'p-1', amount: '2.50', currency: 'EUR' }),
      later('order.shipped', 'o-1', { carrier: 'DHL', trackingNumber: 'T-1' }, at('2024-05-02T08:00:00Z')),
      later('payment.authorized', 'o-2', { paymentId: 'p-2', amount: '1.00', currency: 'EUR' }),
    ]);

  it('keeps status, totals, lines and payment state per order, whatever order the events come in', async () => {
    await spec().then({
      'o-1': {
        orderId: 'o-1',
        status: 'shipped',
        customerId: 'c-1',
        merchantId: 'm-1',
        total: '9.00',
        currency: 'EUR',
        lines: 1,
        items: 2,
        placedAt: at('2024-05-01T10:00:00Z'),
        payment: 'refunded',
        paid: '6.50',
        trackingNumber: 'T-1',
        updatedAt: at('2024-05-02T08:00:00Z'),
      },
      // a payment ahead of its order still lands
      'o-2': {
        orderId: 'o-2',
        status: 'unknown',
        lines: 0,
        items: 0,
        payment: 'authorized',
        paid: '0.00',
        updatedAt: at('2024-05-01T11:00:00Z'),
      },
    });
  });

  it('gives the same documents when every page is replayed twice', async () => {
    await spec().expectIdempotent();
  });

  it('sends a shipped notice from its side-effect hook', async () => {
    const sent: OrderNotice[] = [];
    const projection = new OrderSummaryProjection({ send: async (n) => void sent.push(n) });
    await projection.notify({
      ...later('order.shipped', 'o-1', { carrier: 'DHL', trackingNumber: 'T-9' }),
      eventId: 'e-9',
    } as never);
    expect(sent).toEqual([{ kind: 'shipped', orderId: 'o-1', eventId: 'e-9', trackingNumber: 'T-9' }]);
  });
});

describe('customer-orders', () => {
  const facts = { customerId: 'c-1', total: '9.00', currency: 'EUR' };
  const spec = () =>
    ProjectionSpec.for(customerOrdersProjection).given([
      placed('o-1'),
      placed('o-2'),
      placed('o-3', { customerId: 'c-2' }),
      later('order.confirmed', 'o-1', facts),
      later('order.cancelled', 'o-2', { ...facts, reason: 'changed mind' }),
      // an old event without the customer touches nothing
      later('order.shipped', 'o-1', { carrier: 'DHL', trackingNumber: 'T' }),
    ]);

  it("lists each customer's orders with their status, across order streams", async () => {
    await spec().then({
      'c-1': {
        customerId: 'c-1',
        orders: [
          { orderId: 'o-1', status: 'confirmed' },
          { orderId: 'o-2', status: 'cancelled' },
        ],
        count: 2,
      },
      'c-2': { customerId: 'c-2', orders: [{ orderId: 'o-3', status: 'placed' }], count: 1 },
    });
    await spec().expectIdempotent();
  });
});

describe('merchant-daily-totals', () => {
  const day1 = at('2024-05-01T23:59:59Z');
  const day2 = at('2024-05-02T00:00:01Z');
  const facts = (total: string, currency = 'EUR') => ({ merchantId: 'm-1', total, currency });
  const spec = () =>
    ProjectionSpec.for(merchantDailyTotalsProjection).given([
      placed('o-1', { merchantId: 'm-1', total: '0.10' }, day1),
      placed('o-2', { merchantId: 'm-1', total: '0.20' }, day1),
      placed('o-3', { merchantId: 'm-1', total: '5.00', currency: 'USD' }, day1),
      placed('o-4', { total: '1.00' }, day1),
      later('order.confirmed', 'o-1', facts('0.10'), day2),
      later('order.cancelled', 'o-2', { ...facts('0.20'), reason: 'x' }, day2),
      later('order.confirmed', 'o-3', {}, day2), // an old event without the amount
    ]);

  it('sums per merchant, UTC day and currency, exactly', async () => {
    const zero = { ordersConfirmed: 0, amountConfirmed: '0.00', ordersCancelled: 0, amountCancelled: '0.00' };
    await spec().then({
      'm-1|2024-05-01|EUR': {
        merchantId: 'm-1',
        day: '2024-05-01',
        currency: 'EUR',
        ordersPlaced: 2,
        amountPlaced: '0.30',
        ...zero,
      },
      'm-1|2024-05-01|USD': {
        merchantId: 'm-1',
        day: '2024-05-01',
        currency: 'USD',
        ordersPlaced: 1,
        amountPlaced: '5.00',
        ...zero,
      },
      'unassigned|2024-05-01|EUR': {
        merchantId: 'unassigned',
        day: '2024-05-01',
        currency: 'EUR',
        ordersPlaced: 1,
        amountPlaced: '1.00',
        ...zero,
      },
      'm-1|2024-05-02|EUR': {
        merchantId: 'm-1',
        day: '2024-05-02',
        currency: 'EUR',
        ordersPlaced: 0,
        amountPlaced: '0.00',
        ordersConfirmed: 1,
        amountConfirmed: '0.10',
        ordersCancelled: 1,
        amountCancelled: '0.20',
      },
    });
    await spec().expectIdempotent();
  });
});
