import type { DestinationStream, LevelWithSilent } from 'pino';

/** Options of `ObservabilityModule.forRoot`: how an app logs. */
export interface ObservabilityModuleOptions {
  /** The app's name, on every line as `app` (e.g. `api`, `payments-service`). */
  readonly app: string;
  /** @default LOG_LEVEL, else 'info' */
  readonly level?: LevelWithSilent;
  /**
   * Human-readable lines (pino-pretty) instead of JSON. @default `LOG_FORMAT` (`pretty` or `json`), else
   * pretty when stdout is a terminal and pino-pretty (a devDependency) is installed
   */
  readonly pretty?: boolean;
  /** Where the lines go (tests capture them here). @default stdout, synchronously */
  readonly destination?: DestinationStream;
  /** Request paths pino-http does not log a line for (health checks, metrics scrapes). @default none */
  readonly quietPaths?: readonly string[];
  /** Where `LOG_LEVEL` and `LOG_FORMAT` are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
