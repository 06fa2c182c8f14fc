import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CORRELATION_ID_HEADER } from '@switchyard/observability';

const VALID = /^[\w.:-]{1,128}$/;
const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The correlation id of an HTTP request: its `X-Correlation-Id` when that looks like an id, else a new
 * UUID, the same one on every call for one request (the middleware logs it, the command stores it).
 */
export function correlationIdOf(req: IncomingMessage): string {
  let id = assigned.get(req);
  if (id === undefined) {
    const header = req.headers[CORRELATION_ID_HEADER];
    const value = Array.isArray(header) ? header[0] : header;
    id = value !== undefined && VALID.test(value) ? value : randomUUID();
    assigned.set(req, id);
  }
  return id;
}
