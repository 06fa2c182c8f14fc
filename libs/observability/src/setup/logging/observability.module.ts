import {
  Global,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { trace, type TracerProvider } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { HttpTraceMiddleware } from '../http/http-trace.middleware';
import {
  OBSERVABILITY_MODULE_OPTIONS,
  ObservabilityConfigurableModule,
  type OBSERVABILITY_OPTIONS_TYPE,
} from './observability.module-definition';
import { pinoParams } from './pino-params';

/**
 * An app's logs and HTTP traces: `ObservabilityModule.forRoot({ app: 'api' })` in the root module, then
 * `useStructuredLogger(app)` in `main.ts`. Logs go through nestjs-pino (JSON lines, pretty on a terminal,
 * secrets removed, each line with the correlation id, trace and span ids, event id and queue of the work
 * under way); every HTTP request gets a SERVER span and a correlation id ({@link HttpTraceMiddleware}).
 * Global, so its middleware runs before pino-http's and the request line carries the trace ids. Flushes
 * the registered tracer provider on shutdown. Options are static (`forRoot` only): logging must work
 * before anything asynchronous resolves.
 */
@Global()
@Module({})
export class ObservabilityModule
  extends ObservabilityConfigurableModule
  implements NestModule, OnApplicationShutdown
{
  static override forRoot(options: typeof OBSERVABILITY_OPTIONS_TYPE): DynamicModule {
    const base = super.forRoot(options);
    return {
      ...base,
      imports: [...(base.imports ?? []), LoggerModule.forRoot(pinoParams(options))],
      exports: [...(base.exports ?? []), OBSERVABILITY_MODULE_OPTIONS],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpTraceMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }

  /** Exports the spans still buffered (an OTLP batch processor's) before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    const provider = trace.getTracerProvider() as TracerProvider & {
      getDelegate?: () => TracerProvider & { forceFlush?: () => Promise<void> };
    };
    await provider
      .getDelegate?.()
      .forceFlush?.()
      .catch(() => undefined);
  }
}
