/**
 * `@switchyard/observability/setup`: what an app wires, once, to get Switchyard's traces and logs out:
 * `setupTracing()` (the OpenTelemetry trace SDK), `ObservabilityModule` (nestjs-pino logs, HTTP server
 * spans, correlation ids) and `useStructuredLogger()`; `bootstrapApp()` is the start of a `main` that
 * calls the first and the last around the creation of the app. The libs need none of it: they use
 * `@switchyard/observability`, on `@opentelemetry/api` only.
 */
export * from './tracing/tracing-options';
export * from './tracing/setup-tracing';
export * from './logging/observability-options';
export {
  InjectObservabilityOptions,
  OBSERVABILITY_MODULE_OPTIONS,
} from './logging/observability.module-definition';
export * from './logging/observability.module';
export * from './logging/use-structured-logger';
export * from './bootstrap/bootstrap-app';
export * from './logging/pino-params';
export * from './http/http-trace.middleware';
export * from './http/correlation-id';
