import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { MessagingHealthIndicator } from '@switchyard/messaging';
import { OutboxHealthIndicator } from '@switchyard/outbox';
import type { Response } from 'express';
import { API_DATABASE, DEFAULT_HEALTH_PING_TIMEOUT_MS } from '../api.constants';
import type { ApiDatabase } from '../core/api-core.module';
import { HealthResultDto } from './dto/health-result.dto';
import { pingMongo } from './mongo-ping';

/**
 * `GET /health`: the database ping, the broker connection and the outbox relay, in @nestjs/terminus'
 * response shape; 200 when every one is `up`, 503 otherwise. Built from the indicators' results directly
 * because terminus' `HealthCheckService` cannot be loaded under Jest (see docs/notes/api.md).
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(API_DATABASE) private readonly database: ApiDatabase,
    private readonly messaging: MessagingHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The database, the broker and the outbox relay' })
  @ApiResponse({ status: 200, description: 'every indicator is up', type: HealthResultDto })
  @ApiResponse({ status: 503, description: 'an indicator is down (same body)', type: HealthResultDto })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    const results = await Promise.all([
      pingMongo(this.database.db, 'mongodb', DEFAULT_HEALTH_PING_TIMEOUT_MS),
      Promise.resolve(this.messaging.isHealthy('rabbitmq')),
      this.outbox.isHealthy('outbox').catch((err: unknown): HealthIndicatorResult<'outbox'> => ({
        outbox: { status: 'down', message: err instanceof Error ? err.message : String(err) },
      })),
    ]);
    const details: HealthIndicatorResult = Object.assign({}, ...results);
    const info: HealthIndicatorResult = {};
    const error: HealthIndicatorResult = {};
    for (const [key, value] of Object.entries(details)) {
      (value.status === 'up' ? info : error)[key] = value;
    }
    const ok = Object.keys(error).length === 0;
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', info, error, details };
  }
}
