import { randomBytes } from 'node:crypto';

/** Prefix of every vhost and database a test creates, so leftovers are easy to find and sweep. */
export const TEST_RESOURCE_PREFIX = 'sy_test_';

/** A unique, readable name for one test file's resources, e.g. `sy_test_orders_3f9a1c`. */
export function uniqueTestName(label = 'file'): string {
  const clean = label
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .slice(0, 30)
    .toLowerCase();
  return `${TEST_RESOURCE_PREFIX}${clean}_${process.pid}_${randomBytes(3).toString('hex')}`;
}
