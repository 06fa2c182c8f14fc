/**
 * OpenTelemetry HTTP semantic-convention attribute names (semantic conventions 1.x, `http.*`, `url.*`,
 * `server.*`) Switchyard sets on its HTTP SERVER and CLIENT spans. Plain strings: the libs depend on
 * `@opentelemetry/api` only.
 */
export const HTTP_ATTRIBUTES = {
  requestMethod: 'http.request.method',
  /** The matched route template (`/orders/:id/ship`), on SERVER spans once known. */
  route: 'http.route',
  responseStatusCode: 'http.response.status_code',
  urlPath: 'url.path',
  urlScheme: 'url.scheme',
  /** The whole URL of a CLIENT request (no credentials in it). */
  urlFull: 'url.full',
  serverAddress: 'server.address',
  serverPort: 'server.port',
} as const;
