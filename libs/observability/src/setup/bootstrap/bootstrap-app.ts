import type { INestApplicationContext } from '@nestjs/common';
import { assertServicesReachable, type SwitchyardConfig } from '@switchyard/config';
import { useStructuredLogger } from '../logging/use-structured-logger';
import { setupTracing } from '../tracing/setup-tracing';

/** What {@link bootstrapApp} starts. */
export interface BootstrapAppOptions<A extends INestApplicationContext> {
  /** The app's `service.name` in its traces. */
  readonly serviceName: string;
  /** The broker and the database probed before the app is created (a bad URL fails fast, in one line). */
  readonly services: Pick<SwitchyardConfig, 'AMQP_URL' | 'MONGO_URL'>;
  /** Creates the app, with `bufferLogs: true` and `ObservabilityModule` in it. */
  readonly create: () => Promise<A>;
}

/**
 * The start of a Switchyard app's `main`: tracing set up before anything starts a span (exporting nowhere
 * unless `OTEL_TRACES_EXPORTER`, or the app, says where), the services probed, the app created and its
 * logs (the buffered start-up lines first) sent to the structured logger. The caller then listens or
 * initialises, and logs its ready line.
 */
export async function bootstrapApp<A extends INestApplicationContext>(
  options: BootstrapAppOptions<A>,
): Promise<A> {
  setupTracing({ serviceName: options.serviceName });
  await assertServicesReachable(options.services);
  const app = await options.create();
  useStructuredLogger(app);
  return app;
}
