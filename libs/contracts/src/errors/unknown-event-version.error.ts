import { ContractError } from './contract-error';

/**
 * The type is known but this schema version is not: newer than the current version, or older with no
 * upcaster chain to the current one.
 */
export class UnknownEventVersionError extends ContractError {
  readonly code = 'SWITCHYARD_UNKNOWN_EVENT_VERSION';
  constructor(
    readonly type: string,
    readonly version: number,
    readonly currentVersion: number,
    readonly reason: string,
  ) {
    super(`event "${type}" version ${version} is unknown (current version ${currentVersion}): ${reason}`);
  }
}

export function isUnknownEventVersionError(err: unknown): err is UnknownEventVersionError {
  return err instanceof UnknownEventVersionError;
}
