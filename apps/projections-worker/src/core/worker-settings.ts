import { InvalidConfigError, resolveAmqpAccess, resolveMongoDatabase } from '@switchyard/config';
import type { ObservabilityModuleOptions } from '@switchyard/observability/setup';
import type { ProjectionTuning } from '@switchyard/projections';
import { DEFAULT_MONGO_DATABASE } from '../worker.constants';

/** What the worker connects to and how it runs, after the environment and options are merged. */
export interface WorkerSettings {
  readonly amqpUrl: string;
  readonly mongoUrl: string;
  readonly database: string;
  /**
   * `AMQP_DECLARE_TOPOLOGY` (default on): `off` when it logs in as the reporting domain's least-privilege
   * user, which may consume its queues but declare nothing (the topology was applied beforehand).
   */
  readonly declareTopology: boolean;
  readonly tuning: ProjectionTuning;
  /** This process's share of the wake queue's partitions (`WORKER_INDEX` of `WORKER_COUNT`). */
  readonly partitionShare?: { readonly index: number; readonly count: number };
}

/** The environment as the worker reads it (AMQP_URL and MONGO_URL already validated). */
export interface WorkerEnvironment {
  readonly AMQP_URL: string;
  readonly MONGO_URL: string;
  readonly MONGO_DATABASE?: string;
  /** `on` (default) or `off`, read through `resolveAmqpAccess` as the other apps do. */
  readonly AMQP_DECLARE_TOPOLOGY?: string;
  /** Poll interval of the runners, ms (the safety net under the wake messages). */
  readonly PROJECTIONS_POLL_MS?: string;
  /** Lease TTL of a build, ms: how long a killed process's builds wait before another takes them. */
  readonly PROJECTIONS_LEASE_TTL_MS?: string;
  readonly PROJECTIONS_LEASE_RENEW_MS?: string;
  readonly WORKER_INDEX?: string;
  readonly WORKER_COUNT?: string;
}

/** Options of `ProjectionsWorkerModule.forRoot`, overriding the environment (tests). */
export interface WorkerOptions {
  readonly amqpUrl?: string;
  readonly mongoUrl?: string;
  readonly database?: string;
  readonly tuning?: ProjectionTuning;
  /** Log level, format and destination (tests quieten the worker). */
  readonly logging?: Omit<ObservabilityModuleOptions, 'app'>;
}

function positiveInt(variable: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min)
    throw new InvalidConfigError(variable, raw, `expected an integer from ${min} on`);
  return n;
}

/** Merges the options over the environment. @throws InvalidConfigError naming the bad variable */
export function resolveWorkerSettings(env: WorkerEnvironment, options: WorkerOptions = {}): WorkerSettings {
  const database = resolveMongoDatabase(env.MONGO_DATABASE, DEFAULT_MONGO_DATABASE, options.database);
  const pollIntervalMs = positiveInt('PROJECTIONS_POLL_MS', env.PROJECTIONS_POLL_MS);
  const leaseTtlMs = positiveInt('PROJECTIONS_LEASE_TTL_MS', env.PROJECTIONS_LEASE_TTL_MS);
  const leaseRenewMs = positiveInt('PROJECTIONS_LEASE_RENEW_MS', env.PROJECTIONS_LEASE_RENEW_MS);
  const count = positiveInt('WORKER_COUNT', env.WORKER_COUNT);
  const index = positiveInt('WORKER_INDEX', env.WORKER_INDEX, 0);
  if ((count === undefined) !== (index === undefined))
    throw new InvalidConfigError(
      count === undefined ? 'WORKER_COUNT' : 'WORKER_INDEX',
      '',
      'set both or neither',
    );
  if (count !== undefined && index! >= count)
    throw new InvalidConfigError('WORKER_INDEX', String(index), `expected below WORKER_COUNT (${count})`);
  return {
    amqpUrl: options.amqpUrl ?? env.AMQP_URL,
    mongoUrl: options.mongoUrl ?? env.MONGO_URL,
    database,
    // It publishes nothing (it appends no events and runs no relay): of the access variables, only this.
    declareTopology: resolveAmqpAccess({ AMQP_DECLARE_TOPOLOGY: env.AMQP_DECLARE_TOPOLOGY }, [])
      .declareTopology,
    tuning: {
      ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      ...(leaseTtlMs === undefined ? {} : { leaseTtlMs }),
      ...(leaseRenewMs === undefined ? {} : { leaseRenewMs }),
      ...options.tuning,
    },
    ...(count === undefined ? {} : { partitionShare: { index: index!, count } }),
  };
}
