import { pickRetryTier } from './retry-ladder';

describe('pickRetryTier: which delay tier a failed attempt waits in', () => {
  const tiers = ['1s', '10s', '1m'];

  it('climbs one tier per failure and stays on the last', () => {
    expect([1, 2, 3, 4, 9].map((failures) => pickRetryTier(tiers, failures))).toEqual([
      '1s',
      '10s',
      '1m',
      '1m',
      '1m',
    ]);
  });

  it('honours a Retry delay with the first tier at least that long, else the longest', () => {
    expect(pickRetryTier(tiers, 1, 5_000)).toBe('10s');
    expect(pickRetryTier(tiers, 1, 10_000)).toBe('10s');
    expect(pickRetryTier(tiers, 1, 3_600_000)).toBe('1m');
  });

  it('refuses a policy without tiers', () => {
    expect(() => pickRetryTier([], 1)).toThrow(RangeError);
  });
});
