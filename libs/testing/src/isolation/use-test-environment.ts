import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestVhost, type TestVhost } from './test-vhost';

/** The vhost and database of one test file, valid between its `beforeAll` and `afterAll`. */
export interface TestEnvironment {
  readonly vhost: TestVhost;
  readonly database: TestDatabase;
  /** The vhost's AMQP URL. */
  readonly amqpUrl: string;
  /** The MongoDB URL (the database is `database.name`). */
  readonly mongoUrl: string;
}

/**
 * Registers Jest hooks that give the test file a fresh vhost and database (`beforeAll`) and delete both
 * (`afterAll`, also when a test failed). Call it at the top of a `describe`; read the returned object in
 * the tests, not before they run.
 *
 * ```ts
 * const env = useTestEnvironment('orders');
 * it('...', async () => { const store = getMongoEventStore(env.database.db, registry); ... });
 * ```
 */
export function useTestEnvironment(label?: string): TestEnvironment {
  let vhost: TestVhost | undefined;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    [vhost, database] = await Promise.all([createTestVhost(label), createTestDatabase(label)]);
  });
  afterAll(async () => {
    await Promise.allSettled([vhost?.delete(), database?.drop()]);
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useTestEnvironment: the ${what} exists only inside tests (after beforeAll)`);
    return value;
  };
  return {
    get vhost() {
      return need(vhost, 'vhost');
    },
    get database() {
      return need(database, 'database');
    },
    get amqpUrl() {
      return need(vhost, 'vhost').amqpUrl;
    },
    get mongoUrl() {
      return need(database, 'database').mongoUrl;
    },
  };
}
