import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isInvalidConfigError } from '@switchyard/config';
import { activeTraceparent, switchyardTracer } from '@switchyard/observability';
import { setupTracing } from './setup-tracing';

describe('setupTracing', () => {
  it('refuses an exporter it cannot build, naming the variable, unless the app brings its own', async () => {
    let err: unknown;
    try {
      setupTracing({ serviceName: 's', env: { OTEL_TRACES_EXPORTER: 'otlp' } });
    } catch (e) {
      err = e;
    }
    expect(isInvalidConfigError(err)).toBe(true);
    expect((err as Error).message).toMatch(/^OTEL_TRACES_EXPORTER is invalid \(console or none; .*\): otlp$/);

    const tracing = setupTracing({
      serviceName: 's',
      env: { OTEL_TRACES_EXPORTER: 'otlp' },
      spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())],
    });
    await tracing.shutdown();
  });

  it('registers a provider, AsyncLocalStorage context and the service name; shutdown unregisters them', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = setupTracing({
      serviceName: 'switchyard-test',
      env: { OTEL_TRACES_EXPORTER: 'none' },
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const span = switchyardTracer().startSpan('work');
    const inside = await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((r) => setTimeout(r, 1));
      return activeTraceparent();
    });
    span.end();
    expect(inside).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    const [finished] = exporter.getFinishedSpans();
    expect(finished!.resource.attributes['service.name']).toBe('switchyard-test');
    expect(finished!.instrumentationScope.name).toBe('@switchyard');

    await tracing.shutdown();
    expect(switchyardTracer().startSpan('after').isRecording()).toBe(false);
  });
});
