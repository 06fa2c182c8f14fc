/** An error the CLI reports as one line on stderr with a non-zero exit code (no stack trace). */
export class CliError extends Error {
  readonly code = 'SWITCHYARD_CLI';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
