/**
 * The one place AMQP URLs are taken apart: a cluster list split, a vhost set or read, passwords hidden.
 * Used by the messaging runtime, the topology tooling, the CLI and the testing kit.
 */

/** Splits `amqp://a,amqp://b` (or a list) into the URLs of a cluster, trimmed, empty ones dropped. */
export function amqpUrlList(urls: string | readonly string[]): string[] {
  const list = typeof urls === 'string' ? urls.split(',') : [...urls];
  return list.map((u) => u.trim()).filter(Boolean);
}

/** The AMQP URL of `vhost` on the broker the first URL of `urls` points at. */
export function amqpUrlWithVhost(urls: string | readonly string[], vhost: string): string {
  const u = new URL(amqpUrlList(urls)[0] ?? '');
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}

/** The vhost the first URL of `urls` names (`/` when its path is empty or it does not parse). */
export function amqpVhostOf(urls: string | readonly string[]): string {
  try {
    const path = new URL(amqpUrlList(urls)[0] ?? '').pathname.replace(/^\//, '');
    return path ? decodeURIComponent(path) : '/';
  } catch {
    return '/';
  }
}

/** Text with the password of every URI in it hidden (`amqp://user:***@host/vhost`), fit for logs. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s"]*:)[^@\s"]*@/gi, '$1***@');
}
