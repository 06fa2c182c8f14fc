import { validateSwitchyardConfig, type SwitchyardConfig } from '@switchyard/config';

/** The environment tests run against (the local services unless overridden). */
export function testConfig(): SwitchyardConfig {
  return validateSwitchyardConfig(process.env);
}

/** The AMQP URL of one vhost on the configured broker. */
export function amqpUrlForVhost(vhost: string, base = testConfig().AMQP_URL): string {
  const u = new URL(base.split(',')[0]!.trim());
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}
