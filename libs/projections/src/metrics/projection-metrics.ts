import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Projections' Prometheus metrics, on a registry of their own (never prom-client's global one). */
export class ProjectionMetrics {
  readonly registry: Registry;
  /** Last commit position applied, per projection and version. */
  readonly position: Gauge<'projection' | 'version'>;
  /** 1 while a build is paused at an event it cannot apply: alert on it. */
  readonly paused: Gauge<'projection' | 'version'>;
  /** Events applied. */
  readonly events: Counter<'projection' | 'version'>;
  /** Seconds from an event's commit to its read model being written (live builds). */
  readonly lag: Histogram<'projection'>;

  constructor(registry = new Registry()) {
    this.registry = registry;
    this.position = new Gauge({
      name: 'switchyard_projection_position',
      help: 'Last event-store position a projection build applied',
      labelNames: ['projection', 'version'],
      registers: [registry],
    });
    this.paused = new Gauge({
      name: 'switchyard_projection_paused',
      help: 'A projection build stopped at an event it cannot apply (1); decide with projections skip',
      labelNames: ['projection', 'version'],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'switchyard_projection_events_total',
      help: 'Events applied by a projection build',
      labelNames: ['projection', 'version'],
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'switchyard_projection_lag_seconds',
      help: 'Time from an event commit to its read model written (live builds)',
      labelNames: ['projection'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }
}
