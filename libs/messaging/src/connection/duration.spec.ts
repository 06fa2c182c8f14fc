import { parseDuration } from './duration';
import { InvalidDurationError } from './errors/invalid-duration.error';

describe('parseDuration', () => {
  it('reads ms, s, m and h', () => {
    expect(['250ms', '10s', '1m', '2h', '1.5s'].map(parseDuration)).toEqual([
      250, 10_000, 60_000, 7_200_000, 1500,
    ]);
  });

  it('names the bad value', () => {
    expect(() => parseDuration('10 minutes')).toThrow(InvalidDurationError);
    expect(() => parseDuration('10 minutes')).toThrow(/"10 minutes"/);
  });
});
