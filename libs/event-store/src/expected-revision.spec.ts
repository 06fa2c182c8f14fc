import { isValidExpectedRevision, satisfiesExpectedRevision } from './expected-revision';

describe('expected revision', () => {
  it.each([
    ['any', undefined, true],
    ['any', 7, true],
    ['noStream', undefined, true],
    ['noStream', 0, false],
    ['streamExists', undefined, false],
    ['streamExists', 0, true],
    [3, 3, true],
    [3, 4, false],
    [0, undefined, false],
  ] as const)('%s against actual %s → %s', (expected, actual, ok) => {
    expect(satisfiesExpectedRevision(expected, actual)).toBe(ok);
  });

  it('accepts only the four forms, with a non-negative integer revision', () => {
    for (const good of ['any', 'noStream', 'streamExists', 0, 42])
      expect(isValidExpectedRevision(good)).toBe(true);
    for (const bad of ['exists', -1, 1.5, Number.NaN, '3', null, undefined]) {
      expect(isValidExpectedRevision(bad)).toBe(false);
    }
  });
});
