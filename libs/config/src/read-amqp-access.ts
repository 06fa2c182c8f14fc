import type { ConfigService } from '@nestjs/config';
import { amqpAccessVariables, resolveAmqpAccess, type AmqpAccess } from './amqp-access';

/**
 * {@link resolveAmqpAccess} over @nestjs/config: reads `AMQP_DECLARE_TOPOLOGY` and the
 * `AMQP_PUBLISH_URL_<DOMAIN>` of these domains (names that depend on the domains, so read untyped).
 * @throws InvalidConfigError naming the malformed variable
 */
export function readAmqpAccess(
  config: ConfigService<object, boolean>,
  domains: readonly string[],
): AmqpAccess {
  const untyped = config as unknown as ConfigService;
  return resolveAmqpAccess(
    Object.fromEntries(amqpAccessVariables(domains).map((v) => [v, untyped.get<string>(v)])),
    domains,
  );
}
