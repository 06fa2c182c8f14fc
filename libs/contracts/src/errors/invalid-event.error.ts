import { ContractError } from './contract-error';

/** One failing field: its dotted path (`lines.0.quantity`) and the rules it broke. */
export interface EventFieldFailure {
  readonly field: string;
  readonly constraints: readonly string[];
}

/** Event data broke its contract's validation rules; nothing was stored. */
export class InvalidEventError extends ContractError {
  readonly code = 'SWITCHYARD_INVALID_EVENT';
  constructor(
    readonly type: string,
    readonly version: number,
    readonly failures: readonly EventFieldFailure[],
  ) {
    super(
      `invalid ${type} v${version}: ${failures
        .map((f) => `${f.field} (${f.constraints.join('; ')})`)
        .join(', ')}`,
    );
  }

  /** The dotted paths of the failing fields. */
  get fields(): string[] {
    return this.failures.map((f) => f.field);
  }
}

export function isInvalidEventError(err: unknown): err is InvalidEventError {
  return err instanceof InvalidEventError;
}
