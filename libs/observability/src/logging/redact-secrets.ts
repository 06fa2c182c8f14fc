import { redactUrls } from '@switchyard/config';
import { REDACTED } from '../observability.constants';

// `Bearer <token>`, `Basic <base64>` and the like, wherever they appear in a line.
const AUTH_SCHEME = /\b(Bearer|Basic|Digest|Token|ApiKey)\s+[\w.~+/=:-]{8,}/gi;
// `password=...`, `"token":"..."`, `secret: ...`, `api_key=...` in text or JSON.
const SECRET_PAIR =
  /((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|auth[_-]?token|credentials?)["']?\s*[:=]\s*["']?)([^"'\s&,;}]+)/gi;

/**
 * `text` with what looks like a secret hidden: passwords in URLs (`amqp://user:***@host`), HTTP
 * authorization values (`Bearer …`, `Basic …`), and values of keys named like a password, token, secret,
 * api key or credential. The last line of defence the structured logger applies to every line; the
 * first is not logging secrets, and the request serializer drops sensitive headers.
 */
export function redactSecrets(text: string): string {
  return redactUrls(text)
    .replace(AUTH_SCHEME, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_PAIR, (match, key: string, value: string) =>
      value === REDACTED || value === '***' ? match : `${key}${REDACTED}`,
    );
}
