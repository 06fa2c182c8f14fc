import { REDACTED } from '@switchyard/observability';

/** Header names whose values never reach a log line. */
const SECRET_HEADER = /authorization|cookie|token|secret|api-?key|password|session|credential/i;
/** Query parameters hidden in logged URLs. */
const SECRET_PARAM = /token|secret|key|password|passwd|pwd|signature|sig|code|auth|credential/i;

/** What pino-http hands its request serializer. */
interface SerializedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A logged request: method, URL (secret query parameters hidden), headers without secrets. */
export function serializeRequest(req: SerializedRequest): Record<string, unknown> {
  return { ...req, url: redactQuery(req.url), headers: redactHeaders(req.headers) };
}

/** A logged response: status and headers without cookies or tokens. */
export function serializeResponse(res: { headers?: Record<string, unknown>; [key: string]: unknown }) {
  return { ...res, headers: redactHeaders(res.headers) };
}

function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = SECRET_HEADER.test(name) ? REDACTED : value;
  return out;
}

function redactQuery(url: string | undefined): string | undefined {
  if (!url || !url.includes('?')) return url;
  const [path, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  const params = query
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      return SECRET_PARAM.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${params}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
