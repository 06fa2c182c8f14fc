import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult, HealthIndicatorStatus } from '@nestjs/terminus';
import type { MessagingRuntime } from '../consuming/messaging-runtime';
import { InjectMessagingRuntime } from '../messaging.module-definition';

/**
 * @nestjs/terminus indicator of the broker connection, for `HealthCheckService.check([...])`: `up` when
 * connected with every channel (the publisher's, each consumer's) usable, `degraded` while the broker
 * blocks publishing (a resource alarm), `down` when disconnected or while any channel is not usable (a
 * connection that is up but cannot publish or consume is not healthy).
 * It builds the same result a `HealthIndicatorService` session does, without loading terminus at run time
 * (terminus' barrel cannot be compiled by Jest's babel step; see docs/notes/issue-5.md).
 */
@Injectable()
export class MessagingHealthIndicator {
  constructor(@InjectMessagingRuntime() private readonly runtime: MessagingRuntime) {}

  isHealthy<const Key extends string = 'rabbitmq'>(key: Key = 'rabbitmq' as Key): HealthIndicatorResult<Key> {
    const s = this.runtime.connection.current;
    const status: HealthIndicatorStatus =
      !s.connected || !s.channelsUsable ? 'down' : s.blocked ? 'degraded' : 'up';
    return {
      [key]: {
        status,
        connected: s.connected,
        blocked: s.blocked,
        ...(s.unusableChannels.length > 0 ? { unusableChannels: [...s.unusableChannels] } : {}),
        ...(s.blockedReason ? { blockedReason: s.blockedReason } : {}),
        ...(s.lastError ? { lastError: s.lastError } : {}),
      },
    } as unknown as HealthIndicatorResult<Key>;
  }
}
