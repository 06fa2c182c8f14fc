/** Base of every contracts error: a stable `code`, `name` set to the class name. */
export abstract class ContractError extends Error {
  abstract readonly code: string;
  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isContractError(err: unknown): err is ContractError {
  return err instanceof ContractError;
}
