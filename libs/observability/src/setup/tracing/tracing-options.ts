import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Exporters `setupTracing` builds itself; any other (OTLP, Zipkin…) the app passes as a span processor. */
export type BuiltInTraceExporter = 'console' | 'none';

/** How an app sets up OpenTelemetry tracing (see {@link setupTracing}). */
export interface TracingOptions {
  /** `service.name` of the spans (`OTEL_SERVICE_NAME` overrides it), e.g. `switchyard-api`. */
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /**
   * `console` prints each finished span to stdout (to have a look); `none` exports nothing.
   * @default OTEL_TRACES_EXPORTER, else 'none'
   */
  readonly exporter?: BuiltInTraceExporter;
  /**
   * More span processors: where a real exporter goes, e.g.
   * `new BatchSpanProcessor(new OTLPTraceExporter())` from `@opentelemetry/exporter-trace-otlp-http`
   * (installed by the app), or `new SimpleSpanProcessor(new InMemorySpanExporter())` in tests. With any,
   * `OTEL_TRACES_EXPORTER=otlp` is accepted (the app exports).
   */
  readonly spanProcessors?: readonly SpanProcessor[];
  /**
   * @default the SDK's, from `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, else parent-based
   * always-on: a request that comes in sampled (or not) keeps that decision everywhere downstream.
   */
  readonly sampler?: Sampler;
  /** Where `OTEL_*` variables are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
