import type { ExpectedRevision } from './event-store.types';

/** Whether a stream at `actual` (undefined: no stream) satisfies the expected revision. */
export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'noStream':
      return actual === undefined;
    case 'streamExists':
      return actual !== undefined;
    default:
      return actual === expected;
  }
}

/** Whether the value is a valid `ExpectedRevision`. */
export function isValidExpectedRevision(expected: unknown): expected is ExpectedRevision {
  return (
    expected === 'any' ||
    expected === 'noStream' ||
    expected === 'streamExists' ||
    (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0)
  );
}
