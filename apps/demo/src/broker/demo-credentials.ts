import { randomBytes } from 'node:crypto';
import type { PlannedUser } from '@switchyard/messaging/topology';

/**
 * The domain users' passwords for one run: 192 random bits each (base64url, safe in a URL), or the value
 * of the user's password variable (`SWITCHYARD_<DOMAIN>_PASSWORD`) when it is set. They reach the
 * topology apply and the apps only through environment variables; nothing prints them.
 */
export function demoPasswords(
  users: readonly PlannedUser[],
  env: Readonly<Record<string, string | undefined>>,
): Map<string, string> {
  return new Map(users.map((u) => [u.domain, env[u.passwordEnv] || randomBytes(24).toString('base64url')]));
}

/** The AMQP URL of `vhost` on the broker of `baseUrl`, logged in as `user`. */
export function amqpUrlAs(baseUrl: string, vhost: string, user: string, password: string): string {
  const u = new URL(baseUrl.split(',')[0]!.trim());
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}
