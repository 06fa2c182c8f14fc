/** Arguments of a queue, exchange or binding, as RabbitMQ shows them in the management API. */
export type BrokerArguments = Readonly<Record<string, string | number | boolean>>;

export interface PlannedExchange {
  readonly vhost: string;
  readonly name: string;
  readonly type: 'topic' | 'fanout' | 'direct' | 'x-consistent-hash';
  readonly arguments: BrokerArguments;
  /** `events`: a domain's exchange; `alternate`: its unroutable catcher; `partitions`: a hash exchange. */
  readonly role: 'events' | 'alternate' | 'partitions' | 'failures';
}

export interface PlannedQueue {
  readonly vhost: string;
  readonly name: string;
  readonly arguments: BrokerArguments;
  readonly role: 'consumer' | 'partition' | 'retry' | 'dead-letter' | 'unroutable';
  /** The consumer queue name (`<domain>.<purpose>`) or, for an unroutable queue, the domain. */
  readonly owner: string;
}

export interface PlannedBinding {
  readonly vhost: string;
  readonly source: string;
  readonly destination: string;
  readonly destinationType: 'queue' | 'exchange';
  readonly routingKey: string;
}

export interface PlannedUser {
  readonly name: string;
  readonly domain: string;
  /** Environment variable holding the password; never the password itself. */
  readonly passwordEnv: string;
}

export interface PlannedPermission {
  readonly user: string;
  readonly vhost: string;
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

export interface PlannedParameter {
  readonly vhost: string;
  readonly component: 'federation-upstream' | 'shovel';
  readonly name: string;
  /** `uri`/`src-uri` may hold `${VAR}` placeholders, resolved from the environment by `apply`. */
  readonly value: Readonly<Record<string, string | number | boolean>>;
}

export interface PlannedPolicy {
  readonly vhost: string;
  readonly name: string;
  readonly pattern: string;
  readonly applyTo: 'exchanges' | 'queues' | 'all';
  readonly priority: number;
  readonly definition: Readonly<Record<string, string | number | boolean>>;
}

/** Every broker object a model needs, as flat lists, in the order they must be created. */
export interface TopologyPlan {
  readonly vhosts: readonly string[];
  readonly exchanges: readonly PlannedExchange[];
  readonly queues: readonly PlannedQueue[];
  readonly bindings: readonly PlannedBinding[];
  readonly users: readonly PlannedUser[];
  readonly permissions: readonly PlannedPermission[];
  readonly parameters: readonly PlannedParameter[];
  readonly policies: readonly PlannedPolicy[];
}
