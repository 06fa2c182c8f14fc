/** The fields Switchyard reads from the management API's views of broker objects. */
export type ManagedArguments = Record<string, unknown>;

export interface ManagedExchange {
  readonly name: string;
  readonly vhost: string;
  readonly type: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly internal: boolean;
  readonly arguments: ManagedArguments;
}

export interface ManagedQueue {
  readonly name: string;
  readonly vhost: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly exclusive?: boolean;
  readonly arguments: ManagedArguments;
  readonly messages?: number;
  readonly type?: string;
}

export interface ManagedBinding {
  readonly source: string;
  readonly vhost: string;
  readonly destination: string;
  readonly destination_type: 'queue' | 'exchange';
  readonly routing_key: string;
  readonly arguments: ManagedArguments;
}

export interface ManagedUser {
  readonly name: string;
  readonly password_hash: string;
  readonly hashing_algorithm: string;
  readonly tags: string | readonly string[];
}

export interface ManagedPermission {
  readonly user: string;
  readonly vhost: string;
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

export interface ManagedParameter {
  readonly name: string;
  readonly vhost: string;
  readonly component: string;
  readonly value: ManagedArguments;
}

export interface ManagedPolicy {
  readonly name: string;
  readonly vhost: string;
  readonly pattern: string;
  readonly 'apply-to': string;
  readonly priority: number;
  readonly definition: ManagedArguments;
}

export interface FederationLinkStatus {
  readonly vhost: string;
  readonly upstream: string;
  readonly exchange?: string;
  readonly status: string;
  readonly error?: string;
}
