import { ConfigError } from './errors/config-error';

/**
 * Runs an app's bootstrap and turns configuration and reachability errors into one line on stderr and
 * exit code 1, with no stack trace.
 */
export function runMain(bootstrap: () => Promise<unknown>): void {
  bootstrap().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  });
}
