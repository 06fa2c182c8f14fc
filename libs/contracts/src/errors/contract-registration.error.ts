import { ContractError } from './contract-error';

/** A contract or upcaster could not be registered (not decorated, duplicate, conflicting domain). */
export class ContractRegistrationError extends ContractError {
  readonly code = 'SWITCHYARD_CONTRACT_REGISTRATION';
  constructor(
    readonly type: string,
    readonly reason: string,
  ) {
    super(`cannot register "${type}": ${reason}`);
  }
}

export function isContractRegistrationError(err: unknown): err is ContractRegistrationError {
  return err instanceof ContractRegistrationError;
}
