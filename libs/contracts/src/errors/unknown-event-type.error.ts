import { ContractError } from './contract-error';

/** No contract is registered for this event type. */
export class UnknownEventTypeError extends ContractError {
  readonly code = 'SWITCHYARD_UNKNOWN_EVENT_TYPE';
  constructor(
    readonly type: string,
    readonly version?: number,
  ) {
    super(`unknown event type "${type}"${version === undefined ? '' : ` (version ${version})`}`);
  }
}

export function isUnknownEventTypeError(err: unknown): err is UnknownEventTypeError {
  return err instanceof UnknownEventTypeError;
}
