/**
 * `@switchyard/observability`: what the toolkit libs need to trace and to label their logs, on
 * `@opentelemetry/api` alone (a no-op until an app registers an SDK): W3C `traceparent` helpers, the
 * Switchyard tracer, messaging semantic-convention attribute names, the log fields of the work under way,
 * and secret redaction. What an app wires (the OpenTelemetry SDK, nestjs-pino) is the sub-entry
 * `@switchyard/observability/setup`.
 */
export * from './observability.constants';
export * from './trace/traceparent';
export * from './trace/switchyard-tracer';
export * from './trace/span-error';
export * from './trace/messaging-attributes';
export * from './trace/http-attributes';
export * from './logging/log-fields';
export * from './logging/redact-secrets';
