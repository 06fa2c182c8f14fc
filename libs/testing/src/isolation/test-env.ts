import { amqpUrlWithVhost, validateSwitchyardConfig, type SwitchyardConfig } from '@switchyard/config';

/** The environment tests run against (the local services unless overridden). */
export function testConfig(): SwitchyardConfig {
  return validateSwitchyardConfig(process.env);
}

/** The AMQP URL of one vhost on the configured broker. */
export function amqpUrlForVhost(vhost: string, base = testConfig().AMQP_URL): string {
  return amqpUrlWithVhost(base, vhost);
}
