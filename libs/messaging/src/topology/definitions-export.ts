import { placeholderUriPassword } from './env-placeholders';
import { RABBIT_PASSWORD_HASHING, rabbitPasswordHash } from './password-hash';
import type { TopologyPlan } from './topology-plan.model';

/** A RabbitMQ definitions document, as the management UI and `rabbitmqctl import_definitions` read it. */
export interface RabbitDefinitions {
  readonly rabbit_version: string;
  readonly rabbitmq_version: string;
  readonly users: {
    name: string;
    password_hash: string;
    hashing_algorithm: string;
    tags: string[];
    limits: object;
  }[];
  readonly vhosts: { name: string }[];
  readonly permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  readonly topic_permissions: never[];
  readonly parameters: { vhost: string; component: string; name: string; value: Record<string, unknown> }[];
  readonly global_parameters: never[];
  readonly policies: {
    vhost: string;
    name: string;
    pattern: string;
    'apply-to': string;
    definition: Record<string, unknown>;
    priority: number;
  }[];
  readonly queues: {
    name: string;
    vhost: string;
    durable: true;
    auto_delete: false;
    arguments: Record<string, unknown>;
  }[];
  readonly exchanges: {
    name: string;
    vhost: string;
    type: string;
    durable: true;
    auto_delete: false;
    internal: false;
    arguments: Record<string, unknown>;
  }[];
  readonly bindings: {
    source: string;
    vhost: string;
    destination: string;
    destination_type: string;
    routing_key: string;
    arguments: Record<string, never>;
  }[];
}

export interface ExportOptions {
  /** Where the users' passwords come from (hashed, never written). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Version written in the file. @default '3.10.8' */
  readonly rabbitVersion?: string;
}

/**
 * Writes a plan as a RabbitMQ definitions document. Passwords never appear in clear: a user whose password
 * variable is set gets its salted SHA-256 `password_hash` (RabbitMQ's own scheme), one whose variable is
 * unset gets an empty hash (no password login until apply or an operator sets one); a link URI's password
 * becomes a `${VAR}` placeholder, to be substituted when deploying the file.
 */
export function exportDefinitions(plan: TopologyPlan, options: ExportOptions = {}): RabbitDefinitions {
  const env = options.env ?? process.env;
  const version = options.rabbitVersion ?? '3.10.8';
  return {
    rabbit_version: version,
    rabbitmq_version: version,
    users: plan.users.map((u) => {
      const password = env[u.passwordEnv];
      return {
        name: u.name,
        password_hash: password ? rabbitPasswordHash(password) : '',
        hashing_algorithm: RABBIT_PASSWORD_HASHING,
        tags: [],
        limits: {},
      };
    }),
    vhosts: plan.vhosts.map((name) => ({ name })),
    permissions: plan.permissions.map((p) => ({ ...p })),
    topic_permissions: [],
    parameters: plan.parameters.map((p) => ({
      vhost: p.vhost,
      component: p.component,
      name: p.name,
      value: Object.fromEntries(
        Object.entries(p.value).map(([k, v]) => [
          k,
          typeof v === 'string' && /uri$/.test(k) ? placeholderUriPassword(v, linkPasswordEnv(p.name)) : v,
        ]),
      ),
    })),
    global_parameters: [],
    policies: plan.policies.map((p) => ({
      vhost: p.vhost,
      name: p.name,
      pattern: p.pattern,
      'apply-to': p.applyTo,
      definition: { ...p.definition },
      priority: p.priority,
    })),
    queues: plan.queues.map((q) => ({
      name: q.name,
      vhost: q.vhost,
      durable: true,
      auto_delete: false,
      arguments: { ...q.arguments },
    })),
    exchanges: plan.exchanges.map((x) => ({
      name: x.name,
      vhost: x.vhost,
      type: x.type,
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: { ...x.arguments },
    })),
    bindings: plan.bindings.map((b) => ({
      source: b.source,
      vhost: b.vhost,
      destination: b.destination,
      destination_type: b.destinationType,
      routing_key: b.routingKey,
      arguments: {},
    })),
  };
}

/** `orders.upstream` → `SWITCHYARD_ORDERS_UPSTREAM_PASSWORD`: the placeholder a literal link password becomes. */
export function linkPasswordEnv(parameterName: string): string {
  return `SWITCHYARD_${parameterName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`;
}
