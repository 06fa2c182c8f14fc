/** The demo could not set itself up (broker, database, an app that would not start). */
export class DemoSetupError extends Error {
  readonly code = 'SWITCHYARD_DEMO_SETUP';
  constructor(message: string) {
    super(message);
    this.name = 'DemoSetupError';
  }
}

export function isDemoSetupError(err: unknown): err is DemoSetupError {
  return err instanceof DemoSetupError;
}
