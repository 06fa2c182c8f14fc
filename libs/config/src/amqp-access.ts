import { amqpUrlList } from './amqp-url';
import { InvalidConfigError } from './errors/invalid-config.error';

/**
 * How an app reaches the broker as a least-privilege domain user (docs/topology.md, "Least privilege"):
 * whether it declares the topology itself, and which URL publishes each domain's events.
 */

/** Declare the topology on connect (`on`, the default) or leave it to `switchyard topology apply` (`off`). */
export const AMQP_DECLARE_TOPOLOGY = 'AMQP_DECLARE_TOPOLOGY';

/** The variable holding the AMQP URL that publishes `domain`'s events: `AMQP_PUBLISH_URL_<DOMAIN>`. */
export function amqpPublishUrlVariable(domain: string): string {
  return `AMQP_PUBLISH_URL_${domain.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The publish URLs set for these domains (`AMQP_PUBLISH_URL_<DOMAIN>`), by domain; unset ones are left out
 * (their events go through `AMQP_URL`).
 * @throws InvalidConfigError naming the variable when a URL is not amqp(s)
 */
export function readAmqpPublishUrls(
  env: Readonly<Record<string, string | undefined>>,
  domains: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const domain of domains) {
    const variable = amqpPublishUrlVariable(domain);
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    for (const one of amqpUrlList(raw)) {
      let url: URL;
      try {
        url = new URL(one);
      } catch {
        throw new InvalidConfigError(variable, raw, 'not a URL');
      }
      if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
        throw new InvalidConfigError(variable, raw, 'expected amqp: or amqps:');
      }
    }
    out[domain] = raw;
  }
  return out;
}

/** An `on`/`off` switch. @throws InvalidConfigError naming the variable for anything else */
export function parseOnOff(variable: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new InvalidConfigError(variable, raw, 'expected on or off');
}

/** How an app reaches the broker beyond `AMQP_URL`. */
export interface AmqpAccess {
  /** From `AMQP_DECLARE_TOPOLOGY` (default on). */
  readonly declareTopology: boolean;
  /** From `AMQP_PUBLISH_URL_<DOMAIN>`, by domain. */
  readonly publishUrls: Readonly<Record<string, string>>;
}

/** Declaring the topology, every event published through `AMQP_URL`: the defaults. */
export const DEFAULT_AMQP_ACCESS: AmqpAccess = { declareTopology: true, publishUrls: {} };

/** The variables {@link resolveAmqpAccess} reads for these publishing domains. */
export function amqpAccessVariables(domains: readonly string[]): string[] {
  return [AMQP_DECLARE_TOPOLOGY, ...domains.map(amqpPublishUrlVariable)];
}

/**
 * `AMQP_DECLARE_TOPOLOGY` and the `AMQP_PUBLISH_URL_<DOMAIN>` of these domains.
 * @throws InvalidConfigError naming the malformed variable
 */
export function resolveAmqpAccess(
  env: Readonly<Record<string, string | undefined>>,
  domains: readonly string[],
): AmqpAccess {
  return {
    declareTopology: parseOnOff(AMQP_DECLARE_TOPOLOGY, env[AMQP_DECLARE_TOPOLOGY], true),
    publishUrls: readAmqpPublishUrls(env, domains),
  };
}
