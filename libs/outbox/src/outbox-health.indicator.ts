import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { OutboxMetrics } from './metrics/outbox-metrics';
import { DEFAULT_HEALTH_PARKED_LISTED } from './outbox.constants';
import { describeParking } from './relay/describe-parking';
import { OutboxRelay } from './relay/outbox-relay';

/**
 * @nestjs/terminus-shaped indicator of the relay: `up` with the undispatched count, the commit→publish
 * lag, whether this instance holds the lease, and the parked commits (counted, the oldest listed);
 * `down` when the last drain failed and commits wait. Parked commits alone do not make it `down`: the
 * relay is working and other streams flow, and a restart would not help (alert on
 * `switchyard_outbox_parked_commits` instead).
 */
@Injectable()
export class OutboxHealthIndicator {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly metrics: OutboxMetrics,
  ) {}

  async isHealthy<const Key extends string = 'outbox'>(
    key: Key = 'outbox' as Key,
  ): Promise<HealthIndicatorResult<Key>> {
    const status = this.relay.status();
    const [, parked] = await Promise.all([this.relay.refreshUndispatched(), this.relay.refreshParked()]);
    const snapshot = await this.metrics.snapshot();
    const failing = status.lastError !== null && snapshot.undispatched > 0;
    return {
      [key]: {
        status: failing ? 'down' : 'up',
        leader: status.leader,
        holder: status.holder,
        undispatched: snapshot.undispatched,
        parked: parked.length,
        ...(parked.length > 0
          ? {
              parkedCommits: parked.slice(0, DEFAULT_HEALTH_PARKED_LISTED).map((p) => ({
                commitId: p.commitId,
                stream: p.stream,
                revision: p.revision,
                reason: describeParking(p.parking),
                parkedAt: p.parking.parkedAt.toISOString(),
              })),
            }
          : {}),
        lastLagSeconds: snapshot.lastLagSeconds,
        lagP50Seconds: snapshot.lagP50Seconds,
        publishedCommits: snapshot.publishedCommits,
        ...(status.lastError ? { lastError: status.lastError } : {}),
      },
    } as unknown as HealthIndicatorResult<Key>;
  }
}
