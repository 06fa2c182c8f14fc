/** Base of configuration errors: a stable `code` and the variable at fault. */
export abstract class ConfigError extends Error {
  abstract readonly code: string;
  protected constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
