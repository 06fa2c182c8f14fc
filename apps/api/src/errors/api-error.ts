/** Base of the API's own errors: a stable `code`, `name` set to the class name. */
export abstract class ApiError extends Error {
  abstract readonly code: string;
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
