import { TestEnvironmentError, type TestResourceFailure } from '../errors/test-environment.error';

/** Whether a test environment lives for the whole file or is made fresh for each test. */
export type TestEnvironmentScope = 'file' | 'test';

/** One part of a test environment: how to create it, remove it and name it in errors. */
export interface TestResourcePart<T> {
  /** `vhost` or `database`, for messages. */
  readonly resource: string;
  create(): Promise<T>;
  remove(value: T): Promise<void>;
  nameOf(value: T): string;
}

/** Where the hooks go: Jest's own, unless a test of this helper passes its own. */
export interface TestResourceHooks {
  readonly setup: (fn: () => Promise<void>) => void;
  readonly teardown: (fn: () => Promise<void>) => void;
}

/** The parts' current values, read through `get` (which fails clearly outside a test). */
export interface TestResources {
  get<T>(part: TestResourcePart<T>): T;
}

/**
 * Registers the Jest hooks that create `parts` side by side before the file (`beforeAll`) or each test
 * (`beforeEach`) and remove them after (`afterAll` / `afterEach`), also when a test failed.
 *
 * - A part that fails to be created: the others that were created are removed again at once, and the
 *   hook fails with a {@link TestEnvironmentError} naming what failed, why, and what was removed.
 * - Removal tries every part; any that fails is reported in one error after the others were removed, so
 *   a leftover is never silent.
 */
export function registerTestResources(
  caller: string,
  scope: TestEnvironmentScope,
  parts: readonly TestResourcePart<unknown>[],
  hooks: TestResourceHooks = jestHooks(scope),
): TestResources {
  const values = new Map<TestResourcePart<unknown>, unknown>();
  const { setup, teardown } = hooks;

  const removeAll = async (): Promise<{ removed: string[]; failures: TestResourceFailure[] }> => {
    const created = [...values.entries()];
    values.clear();
    const results = await Promise.allSettled(created.map(([part, value]) => part.remove(value)));
    const removed: string[] = [];
    const failures: TestResourceFailure[] = [];
    results.forEach((result, i) => {
      const [part, value] = created[i]!;
      const name = part.nameOf(value);
      if (result.status === 'fulfilled') removed.push(`the ${part.resource} ${name}`);
      else failures.push({ resource: part.resource, name, cause: result.reason });
    });
    return { removed, failures };
  };

  setup(async () => {
    // A previous test's teardown may have failed half-way: never carry a stale part over.
    values.clear();
    const results = await Promise.allSettled(parts.map((part) => part.create()));
    const failures: TestResourceFailure[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') values.set(parts[i]!, result.value);
      else failures.push({ resource: parts[i]!.resource, cause: result.reason });
    });
    if (failures.length === 0) return;
    const cleanup = await removeAll();
    const removedText = cleanup.removed.length > 0 ? `; removed again: ${cleanup.removed.join(', ')}` : '';
    const leftText =
      cleanup.failures.length > 0 ? `; could not remove again: ${describeFailures(cleanup.failures)}` : '';
    throw new TestEnvironmentError(
      `${caller}: could not create ${describeFailures(failures)}${removedText}${leftText}`,
      'setup',
      [...failures, ...cleanup.failures],
      cleanup.removed,
    );
  });

  teardown(async () => {
    const { removed, failures } = await removeAll();
    if (failures.length > 0)
      throw new TestEnvironmentError(
        `${caller}: could not remove ${describeFailures(failures)} (left behind; names start with sy_test_)`,
        'teardown',
        failures,
        removed,
      );
  });

  const hookNames = scope === 'test' ? 'beforeEach and afterEach' : 'beforeAll and afterAll';
  return {
    get<T>(part: TestResourcePart<T>): T {
      if (!values.has(part as TestResourcePart<unknown>))
        throw new TestEnvironmentError(
          `${caller}: the ${part.resource} exists only inside tests (between ${hookNames}); read it in a ` +
            'test or a hook, not while the file is being collected',
          'access',
        );
      return values.get(part as TestResourcePart<unknown>) as T;
    },
  };
}

function jestHooks(scope: TestEnvironmentScope): TestResourceHooks {
  return scope === 'test'
    ? { setup: (fn) => beforeEach(fn), teardown: (fn) => afterEach(fn) }
    : { setup: (fn) => beforeAll(fn), teardown: (fn) => afterAll(fn) };
}

function describeFailures(failures: readonly TestResourceFailure[]): string {
  return failures
    .map((f) => `the ${f.resource}${f.name ? ` ${f.name}` : ''} (${describeCause(f.cause)})`)
    .join(' and ');
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
