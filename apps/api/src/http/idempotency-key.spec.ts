import { InvalidRequestError } from '../errors/invalid-request.error';
import { orderIdForKey, parseIdempotencyKey } from './idempotency-key';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('orderIdForKey', () => {
  it('gives the same UUID for the same key, and different ones for different keys', () => {
    expect(orderIdForKey('checkout-1')).toMatch(UUID);
    expect(orderIdForKey('checkout-1')).toBe(orderIdForKey('checkout-1'));
    expect(orderIdForKey('checkout-2')).not.toBe(orderIdForKey('checkout-1'));
  });
});

describe('parseIdempotencyKey', () => {
  it('passes a visible ASCII key through, and nothing without the header', () => {
    expect(parseIdempotencyKey('a1:b2/c3')).toBe('a1:b2/c3');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['', 'with space', 'x'.repeat(256), 'naïve'])('refuses %j naming Idempotency-Key', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(InvalidRequestError);
    expect(() => parseIdempotencyKey(key)).toThrow(/Idempotency-Key/);
  });
});
