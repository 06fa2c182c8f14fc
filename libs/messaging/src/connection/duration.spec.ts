import { requireDuration } from './duration';
import { InvalidDurationError } from './errors/invalid-duration.error';

describe('requireDuration', () => {
  it('reads ms, s, m and h', () => {
    expect(['250ms', '10s', '1m', '2h', ' 5s '].map(requireDuration)).toEqual([
      250, 10_000, 60_000, 7_200_000, 5000,
    ]);
  });

  it('names the bad value, with the same grammar as topology validation', () => {
    expect(() => requireDuration('10 minutes')).toThrow(InvalidDurationError);
    expect(() => requireDuration('10 minutes')).toThrow(/"10 minutes"/);
    expect(() => requireDuration('1.5s')).toThrow(InvalidDurationError);
  });
});
