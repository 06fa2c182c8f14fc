/** When a {@link TestEnvironmentError} happened. */
export type TestEnvironmentPhase = 'setup' | 'teardown' | 'access';

/** One part of a test environment (a vhost or a database) that could not be created or removed. */
export interface TestResourceFailure {
  /** `vhost` or `database`. */
  readonly resource: string;
  /** Its name, when it had one (it was created). */
  readonly name?: string;
  readonly cause: unknown;
}

/**
 * A test's vhost or database could not be created or removed, or was read outside a test. On a failed
 * setup the parts that were created have already been removed again (`removed` names them).
 */
export class TestEnvironmentError extends Error {
  readonly code = 'SWITCHYARD_TEST_ENVIRONMENT';
  constructor(
    message: string,
    readonly phase: TestEnvironmentPhase,
    readonly failures: readonly TestResourceFailure[] = [],
    readonly removed: readonly string[] = [],
  ) {
    super(message);
    this.name = 'TestEnvironmentError';
  }
}

export function isTestEnvironmentError(err: unknown): err is TestEnvironmentError {
  return err instanceof TestEnvironmentError;
}
