import { HEADERS } from '../../messaging.constants';
import { deadLetterHeaders, replayHeaders, retryHeaders } from './failure-headers';

const origin = { exchange: 'orders.events', routingKey: 'order.placed', queue: 'notifications.push' };
const published = { [HEADERS.stream]: 'order-1', [HEADERS.revision]: 3, 'x-death': [{ count: 1 }] };

describe('headers of retried, dead-lettered and replayed messages', () => {
  it('a retry copy counts attempts, keeps its origin and event headers, drops the broker bookkeeping', () => {
    expect(retryHeaders(published, 2, origin)).toEqual({
      [HEADERS.stream]: 'order-1',
      [HEADERS.revision]: 3,
      [HEADERS.attempts]: 2,
      [HEADERS.originalExchange]: 'orders.events',
      [HEADERS.originalRoutingKey]: 'order.placed',
      [HEADERS.originalQueue]: 'notifications.push',
    });
  });

  it('a dead letter says why, with the error name, message, the head of the stack and when', () => {
    const error = new RangeError('quantity out of range');
    const h = deadLetterHeaders(published, {
      reason: 'max-attempts',
      error,
      attempts: 5,
      failedAt: new Date('2026-01-02T03:04:05Z'),
      ...origin,
    });
    expect(h).toMatchObject({
      [HEADERS.deathReason]: 'max-attempts',
      [HEADERS.errorName]: 'RangeError',
      [HEADERS.errorMessage]: 'quantity out of range',
      [HEADERS.attempts]: 5,
      [HEADERS.failedAt]: '2026-01-02T03:04:05.000Z',
      [HEADERS.originalQueue]: 'notifications.push',
    });
    const stack = String(h[HEADERS.errorStack]).split('\n');
    expect(stack[0]).toBe('RangeError: quantity out of range');
    expect(stack.length).toBeLessThanOrEqual(5);
  });

  it('a replay resets the attempts and forgets the death, keeping where it goes back to', () => {
    const dead = deadLetterHeaders(published, { reason: 'no-handler', attempts: 1, ...origin });
    const h = replayHeaders(dead);
    expect(h[HEADERS.attempts]).toBe(0);
    expect(h[HEADERS.deathReason]).toBeUndefined();
    expect(h[HEADERS.failedAt]).toBeUndefined();
    expect(h[HEADERS.originalRoutingKey]).toBe('order.placed');
    expect(h[HEADERS.stream]).toBe('order-1');
  });
});
