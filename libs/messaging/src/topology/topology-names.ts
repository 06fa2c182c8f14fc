import type { ConsumerDefinition } from './topology.model';

/**
 * The naming convention. Every exchange, queue and user name comes from here, never typed at a call site.
 *
 * | thing                         | name                         |
 * | ----------------------------- | ---------------------------- |
 * | domain events exchange (topic)| `<domain>.events`            |
 * | alternate exchange + queue    | `<domain>.unroutable`        |
 * | consumer queue                | `<consumer-domain>.<purpose>`|
 * | ordered partition queue       | `<queue>.p<i>`               |
 * | partition hash exchange       | `<queue>.partitions`         |
 * | retry tier queue              | `<queue>.retry.<delay>`      |
 * | dead-letter queue             | `<queue>.dlq`                |
 * | retry/DLQ exchange (direct)   | `<consumer-domain>.failures` |
 * | domain user                   | `<domain>`                   |
 * | federation upstream / policy  | `<domain>.upstream` / `<domain>.federation` |
 * | dynamic shovel                | `<domain>.shovel`            |
 */
export const topologyNames = {
  exchange: (domain: string): string => `${domain}.events`,
  alternateExchange: (domain: string): string => `${domain}.unroutable`,
  unroutableQueue: (domain: string): string => `${domain}.unroutable`,
  queue: (c: Pick<ConsumerDefinition, 'domain' | 'purpose'>): string => `${c.domain}.${c.purpose}`,
  partitionQueue: (queue: string, index: number): string => `${queue}.p${index}`,
  partitionExchange: (queue: string): string => `${queue}.partitions`,
  retryQueue: (queue: string, delay: string): string => `${queue}.retry.${delay}`,
  deadLetterQueue: (queue: string): string => `${queue}.dlq`,
  /**
   * Direct exchange through which a consuming domain's runtime sends failed messages to its own retry
   * tiers and dead-letter queues (routing key = the queue's name), so its user needs no write permission
   * on the default exchange, which reaches every queue.
   */
  failureExchange: (domain: string): string => `${domain}.failures`,
  user: (domain: string): string => domain,
  passwordEnv: (domain: string): string =>
    `SWITCHYARD_${domain.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`,
  /** Federation upstream (a vhost parameter) bringing `<domain>.events` into another vhost. */
  federationUpstream: (domain: string): string => `${domain}.upstream`,
  /** Policy that makes `<domain>.events` federated in the downstream vhost. */
  federationPolicy: (domain: string): string => `${domain}.federation`,
  /** Dynamic shovel moving `<domain>.events` into another vhost or broker. */
  shovel: (domain: string): string => `${domain}.shovel`,
} as const;
