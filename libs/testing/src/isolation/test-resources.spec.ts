import { TestEnvironmentError } from '../errors/test-environment.error';
import { registerTestResources, type TestResourcePart } from './test-resources';

/** A part that records what happened to it, and fails on demand. */
function fakePart(resource: string, log: string[], fail: { create?: string; remove?: string } = {}) {
  let n = 0;
  const part: TestResourcePart<string> = {
    resource,
    create: async () => {
      if (fail.create) throw new Error(fail.create);
      const name = `${resource}-${++n}`;
      log.push(`create ${name}`);
      return name;
    },
    remove: async (name) => {
      if (fail.remove) throw new Error(fail.remove);
      log.push(`remove ${name}`);
    },
    nameOf: (name) => name,
  };
  return part;
}

/** Registers the parts with captured hooks, so the test runs them itself. */
function register(parts: TestResourcePart<string>[]) {
  const hooks: { setup?: () => Promise<void>; teardown?: () => Promise<void> } = {};
  const resources = registerTestResources("useTestEnvironment('t')", 'file', parts, {
    setup: (fn) => (hooks.setup = fn),
    teardown: (fn) => (hooks.teardown = fn),
  });
  return { resources, setup: () => hooks.setup!(), teardown: () => hooks.teardown!() };
}

describe('registerTestResources (what useTestEnvironment and friends build on)', () => {
  it('creates every part before and removes each after; reading outside that fails clearly', async () => {
    const log: string[] = [];
    const vhost = fakePart('vhost', log);
    const database = fakePart('database', log);
    const { resources, setup, teardown } = register([vhost, database]);
    expect(() => resources.get(vhost)).toThrow(/the vhost exists only inside tests \(between beforeAll/);
    await setup();
    expect([resources.get(vhost), resources.get(database)]).toEqual(['vhost-1', 'database-1']);
    await teardown();
    expect(log.sort()).toEqual([
      'create database-1',
      'create vhost-1',
      'remove database-1',
      'remove vhost-1',
    ]);
    const err = (() => {
      try {
        resources.get(database);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TestEnvironmentError);
    expect(err).toMatchObject({ phase: 'access', code: 'SWITCHYARD_TEST_ENVIRONMENT' });
  });

  it('when one part cannot be created, removes the other at once and says what failed and what it removed', async () => {
    const log: string[] = [];
    const vhost = fakePart('vhost', log, { create: 'connect ECONNREFUSED 127.0.0.1:15672' });
    const database = fakePart('database', log);
    const { resources, setup, teardown } = register([vhost, database]);
    const err = await setup().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TestEnvironmentError);
    expect((err as Error).message).toBe(
      "useTestEnvironment('t'): could not create the vhost (connect ECONNREFUSED 127.0.0.1:15672); " +
        'removed again: the database database-1',
    );
    expect(err).toMatchObject({ phase: 'setup', removed: ['the database database-1'] });
    expect(log).toEqual(['create database-1', 'remove database-1']);
    expect(() => resources.get(database)).toThrow(TestEnvironmentError);
    // The teardown that Jest still runs has nothing left to remove
    await teardown();
    expect(log).toEqual(['create database-1', 'remove database-1']);
  });

  it('removes what it can and reports what it could not, so a leftover is never silent', async () => {
    const log: string[] = [];
    const vhost = fakePart('vhost', log, { remove: 'management API answered 500' });
    const database = fakePart('database', log);
    const { setup, teardown } = register([vhost, database]);
    await setup();
    const err = await teardown().catch((e: unknown) => e);
    expect(err).toMatchObject({ phase: 'teardown', removed: ['the database database-1'] });
    expect((err as Error).message).toContain(
      'could not remove the vhost vhost-1 (management API answered 500)',
    );
    expect(log).toContain('remove database-1');
  });
});
