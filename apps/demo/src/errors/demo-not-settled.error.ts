/** The system did not become quiet within the bound: `pending` names what never settled. */
export class DemoNotSettledError extends Error {
  readonly code = 'SWITCHYARD_DEMO_NOT_SETTLED';
  constructor(
    readonly timeoutMs: number,
    readonly pending: readonly string[],
  ) {
    super(`not quiet after ${Math.round(timeoutMs / 1000)} s: ${pending.join('; ')}`);
    this.name = 'DemoNotSettledError';
  }
}

export function isDemoNotSettledError(err: unknown): err is DemoNotSettledError {
  return err instanceof DemoNotSettledError;
}
