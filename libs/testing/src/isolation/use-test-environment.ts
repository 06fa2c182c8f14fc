import { createTestDatabase, type TestDatabase } from './test-database';
import { registerTestResources, type TestEnvironmentScope, type TestResourcePart } from './test-resources';
import { createTestVhost, type TestVhost } from './test-vhost';

/** A vhost the hooks create and delete: read it inside tests; there is no `delete()` to call. */
export type ManagedTestVhost = Omit<TestVhost, 'delete'>;

/** A database the hooks create and drop: read it inside tests; there is no `drop()` to call. */
export type ManagedTestDatabase = Omit<TestDatabase, 'drop'>;

/** The vhost and database of one test file (or one test), valid inside its tests and hooks. */
export interface TestEnvironment {
  readonly vhost: ManagedTestVhost;
  readonly database: ManagedTestDatabase;
  /** The vhost's AMQP URL. */
  readonly amqpUrl: string;
  /** The MongoDB URL (the database is `database.name`). */
  readonly mongoUrl: string;
}

export interface TestEnvironmentOptions {
  /**
   * `'file'`: created once before the file's tests (`beforeAll`) and removed after them (`afterAll`);
   * `'test'`: a fresh one for each test (`beforeEach` / `afterEach`). @default 'file'
   */
  readonly per?: TestEnvironmentScope;
}

/**
 * Registers Jest hooks that give the test file a fresh vhost and database and remove both afterwards,
 * also when a test failed. Read the returned object inside tests and hooks, not while the file is being
 * collected.
 *
 * - Call it at the top of the file, outside your `describe`: Jest runs after-hooks in the order they
 *   were declared, and an outer block's after its inner blocks', so your own `afterAll`/`afterEach`
 *   (stopping runtimes, closing connections) then run before the vhost and database go. (Your
 *   `afterEach` hooks always run before a per-file environment goes.)
 * - If one of the two cannot be created, the other is removed again at once and the hook fails with a
 *   `TestEnvironmentError` naming what failed and why; a removal that fails is reported the same way.
 *
 * ```ts
 * const env = useTestEnvironment('orders');
 * describe('orders', () => {
 *   it('...', async () => { const store = getMongoEventStore(env.database.db, registry); ... });
 * });
 * ```
 */
export function useTestEnvironment(label?: string, options: TestEnvironmentOptions = {}): TestEnvironment {
  const vhost = vhostPart(label);
  const database = databasePart(label);
  const resources = registerTestResources(caller('useTestEnvironment', label), options.per ?? 'file', [
    vhost,
    database,
  ]);
  const managedVhost = managedVhostOf(() => resources.get(vhost));
  const managedDatabase = managedDatabaseOf(() => resources.get(database));
  return {
    vhost: managedVhost,
    database: managedDatabase,
    get amqpUrl() {
      return managedVhost.amqpUrl;
    },
    get mongoUrl() {
      return managedDatabase.mongoUrl;
    },
  };
}

/**
 * Like {@link useTestEnvironment} for a file that needs only a broker: a fresh vhost (`vhost.amqpUrl`,
 * `vhost.management`). Call it once per vhost the file needs.
 */
export function useTestVhost(label?: string, options: TestEnvironmentOptions = {}): ManagedTestVhost {
  const part = vhostPart(label);
  const resources = registerTestResources(caller('useTestVhost', label), options.per ?? 'file', [part]);
  return managedVhostOf(() => resources.get(part));
}

/** Like {@link useTestEnvironment} for a file that needs only a database (`database.db`). */
export function useTestDatabase(label?: string, options: TestEnvironmentOptions = {}): ManagedTestDatabase {
  const part = databasePart(label);
  const resources = registerTestResources(caller('useTestDatabase', label), options.per ?? 'file', [part]);
  return managedDatabaseOf(() => resources.get(part));
}

function caller(name: string, label: string | undefined): string {
  return label === undefined ? `${name}()` : `${name}('${label}')`;
}

function vhostPart(label: string | undefined): TestResourcePart<TestVhost> {
  return part(
    'vhost',
    () => createTestVhost(label),
    (v) => v.delete(),
  );
}

function databasePart(label: string | undefined): TestResourcePart<TestDatabase> {
  return part(
    'database',
    () => createTestDatabase(label),
    (d) => d.drop(),
  );
}

function part<T extends { readonly name: string }>(
  resource: string,
  create: () => Promise<T>,
  remove: (value: T) => Promise<void>,
): TestResourcePart<T> {
  return { resource, create, remove, nameOf: (value) => value.name };
}

function managedVhostOf(current: () => TestVhost): ManagedTestVhost {
  return liveView(current, ['name', 'amqpUrl', 'management']);
}

function managedDatabaseOf(current: () => TestDatabase): ManagedTestDatabase {
  return liveView(current, ['name', 'client', 'db', 'mongoUrl']);
}

/** An object whose `keys` read the current value's, each time (so it follows per-test re-creation). */
function liveView<T extends object, K extends keyof T>(current: () => T, keys: readonly K[]): Pick<T, K> {
  const view = {} as Pick<T, K>;
  for (const key of keys) Object.defineProperty(view, key, { get: () => current()[key], enumerable: true });
  return view;
}
