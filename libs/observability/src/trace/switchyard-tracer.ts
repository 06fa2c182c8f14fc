import { trace, type Tracer } from '@opentelemetry/api';
import { SWITCHYARD_TRACER_NAME } from '../observability.constants';

/**
 * The tracer Switchyard's libs start spans with. Looked up on each use (the SDK caches it), so an app,
 * or a test, that registers its tracer provider later is picked up; with none registered it is the API's
 * no-op tracer and spans cost an object and a check.
 */
export function switchyardTracer(): Tracer {
  return trace.getTracer(SWITCHYARD_TRACER_NAME);
}
