import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { OutboxMetrics } from './metrics/outbox-metrics';
import { OutboxRelay } from './relay/outbox-relay';

/**
 * @nestjs/terminus-shaped indicator of the relay: `up` with the undispatched count, the commit→publish
 * lag and whether this instance holds the lease; `down` when the last drain failed and commits wait.
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
    await this.relay.refreshUndispatched();
    const snapshot = await this.metrics.snapshot();
    const failing = status.lastError !== null && snapshot.undispatched > 0;
    return {
      [key]: {
        status: failing ? 'down' : 'up',
        leader: status.leader,
        holder: status.holder,
        undispatched: snapshot.undispatched,
        lastLagSeconds: snapshot.lastLagSeconds,
        lagP50Seconds: snapshot.lagP50Seconds,
        publishedCommits: snapshot.publishedCommits,
        ...(status.lastError ? { lastError: status.lastError } : {}),
      },
    } as unknown as HealthIndicatorResult<Key>;
  }
}
