import { Gauge, Histogram, Registry, type MetricValueWithName } from 'prom-client';

/** The relay's Prometheus metrics, on a registry of its own (never prom-client's global one). */
export class OutboxMetrics {
  readonly registry: Registry;
  /** Seconds from commit to confirmed publish. */
  readonly lag: Histogram;
  /** Commits stored but not yet dispatched, as last counted. */
  readonly undispatched: Gauge;
  /** Commits the relay gave up on (parked), as last read. */
  readonly parked: Gauge;
  private lastLagSeconds: number | undefined;

  constructor(registry = new Registry()) {
    this.registry = registry;
    this.lag = new Histogram({
      name: 'switchyard_outbox_commit_publish_lag_seconds',
      help: 'Time from an event commit to its confirmed publication',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
    this.undispatched = new Gauge({
      name: 'switchyard_outbox_undispatched_commits',
      help: 'Commits stored but not yet published',
      registers: [registry],
    });
    this.parked = new Gauge({
      name: 'switchyard_outbox_parked_commits',
      help: 'Commits the relay parked because the broker refuses them for good (their streams wait)',
      registers: [registry],
    });
  }

  observeLag(committedAt: Date, now = Date.now()): void {
    const seconds = Math.max(0, now - committedAt.getTime()) / 1000;
    this.lastLagSeconds = seconds;
    this.lag.observe(seconds);
  }

  /** A summary for health endpoints. */
  async snapshot(): Promise<{
    undispatched: number;
    parked: number;
    lastLagSeconds: number | null;
    publishedCommits: number;
    lagP50Seconds: number | null;
  }> {
    const u = await this.undispatched.get();
    const p = await this.parked.get();
    const h = await this.lag.get();
    const count = h.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    return {
      undispatched: u.values[0]?.value ?? 0,
      parked: p.values[0]?.value ?? 0,
      lastLagSeconds: this.lastLagSeconds ?? null,
      publishedCommits: count,
      lagP50Seconds: count ? quantile(h.values, count, 0.5) : null,
    };
  }
}

function quantile(values: MetricValueWithName<string>[], count: number, q: number): number | null {
  const target = count * q;
  for (const v of values) {
    if (v.metricName?.endsWith('_bucket') && v.value >= target) {
      const le = v.labels.le;
      return le === '+Inf' ? null : Number(le);
    }
  }
  return null;
}
