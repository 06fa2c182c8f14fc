import { DEFAULT_AMQP_URL, DEFAULT_MONGO_URL, DEFAULT_RABBITMQ_MANAGEMENT_URL } from './config.constants';
import { InvalidConfigError } from './errors/invalid-config.error';

/** The validated environment every Switchyard app starts from. */
export interface SwitchyardConfig {
  /** AMQP URL of the broker; several, comma-separated, for a cluster. */
  AMQP_URL: string;
  /** Management HTTP API base URL, credentials included. */
  RABBITMQ_MANAGEMENT_URL: string;
  /** MongoDB (or FerretDB) connection string. */
  MONGO_URL: string;
}

const RULES: Record<keyof SwitchyardConfig, { default: string; protocols: string[] }> = {
  AMQP_URL: { default: DEFAULT_AMQP_URL, protocols: ['amqp:', 'amqps:'] },
  RABBITMQ_MANAGEMENT_URL: { default: DEFAULT_RABBITMQ_MANAGEMENT_URL, protocols: ['http:', 'https:'] },
  MONGO_URL: { default: DEFAULT_MONGO_URL, protocols: ['mongodb:', 'mongodb+srv:'] },
};

/**
 * Reads and validates the environment. Missing variables take the local defaults; a malformed one
 * throws {@link InvalidConfigError} naming it. Usable as @nestjs/config's `validate`.
 */
export function validateSwitchyardConfig(env: Record<string, unknown>): SwitchyardConfig {
  const out = {} as SwitchyardConfig;
  for (const [variable, rule] of Object.entries(RULES) as [
    keyof SwitchyardConfig,
    (typeof RULES)[keyof SwitchyardConfig],
  ][]) {
    const raw = env[variable];
    const value = raw === undefined || raw === '' ? rule.default : String(raw);
    for (const one of value.split(',')) {
      let url: URL;
      try {
        url = new URL(one.trim());
      } catch {
        throw new InvalidConfigError(variable, value, 'not a URL');
      }
      if (!rule.protocols.includes(url.protocol)) {
        throw new InvalidConfigError(variable, value, `expected ${rule.protocols.join(' or ')}`);
      }
      if (!url.hostname) throw new InvalidConfigError(variable, value, 'no host');
    }
    out[variable] = value;
  }
  return { ...env, ...out } as SwitchyardConfig;
}
