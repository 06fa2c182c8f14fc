/** Name (instrumentation scope) of the tracer every Switchyard lib starts its spans with. */
export const SWITCHYARD_TRACER_NAME = '@switchyard';

/** The W3C trace-context header, in HTTP requests, AMQP headers and event metadata alike. */
export const TRACEPARENT_HEADER = 'traceparent';

/** HTTP request header carrying the correlation id; echoed on the response, generated when absent. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** What a secret is replaced with in logs. */
export const REDACTED = '[Redacted]';
