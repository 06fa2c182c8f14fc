/** Base of projection errors: a stable `code`, `name` set to the class name. */
export abstract class ProjectionError extends Error {
  abstract readonly code: string;
  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
