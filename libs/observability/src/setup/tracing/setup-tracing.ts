import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { InvalidConfigError } from '@switchyard/config';
import type { BuiltInTraceExporter, TracingOptions } from './tracing-options';

/** The tracing an app set up: flush it before exiting, shut it down to stop (tests). */
export interface Tracing {
  readonly provider: NodeTracerProvider;
  /** Exports what the span processors still hold. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts the provider down and unregisters it, its context manager and propagator. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry trace SDK for this process, as the first thing an app's `main.ts` does:
 * a `NodeTracerProvider` (AsyncLocalStorage context manager, so the active span follows awaits), the W3C
 * trace-context propagator, the sampler, and the exporter. Exports nowhere unless configured:
 * `OTEL_TRACES_EXPORTER=console` (or `exporter: 'console'`) prints spans; an OTLP exporter is the app's
 * to install and pass in `spanProcessors`. The libs start their spans on `@opentelemetry/api`, which is
 * a no-op until this runs.
 * @throws InvalidConfigError when `OTEL_TRACES_EXPORTER` names an exporter this cannot build and no span
 * processor was given (`otlp` with no OTLP exporter installed: the spans would silently go nowhere)
 */
export function setupTracing(options: TracingOptions): Tracing {
  const env = options.env ?? process.env;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (exporterOf(options, env, processors.length > 0) === 'console')
    processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        'service.name': env.OTEL_SERVICE_NAME || options.serviceName,
        ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
      }),
    ),
    spanProcessors: processors,
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  // The default context manager of the Node provider is AsyncLocalStorage's.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function exporterOf(
  options: TracingOptions,
  env: Readonly<Record<string, string | undefined>>,
  appExports: boolean,
): BuiltInTraceExporter {
  if (options.exporter) return options.exporter;
  const names = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => n !== 'console' && n !== 'none');
  if (unknown.length > 0 && !appExports)
    throw new InvalidConfigError(
      'OTEL_TRACES_EXPORTER',
      env.OTEL_TRACES_EXPORTER ?? '',
      'console or none; an OTLP exporter must be installed and registered by the app (spanProcessors)',
    );
  return names.includes('console') ? 'console' : 'none';
}
